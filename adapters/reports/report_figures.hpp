// Every figure of the managers' compliance report and the SEND team's tracking view, computed in
// one pass over the night's assessed cases. This is what the nightly run calls; rendering
// (report_html.hpp, report_tables.hpp) and writing (report_files.hpp) take the result.
//
// Thread-safety: pure function over const inputs; safe from any thread.
#pragma once

#include <vector>

#include "adapters/reports/compliance_figures.hpp"
#include "adapters/reports/ehcp_timeliness.hpp"
#include "adapters/reports/ehcp_tracking.hpp"
#include "adapters/reports/performance_measures.hpp"
#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/rules/case_assessment.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales::reports {

struct ReportFigures {
  Date as_of{};
  std::vector<PerformanceRow> performance;
  OpenCaseFigures open_cases;
  ComplaintsFigures complaints;
  EhcpTimeliness ehcp;
  std::vector<AdmissionsStep> admissions;
  std::vector<DelayReasonCount> delay_reasons;
  EhcpTracking tracking;
  // Everything that could not be counted, and why (from each part), so totals can be trusted.
  std::vector<std::string> notes;
};

// `calendars.working` must be the England and Wales calendar (complaints count its working days).
ReportFigures compute_report_figures(const std::vector<CaseAssessment>& cases, Date as_of,
                                     const WorkflowLibrary& workflows, const CalendarContext& calendars,
                                     const MeasureSet& measures, const TrackingOptions& tracking = {});

}  // namespace timescales::reports
