#include "adapters/reports/report_figures.hpp"

namespace timescales::reports {

ReportFiguresBuilder::ReportFiguresBuilder(Date as_of, const WorkflowLibrary& workflows,
                                           const CalendarContext& calendars,
                                           const outputs::OutputDeclarations& declared, const MeasureSet& measures)
    : as_of_(as_of),
      open_cases_(workflows, declared.open_cases),
      complaints_(declared.complaints),
      ehcp_(as_of, declared.plans),
      admissions_(declared.admissions),
      delay_reasons_(as_of, declared),
      tracking_(as_of, workflows, calendars, declared),
      performance_(measures, as_of) {}

void ReportFiguresBuilder::add(const CaseAssessment& a) {
  open_cases_.add(a);
  complaints_.add(a);
  ehcp_.add(a);
  admissions_.add(a);
  delay_reasons_.add(a);
  tracking_.add(a);
  performance_.add(a);
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
  f.performance = std::move(performance_).finish();
  for (const auto* notes : {&f.complaints.notes, &f.ehcp.notes, &f.tracking.notes})
    f.notes.insert(f.notes.end(), notes->begin(), notes->end());
  return f;
}

ReportFigures compute_report_figures(const std::vector<CaseAssessment>& cases, Date as_of,
                                     const WorkflowLibrary& workflows, const CalendarContext& calendars,
                                     const outputs::OutputDeclarations& declared, const MeasureSet& measures) {
  ReportFiguresBuilder builder(as_of, workflows, calendars, declared, measures);
  for (const auto& a : cases) builder.add(a);
  return builder.finish();
}

}  // namespace timescales::reports
