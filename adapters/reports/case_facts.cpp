#include "adapters/reports/case_facts.hpp"

namespace timescales::reports {
namespace {

const WorkflowDefinition* definition_for(const CaseAssessment& a, const WorkflowLibrary& workflows) {
  const Evaluation& e = a.evaluation;
  const std::string& id = e.workflow.empty() ? a.case_data.workflow : e.workflow;
  if (!e.workflow_version.empty())
    if (const WorkflowDefinition* d = workflows.find(id, e.workflow_version)) return d;
  auto chosen = workflows.for_case(a.case_data);
  return chosen ? chosen->definition : nullptr;
}

}  // namespace

bool is_open(const CaseAssessment& a, const WorkflowLibrary& workflows) {
  const WorkflowDefinition* d = definition_for(a, workflows);
  if (!d || a.evaluation.state.empty()) return false;
  const auto index = d->state_index(a.evaluation.state);
  return index && !d->states[*index].final;
}

const TimerResult* find_timer(const Evaluation& e, std::string_view id) {
  for (const auto& t : e.timers)
    if (t.id == id) return &t;
  return nullptr;
}

const CaseEvent* first_event(const Case& c, std::string_view type, Date as_of) {
  const CaseEvent* found = nullptr;
  for (const auto& e : c.events) {
    if (e.type != type || e.date > as_of) continue;
    if (!found || e.date < found->date || (e.date == found->date && e.sequence < found->sequence)) found = &e;
  }
  return found;
}

const CaseEvent* last_event(const Case& c, std::string_view type, Date as_of) {
  const CaseEvent* found = nullptr;
  for (const auto& e : c.events) {
    if (e.type != type || e.date > as_of) continue;
    if (!found || e.date > found->date || (e.date == found->date && e.sequence >= found->sequence)) found = &e;
  }
  return found;
}

int count_events(const Case& c, std::string_view type, Date as_of) {
  int n = 0;
  for (const auto& e : c.events)
    if (e.type == type && e.date <= as_of) ++n;
  return n;
}

std::string attribute_or(const Case& c, const std::string& key, std::string_view fallback) {
  auto it = c.attributes.find(key);
  return it == c.attributes.end() || it->second.empty() ? std::string(fallback) : it->second;
}

std::string team_of(const Case& c) { return attribute_or(c, "team", kNoTeam); }

}  // namespace timescales::reports
