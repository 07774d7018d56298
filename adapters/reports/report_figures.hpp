// Every figure of the managers' compliance report and the SEND team's tracking view, computed in
// one pass over the night's assessed cases, each part reading what rules/outputs.toml and
// rules/measures.toml declare for it. This is what the nightly run calls; rendering
// (report_html.hpp, report_tables.hpp) and writing (report_files.hpp) take the result.
//
// Thread-safety: compute_report_figures is pure over const inputs; safe from any thread.
// ReportFiguresBuilder is not thread-safe: one thread adds.
#pragma once

#include <string>
#include <vector>

#include "adapters/outputs/output_declarations.hpp"
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

// Builds ReportFigures from assessed cases given one at a time (in store order), so a run over a
// million cases need not hold them all: it keeps only the lines the reports list (cases overdue
// or at risk, Stage 1 responses, issued plans, open assessments, ...) and counts, and nothing
// that refers to a case once add() returns. The same figures as compute_report_figures over the
// same cases in the same order.
//
// Holds a reference to `workflows`, which must outlive it. Copies `calendars` (two pointers: the
// calendars themselves must outlive it), the declared sections and `measures`, so a
// CalendarContext made on the spot (CalendarFiles, Engine::calendars()) can be passed. The
// calendars count the tracking's weeks and days to a deadline; no figure counts working days.
// finish() once, after the last add.
class ReportFiguresBuilder {
 public:
  ReportFiguresBuilder(Date as_of, const WorkflowLibrary& workflows, const CalendarContext& calendars,
                       const outputs::OutputDeclarations& declared, const MeasureSet& measures);

  void add(const CaseAssessment& a);
  ReportFigures finish();

 private:
  Date as_of_;
  OpenCasesTally open_cases_;
  ComplaintsTally complaints_;
  EhcpTimelinessTally ehcp_;
  AdmissionsCycleTally admissions_;
  DelayReasonsTally delay_reasons_;
  EhcpTrackingTally tracking_;
  PerformanceTally performance_;
};

ReportFigures compute_report_figures(const std::vector<CaseAssessment>& cases, Date as_of,
                                     const WorkflowLibrary& workflows, const CalendarContext& calendars,
                                     const outputs::OutputDeclarations& declared, const MeasureSet& measures);

}  // namespace timescales::reports
