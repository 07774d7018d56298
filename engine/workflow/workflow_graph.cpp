#include "engine/workflow/workflow_graph.hpp"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace timescales {
namespace {

// Marks every vertex a breadth-first search discovers.
template <class Graph>
std::vector<bool> reachable_from(const Graph& g, const std::vector<std::size_t>& sources) {
  const std::size_t n = boost::num_vertices(g);
  std::vector<bool> seen(n, false);
  for (std::size_t s : sources) {
    if (seen[s]) continue;
    std::vector<boost::default_color_type> colour(n, boost::white_color);
    struct Recorder : boost::default_bfs_visitor {
      std::vector<bool>* seen;
      void discover_vertex(typename boost::graph_traits<Graph>::vertex_descriptor v, const Graph&) {
        (*seen)[v] = true;
      }
    } recorder;
    recorder.seen = &seen;
    boost::breadth_first_search(
        g, s,
        boost::visitor(recorder).color_map(boost::make_iterator_property_map(
            colour.begin(), boost::get(boost::vertex_index, g))));
  }
  return seen;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

void build_workflow_graph(WorkflowDefinition& d, std::vector<Error>& errors) {
  d.index_names();  // last thing built: from here on the definition's lookups only read
  d.graph = WorkflowGraph(d.states.size());
  std::vector<std::size_t> starts, finals;
  for (std::size_t i = 0; i < d.states.size(); ++i) {
    d.graph[i].id = d.states[i].id;
    if (d.states[i].start) starts.push_back(i);
    if (d.states[i].final) finals.push_back(i);
  }
  const SourcePosition top{d.file, 1, 1};
  if (starts.empty()) errors.push_back(Error::at(top, "no state is marked start = true"));
  for (std::size_t k = 1; k < starts.size(); ++k)
    errors.push_back(Error::at(d.states[starts[k]].where,
                               "a second start state '" + d.states[starts[k]].id +
                                   "': a workflow has exactly one ('" + d.states[starts[0]].id +
                                   "' is already the start)"));
  if (finals.empty()) errors.push_back(Error::at(top, "no state is marked final = true"));
  if (!starts.empty()) d.start_state = starts[0];

  // (state, event) -> where it was first defined, to refuse one event leading two ways.
  std::map<std::pair<std::size_t, std::string>, std::size_t> seen;
  d.any_state_events.clear();
  for (const auto& t : d.transitions) {
    if (t.any_state) {
      d.any_state_events.push_back(t.event);
      continue;
    }
    const auto named_to = t.to.empty() ? std::nullopt : d.state_index(t.to);
    if (!t.to.empty() && !named_to) continue;  // reported by the parser
    std::vector<std::size_t> from;
    if (t.from_every_open_state) {
      for (std::size_t i = 0; i < d.states.size(); ++i)
        if (!d.states[i].final) from.push_back(i);
    } else {
      for (const auto& f : t.from)
        if (auto i = d.state_index(f)) from.push_back(*i);
    }
    for (std::size_t f : from) {
      const std::size_t to = named_to ? *named_to : f;
      auto [it, fresh] = seen.emplace(std::make_pair(f, t.event), to);
      if (!fresh) {
        if (it->second != to)
          errors.push_back(Error::at(t.where, "event '" + t.event + "' in state '" +
                                                  d.states[f].id + "' already leads to '" +
                                                  d.states[it->second].id + "', not '" + d.states[to].id + "'"));
        continue;
      }
      boost::add_edge(f, to, TransitionEdge{t.event}, d.graph);
    }
  }
  std::set<std::string_view> used;  // a set, not a search of the transitions per event: linear loading
  for (const auto& t : d.transitions) used.insert(t.event);
  for (const auto& e : d.events) {
    if (!used.count(e.id))
      errors.push_back(Error::at(e.where, "event '" + e.id +
                                              "' is declared but no [[transition]] allows it"));
  }
  if (starts.empty() || finals.empty()) return;

  const auto forward = reachable_from(d.graph, {d.start_state});
  for (std::size_t i = 0; i < d.states.size(); ++i)
    if (!forward[i])
      errors.push_back(Error::at(d.states[i].where, "state '" + d.states[i].id +
                                                        "' cannot be reached from the start state '" +
                                                        d.states[d.start_state].id + "'"));

  const auto backward = reachable_from(boost::make_reverse_graph(d.graph), finals);
  std::vector<std::string> final_ids;
  for (std::size_t f : finals) final_ids.push_back(d.states[f].id);
  for (std::size_t i = 0; i < d.states.size(); ++i)
    if (!backward[i])
      errors.push_back(Error::at(d.states[i].where,
                                 "state '" + d.states[i].id +
                                     "' is a dead end: no path from it reaches a final state (" +
                                     joined(final_ids) + ")"));
}

std::string workflow_to_dot(const WorkflowDefinition& d) {
  std::string out = "digraph \"" + d.id + "\" {\n  label=\"" + d.id + " " + d.version +
                    "\";\n  rankdir=LR;\n  node [shape=box, style=rounded];\n";
  for (std::size_t i = 0; i < d.states.size(); ++i) {
    const auto& s = d.states[i];
    out += "  \"" + s.id + "\"";
    if (s.final) out += " [peripheries=2]";
    if (s.start) out += " [style=\"rounded,bold\"]";
    out += ";\n";
  }
  for (auto [e, end] = boost::edges(d.graph); e != end; ++e)
    out += "  \"" + d.graph[boost::source(*e, d.graph)].id + "\" -> \"" +
           d.graph[boost::target(*e, d.graph)].id + "\" [label=\"" + d.graph[*e].event + "\"];\n";
  if (!d.any_state_events.empty())
    out += "  any_state [shape=note, label=\"in any state: " + joined(d.any_state_events) +
           "\"];\n";
  return out + "}\n";
}

std::string workflow_to_mermaid(const WorkflowDefinition& d) {
  // Mermaid state ids may not contain '-', and "end" is reserved.
  auto name = [](std::string id) {
    std::replace(id.begin(), id.end(), '-', '_');
    return id == "end" ? std::string("end_") : id;
  };
  std::string out = "stateDiagram-v2\n";
  out += "  [*] --> " + name(d.states[d.start_state].id) + "\n";
  for (auto [e, end] = boost::edges(d.graph); e != end; ++e)
    out += "  " + name(d.graph[boost::source(*e, d.graph)].id) + " --> " +
           name(d.graph[boost::target(*e, d.graph)].id) + " : " + d.graph[*e].event + "\n";
  for (const auto& s : d.states)
    if (s.final) out += "  " + name(s.id) + " --> [*]\n";
  if (!d.any_state_events.empty())
    out += "  note right of " + name(d.states[d.start_state].id) +
           " : in any state: " + joined(d.any_state_events) + "\n";
  return out;
}

}  // namespace timescales
