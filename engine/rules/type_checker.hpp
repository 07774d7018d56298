// Checking a parsed rule expression before it can ever run: every name resolved (timers and events
// against the workflows the rule applies to), every operator given operands of the right types.
// A rule that does not check never reaches evaluation.
//
// Thread-safety: pure function over its arguments.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/rules/expression.hpp"

namespace timescales::rules {

// The names a rule may use: the timers and events of the workflows it applies to.
struct RuleVocabulary {
  std::set<std::string> timers;
  std::set<std::string> events;
};

// Resolves and types `root` in place. `subject_timer` is what plain `timer.<field>` means (the
// rule's `timer = "…"`); timers used are appended to `timer_slots` and referred to by index.
// Errors carry the offending token's offset like parse_expression's.
Status check_expression(Expr& root, const RuleVocabulary& vocabulary,
                        const std::optional<std::string>& subject_timer,
                        std::vector<std::string>& timer_slots);

// The canonical text of a name or call, as witnesses and messages show it:
// "stage1_response.remaining", "case.attributes.team", "event(received)".
std::string describe(const Expr& e, const std::vector<std::string>& timer_slots);

}  // namespace timescales::rules
