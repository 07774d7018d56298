#include "engine/workflow/workflow_definition.hpp"

#include <algorithm>

namespace timescales {

namespace {

// Indexes the entries appended since the last call; starts again if the entry an index points
// at no longer has that id (the vector was replaced) or the vector is shorter than it covered.
template <class T>
void catch_up(const std::vector<T>& items, WorkflowDefinition::NameIndex& index) {
  if (index.covered > items.size()) index = {};
  for (; index.covered < items.size(); ++index.covered)
    index.positions.emplace(items[index.covered].id, index.covered);  // emplace keeps the first
}

template <class T>
std::optional<std::size_t> position(const std::vector<T>& items, WorkflowDefinition::NameIndex& index,
                                    std::string_view id) {
  catch_up(items, index);
  auto it = index.positions.find(id);
  if (it != index.positions.end() && (it->second >= items.size() || items[it->second].id != id)) {
    index = {};
    catch_up(items, index);
    it = index.positions.find(id);
  }
  if (it == index.positions.end()) return std::nullopt;
  return it->second;
}

}  // namespace

void WorkflowDefinition::index_names() const {
  catch_up(states, state_ids_);
  catch_up(events, event_ids_);
  catch_up(timers, timer_ids_);
}

std::optional<std::size_t> WorkflowDefinition::state_index(std::string_view id) const {
  return position(states, state_ids_, id);
}

const EventDefinition* WorkflowDefinition::event(std::string_view id) const {
  const auto i = position(events, event_ids_, id);
  return i ? &events[*i] : nullptr;
}

const TimerDefinition* WorkflowDefinition::timer(std::string_view id) const {
  const auto i = position(timers, timer_ids_, id);
  return i ? &timers[*i] : nullptr;
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
