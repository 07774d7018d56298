// Loading rules/*.toml: rules, their tests, and local targets, every expression parsed and
// type-checked against the workflows it names, every error at file:line:column of the offending
// token (inside the expression string, not merely its line).
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/result.hpp"
#include "engine/rules/rule.hpp"
#include "engine/rules/type_checker.hpp"

namespace timescales::rules {

// The timers and events of a workflow, or nullopt when no workflow has that id.
using VocabularyLookup = std::function<std::optional<RuleVocabulary>(const std::string& workflow)>;

Result<RuleSet> parse_rule_file(std::string_view text, const std::string& file,
                                const VocabularyLookup& workflows);

// Adds `more` to `into`, refusing an id defined twice (naming both places).
Status merge_rule_sets(RuleSet& into, RuleSet&& more);

}  // namespace timescales::rules
