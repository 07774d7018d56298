#include "engine/workflow/workflow_definition.hpp"

#include <algorithm>

namespace timescales {

std::optional<std::size_t> WorkflowDefinition::state_index(std::string_view id) const {
  for (std::size_t i = 0; i < states.size(); ++i)
    if (states[i].id == id) return i;
  return std::nullopt;
}

const EventDefinition* WorkflowDefinition::event(std::string_view id) const {
  for (const auto& e : events)
    if (e.id == id) return &e;
  return nullptr;
}

const TimerDefinition* WorkflowDefinition::timer(std::string_view id) const {
  for (const auto& t : timers)
    if (t.id == id) return &t;
  return nullptr;
}

bool WorkflowDefinition::allowed_in_any_state(std::string_view event) const {
  return std::find(any_state_events.begin(), any_state_events.end(), event) !=
         any_state_events.end();
}

std::optional<std::size_t> WorkflowDefinition::next_state(std::size_t state,
                                                          std::string_view event) const {
  if (state >= boost::num_vertices(graph)) return std::nullopt;
  for (auto [e, end] = boost::out_edges(state, graph); e != end; ++e)
    if (graph[*e].event == event) return boost::target(*e, graph);
  if (allowed_in_any_state(event)) return state;
  return std::nullopt;
}

std::vector<std::string> WorkflowDefinition::events_allowed_in(std::size_t state) const {
  std::vector<std::string> out;
  if (state >= boost::num_vertices(graph)) return out;
  for (auto [e, end] = boost::out_edges(state, graph); e != end; ++e)
    if (std::find(out.begin(), out.end(), graph[*e].event) == out.end())
      out.push_back(graph[*e].event);
  for (const auto& e : any_state_events) out.push_back(e);
  return out;
}

}  // namespace timescales
