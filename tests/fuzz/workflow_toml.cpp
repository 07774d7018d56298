// Workflow definitions (workflows/*.toml): load, and for one that loads, draw it and walk it.
#include "engine/workflow/workflow_graph.hpp"
#include "engine/workflow/workflow_toml.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace timescales;
  const auto load = load_workflow(fuzz::text_of(data, size), "fuzz.toml");
  FUZZ_CHECK(load.definition.has_value() == load.errors.empty());
  if (!load.definition) return 0;
  const WorkflowDefinition& w = *load.definition;
  (void)workflow_to_dot(w);
  (void)workflow_to_mermaid(w);
  for (std::size_t s = 0; s < w.states.size(); ++s)
    for (const auto& e : w.events_allowed_in(s)) FUZZ_CHECK(w.next_state(s, e).has_value());
  for (const auto& s : w.states) FUZZ_CHECK(w.state_index(s.id).has_value());
  return 0;
}
