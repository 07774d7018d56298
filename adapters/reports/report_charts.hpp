// The two charts a manager would rather look at than read: EHC plans issued by month, within and
// after 20 weeks (with the month's % within on top), and open assessments by week of the 20
// (with the 6-, 16- and 20-week milestones marked).
//
// Thread-safety: pure functions.
#pragma once

#include "adapters/reports/report_figures.hpp"
#include "adapters/reports/svg_charts.hpp"

namespace timescales::reports {

BarChart timeliness_by_month_chart(const ReportFigures& f);
BarChart assessments_by_week_chart(const ReportFigures& f);

}  // namespace timescales::reports
