#include "adapters/reports/report_figures.hpp"

namespace timescales::reports {

ReportFiguresBuilder::ReportFiguresBuilder(Date as_of, const WorkflowLibrary& workflows,
                                           const CalendarContext& calendars, const MeasureSet& measures,
                                           TrackingOptions tracking)
    : as_of_(as_of),
      calendars_(calendars),
      measures_(measures),
      open_cases_(workflows),
      complaints_(as_of, calendars),
      ehcp_(as_of, calendars, tracking.local),
      delay_reasons_(as_of),
      tracking_(as_of, workflows, calendars, tracking) {}

void ReportFiguresBuilder::add(const CaseAssessment& a) {
  open_cases_.add(a);
  complaints_.add(a);
  ehcp_.add(a);
  admissions_.add(a);
  delay_reasons_.add(a);
  tracking_.add(a);
}

ReportFigures ReportFiguresBuilder::finish() {
  ReportFigures f;
  f.as_of = as_of_;
  f.open_cases = std::move(open_cases_).finish();
  f.complaints = std::move(complaints_).finish();
  f.ehcp = std::move(ehcp_).finish();
  f.admissions = std::move(admissions_).finish();
  // Late plans are counted from the finished list; complaints' extensions were counted case by case.
  delay_reasons_.add_plans(f.ehcp.plans);
  f.delay_reasons = std::move(delay_reasons_).finish();
  f.tracking = std::move(tracking_).finish();
  f.performance = compute_performance(measures_, f.ehcp, f.complaints, as_of_, calendars_);
  for (const auto* notes : {&f.complaints.notes, &f.ehcp.notes, &f.tracking.notes})
    f.notes.insert(f.notes.end(), notes->begin(), notes->end());
  return f;
}

ReportFigures compute_report_figures(const std::vector<CaseAssessment>& cases, Date as_of,
                                     const WorkflowLibrary& workflows, const CalendarContext& calendars,
                                     const MeasureSet& measures, const TrackingOptions& tracking) {
  ReportFiguresBuilder builder(as_of, workflows, calendars, measures, tracking);
  for (const auto& a : cases) builder.add(a);
  return builder.finish();
}

}  // namespace timescales::reports
