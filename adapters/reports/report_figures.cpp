#include "adapters/reports/report_figures.hpp"

namespace timescales::reports {

ReportFigures compute_report_figures(const std::vector<CaseAssessment>& cases, Date as_of,
                                     const WorkflowLibrary& workflows, const CalendarContext& calendars,
                                     const MeasureSet& measures, const TrackingOptions& tracking) {
  ReportFigures f;
  f.as_of = as_of;
  f.open_cases = compute_open_cases(cases, workflows);
  f.complaints = compute_complaints(cases, as_of, calendars);
  f.ehcp = compute_ehcp_timeliness(cases, as_of, calendars, tracking.local);
  f.admissions = compute_admissions_cycle(cases);
  f.delay_reasons = compute_delay_reasons(f.ehcp.plans, cases, as_of);
  f.tracking = compute_ehcp_tracking(cases, as_of, workflows, calendars, tracking);
  f.performance = compute_performance(measures, f.ehcp, f.complaints, as_of, calendars);
  for (const auto* notes : {&f.complaints.notes, &f.ehcp.notes, &f.tracking.notes})
    f.notes.insert(f.notes.end(), notes->begin(), notes->end());
  return f;
}

}  // namespace timescales::reports
