#include "adapters/nightly/stored_cases.hpp"

namespace timescales::nightly {

Result<StoreRunSetup> open_store_run(const std::filesystem::path& data_dir, const std::filesystem::path& db,
                                     const std::optional<std::filesystem::path>& school_calendar) {
  auto data = load_engine_data(data_dir);
  if (!data) return data.error();
  CalendarFiles calendars(data_dir);
  std::shared_ptr<const SchoolCalendar> school;
  if (school_calendar) {
    auto loaded = calendars.school(*school_calendar);
    if (!loaded) return loaded.error();
    school = *loaded;
  }
  auto store = CaseStore::open(db, CaseStore::OpenMode::must_exist);
  if (!store) return store.error();
  return StoreRunSetup{std::move(*data), std::move(calendars), std::move(school), std::move(*store)};
}

Result<StoredCaseAssessments> assess_stored_cases(CaseStore& store, const EngineData& data, CalendarFiles& calendars,
                                                  const SchoolCalendar* school, Date as_of,
                                                  const std::function<void(size_t, size_t)>& progress) {
  auto summaries = store.list_cases(CaseStore::Which::all);
  if (!summaries) return summaries.error();
  StoredCaseAssessments out;
  out.cases.reserve(summaries->size());
  for (size_t i = 0; i < summaries->size(); ++i) {
    const auto& summary = (*summaries)[i];
    auto c = store.load_case(summary.id);
    if (!c) return c.error();
    if (!*c) continue;
    const WorkflowDefinition* definition = nullptr;
    if (auto choice = data.workflows.for_case(**c)) definition = choice->definition;
    auto division = calendars.division(definition ? definition->calendar : "england-and-wales");
    if (!division) return division.error();
    CaseAssessment a = assess_case(data.workflows, data.rules, std::move(**c), as_of, {division->get(), school});
    bool closed = false;
    if (definition)
      if (auto state = definition->state_index(a.evaluation.state)) closed = definition->states[*state].final;
    out.cases.push_back(std::move(a));
    out.closed.push_back(closed);
    out.stored_closed.push_back(summary.closed);
    if (progress && (i % 1000 == 0 || i + 1 == summaries->size())) progress(i + 1, summaries->size());
  }
  return out;
}

}  // namespace timescales::nightly
