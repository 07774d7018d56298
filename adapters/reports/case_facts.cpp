#include "adapters/reports/case_facts.hpp"

namespace timescales::reports {
namespace {

const std::string& workflow_of(const CaseAssessment& a) {
  return a.evaluation.workflow.empty() ? a.case_data.workflow : a.evaluation.workflow;
}

// For a case whose evaluation names no version the library has: the version it would follow.
const WorkflowDefinition* chosen_for(const CaseAssessment& a, const WorkflowLibrary& workflows) {
  auto chosen = workflows.for_case(a.case_data);
  return chosen ? chosen->definition : nullptr;
}

bool open_in(const WorkflowDefinition* d, const Evaluation& e) {
  if (!d || e.state.empty()) return false;
  const auto index = d->state_index(e.state);
  return index && !d->states[*index].final;
}

}  // namespace

bool is_open(const CaseAssessment& a, const WorkflowLibrary& workflows) {
  const Evaluation& e = a.evaluation;
  const WorkflowDefinition* d =
      e.workflow_version.empty() ? nullptr : workflows.find(workflow_of(a), e.workflow_version);
  return open_in(d ? d : chosen_for(a, workflows), e);
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

std::string team_of(const Case& c) { return std::string(team_view(c)); }

std::string_view team_view(const Case& c) {
  auto it = c.attributes.find("team");
  return it == c.attributes.end() || it->second.empty() ? kNoTeam : std::string_view(it->second);
}

}  // namespace timescales::reports
