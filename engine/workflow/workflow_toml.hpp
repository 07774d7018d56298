// Workflow definitions as TOML (workflows/*.toml), parsed from text the adapters hand in.
//
// A definition is refused unless it is sound: every state reachable from the start, every state
// that is not final able to reach one, every event, state and timer named exactly once and every
// reference resolved, and every timer citing the regulation it comes from. Each problem is an
// Error at file:line:column, so `timescales check` can list them all at once.
//
// Layout (see workflows/complaints-statutory.toml for a full example):
//   [workflow]     id, version, title, source, in_force_from, in_force_to, calendar, school_days
//   [[state]]      id, description, start, final
//   [[event]]      id, description, reasons, reason_required
//   [[transition]] event, from (state ids, or "*" for every state that is not final), to;
//                  or any_state = true (allowed everywhere, the case stays where it is)
//   [[timer]]      id, kind, source, start, stop, limit, convention, restart, pause, resume,
//                  exempt, exempt_end, exempt_reasons, cancel, count_from_attribute,
//                  stop_attribute, disapplied, lapses, attributes_optional, configurable,
//                  [timer.extension] on/limit/maximum, [[timer.due_date]], [[timer.window_opens]]
//                  (when, year_attribute, year_offset, month, day), [[timer.variant]]
//                  (when, limit, count_from_attribute)
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/workflow/workflow_definition.hpp"

namespace timescales {

struct WorkflowLoad {
  std::optional<WorkflowDefinition> definition;  // present only when `errors` is empty
  std::vector<Error> errors;                     // in file order where possible
};

// Every problem in the definition, not just the first.
WorkflowLoad load_workflow(std::string_view text, const std::string& file);

// The definition, or its first problem.
Result<WorkflowDefinition> parse_workflow(std::string_view text, const std::string& file);

}  // namespace timescales
