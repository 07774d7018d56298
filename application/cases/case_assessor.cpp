#include "application/cases/case_assessor.hpp"


namespace timescales {

CaseAssessor::CaseAssessor(CaseStore& store, const WorkflowLibrary& workflows, const rules::RuleSet& rules,
                           CalendarSource& calendars, std::shared_ptr<const SchoolCalendar> default_school)
    : store_(store), workflows_(workflows), rules_(rules), calendars_(calendars),
      default_school_(std::move(default_school)) {}

Result<CaseCalendars> CaseAssessor::calendars_for(const Case& c) {
  const WorkflowDefinition* definition = nullptr;
  if (auto choice = workflows_.for_case(c)) definition = choice->definition;
  return calendars_for_case(c, definition, calendars_, default_school_);
}

Result<CaseAssessment> CaseAssessor::assess(Case c, Date as_of, Timeline timeline) {
  auto calendars = calendars_for(c);
  if (!calendars) return calendars.error();
  return assess_case(workflows_, rules_, std::move(c), as_of, {calendars->working.get(), calendars->school.get()},
                     timeline);
}

Result<StoredCaseView> CaseAssessor::view(const std::string& case_id, Date as_of, Timeline timeline) {
  // One read unit: the record, the history and the case assessed agree with one another.
  std::unique_ptr<UnitOfWork> unit;
  if (!store_.in_unit_of_work()) {
    auto begun = store_.begin(CaseStore::Work::read);
    if (!begun) return begun.error();
    unit = std::move(*begun);
  }
  auto record = store_.find_case(case_id);
  if (!record) return record.error();
  if (!*record) return Error{ErrorKind::not_found, "no case '" + case_id + "' in " + store_.location()}.about("case");
  auto loaded = store_.load_case(case_id);
  if (!loaded) return loaded.error();
  auto history = store_.event_history(case_id);
  if (!history) return history.error();
  auto rejected = store_.rejected_rows({case_id});
  if (!rejected) return rejected.error();
  if (unit)
    if (auto ended = unit->commit(); !ended) return ended.error();
  auto assessed = assess(std::move(**loaded), as_of, timeline);
  if (!assessed) return assessed.error();
  StoredCaseView view{std::move(**record), std::move(*history), std::move(*assessed), std::nullopt};
  if (!rejected->empty()) view.rejected = std::move(rejected->front());
  return view;
}

}  // namespace timescales
