// One version of a statutory process as a state machine: states, the events that move a case
// between them, and the clocks those events start and stop.
//
// States are the vertices and transitions the edges (labelled by event) of a Boost.Graph
// adjacency_list, so load-time checks (reachability, dead ends) and rendering are graph
// algorithms, not hand-written walks. Events allowed in any state without moving the case
// (`ombudsman_referred`, `exception_started`) are kept aside rather than drawn on every vertex.
//
// Built only by parse_workflow (workflow_toml.hpp), which validates it; a WorkflowDefinition that
// exists is well formed.
//
// Thread-safety: immutable once built; safe to share const between threads.
#pragma once

#include <boost/graph/adjacency_list.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar/date.hpp"
#include "engine/core/result.hpp"
#include "engine/workflow/timer_definition.hpp"

namespace timescales {

struct StateDefinition {
  std::string id;
  std::string description;
  bool start = false;
  bool final = false;
  SourcePosition where;
};

struct EventDefinition {
  std::string id;
  std::string description;
  std::vector<std::string> reasons;  // when non-empty, the only reasons the event may carry
  bool reason_required = false;
  SourcePosition where;
};

struct TransitionDefinition {
  std::string event;
  std::vector<std::string> from;  // state ids
  bool from_every_open_state = false;  // from = "*": every state that is not final
  bool any_state = false;              // allowed everywhere; the case stays where it is
  std::string to;                      // empty: the case stays in the state it is in
  SourcePosition where;
};

struct StateVertex {
  std::string id;
};
struct TransitionEdge {
  std::string event;
};
using WorkflowGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                            StateVertex, TransitionEdge>;

struct WorkflowDefinition {
  std::string id;       // "complaints-statutory"
  std::string version;  // "2006"
  std::string title;
  std::string source;   // the Act or Regulations
  Date in_force_from{};
  std::optional<Date> in_force_to;  // last day in force, inclusive
  std::string calendar = "england-and-wales";
  bool school_days = false;  // some clocks count school days: a school calendar is needed
  std::string file;          // where it was loaded from, for messages

  std::vector<StateDefinition> states;  // index == graph vertex
  std::vector<EventDefinition> events;
  std::vector<TransitionDefinition> transitions;
  std::vector<TimerDefinition> timers;
  std::vector<std::string> any_state_events;
  WorkflowGraph graph;
  std::size_t start_state = 0;

  // Brings the indexes behind state_index, event and timer up to date with the vectors;
  // build_workflow_graph calls it last, after which lookups only read (see NameIndex).
  void index_names() const;

  bool in_force_on(Date d) const {
    return d >= in_force_from && (!in_force_to || d <= *in_force_to);
  }
  std::optional<std::size_t> state_index(std::string_view id) const;
  const EventDefinition* event(std::string_view id) const;
  const TimerDefinition* timer(std::string_view id) const;
  bool allowed_in_any_state(std::string_view event) const;
  // The state `event` moves a case in `state` to, or nullopt when the workflow does not allow
  // it there. An any-state event leaves the case where it is.
  std::optional<std::size_t> next_state(std::size_t state, std::string_view event) const;
  // The events allowed in `state`, in definition order (for messages).
  std::vector<std::string> events_allowed_in(std::size_t state) const;

  // Position by id of the states, events or timers, so a lookup is O(log n) and loading a workflow
  // is not quadratic in its size (issue 18: a linear lookup per transition made 100,000 states take
  // minutes). The parser appends to the vectors while it asks about what it has read so far, so an
  // index catches up with the entries appended since it last looked (`covered`), keeping the first
  // of two equal ids as a linear search would; it starts again if its vector was replaced or cut.
  // Catching up writes, so a definition shared between threads must be indexed first: it is, by
  // build_workflow_graph, and nothing appends to a finished definition.
  struct NameIndex {
    std::map<std::string, std::size_t, std::less<>> positions;
    std::size_t covered = 0;
  };
  mutable NameIndex state_ids_, event_ids_, timer_ids_;
};

}  // namespace timescales
