#include "adapters/nightly/stored_cases.hpp"

namespace timescales::nightly {

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
