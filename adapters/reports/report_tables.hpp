// The report's figures as tables, in the words and layout the council's papers use
// (users-and-reports.md). The HTML report and the CSV files are both made from these, so a
// figure in the PDF a councillor reads and in the spreadsheet an officer checks is the same.
//
// Only case ids, teams, cohorts, dates and statuses appear: no names, no notes. Each table's
// `file` is its CSV name (without ".csv").
//
// Thread-safety: pure functions.
#pragma once

#include <vector>

#include "adapters/reports/report_figures.hpp"
#include "adapters/reports/report_table.hpp"

namespace timescales::reports {

Table performance_table(const ReportFigures& f);      // performance.csv
Table open_cases_by_team_table(const ReportFigures& f);  // open-cases-by-team.csv
Table open_cases_list_table(const ReportFigures& f);  // open-cases-overdue-at-risk.csv
Table complaints_stage1_table(const ReportFigures& f);   // complaints-stage1.csv
Table complaints_stage2_3_table(const ReportFigures& f); // complaints-stage2-3.csv
Table ehcp_by_calendar_year_table(const ReportFigures& f);  // ehcp-timeliness-calendar-year.csv
Table ehcp_by_quarter_table(const ReportFigures& f);        // ehcp-timeliness-quarter.csv
Table ehcp_by_month_table(const ReportFigures& f);          // ehcp-timeliness-month.csv
Table ehcp_academic_year_table(const ReportFigures& f);     // ehcp-timeliness-academic-year.csv
Table ehcp_local_target_table(const ReportFigures& f);      // ehcp-local-target.csv
Table delay_reasons_table(const ReportFigures& f);          // delay-reasons.csv
Table admissions_cycle_table(const ReportFigures& f);       // admissions-cycle.csv
Table tracking_assessments_table(const ReportFigures& f);   // ehcp-tracking-assessments.csv
Table tracking_weeks_table(const ReportFigures& f);         // ehcp-tracking-by-week.csv
Table tracking_annual_reviews_table(const ReportFigures& f);   // ehcp-tracking-annual-reviews.csv
Table tracking_phase_transfers_table(const ReportFigures& f);  // ehcp-tracking-phase-transfers.csv

// In report order.
std::vector<Table> compliance_tables(const ReportFigures& f);
std::vector<Table> tracking_tables(const ReportFigures& f);

}  // namespace timescales::reports
