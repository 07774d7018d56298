// The graph checks a workflow must pass before any case is evaluated under it, and its pictures.
//
// build_workflow_graph turns states and transitions into the Boost.Graph graph and reports, with
// breadth-first searches forwards from the start and backwards from the final states, every
// state a case could never reach and every dead end a case could never leave.
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/workflow/workflow_definition.hpp"

namespace timescales {

// Fills definition.graph, start_state and any_state_events from states and transitions, which
// must already name only declared states and events. Appends every problem to `errors`.
void build_workflow_graph(WorkflowDefinition& definition, std::vector<Error>& errors);

// Graphviz DOT and Mermaid (stateDiagram-v2) renderings, for the README's pictures.
std::string workflow_to_dot(const WorkflowDefinition& definition);
std::string workflow_to_mermaid(const WorkflowDefinition& definition);

}  // namespace timescales
