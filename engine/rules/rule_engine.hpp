// Applying a RuleSet to an evaluated case: local targets first (they become timers the rules can
// read), then every rule for the case's workflow, each flag carrying its message, audience,
// escalation and the values that made it true. And running the rules' own [[rule.test]] cases.
//
// Thread-safety: pure functions over an immutable RuleSet; call from many threads at once.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/case/case.hpp"
#include "engine/evaluate/evaluation.hpp"
#include "engine/rules/rule.hpp"

namespace timescales::rules {

// Appends the local targets that apply to `evaluation.timers` (kind "local_target").
void add_local_targets(const RuleSet& rules, const Case& c, Evaluation& evaluation,
                       const CalendarContext& calendars);

// The flags every applicable rule raises on the case. Call add_local_targets first.
std::vector<Flag> apply_rules(const RuleSet& rules, const Case& c, const Evaluation& evaluation,
                              const CalendarContext& calendars);

// Flags of one rule only (null when it did not fire).
std::optional<Flag> apply_rule(const Rule& rule, const Case& c, const Evaluation& evaluation,
                               const CalendarContext& calendars);

// One line that answers "why is this red?": the rule, its expression and the values it saw.
std::string explain_flag(const Flag& flag);

struct RuleTestResult {
  std::string rule;
  std::string test;
  bool passed = false;
  std::string detail;  // what happened when it failed
  SourcePosition where;
};

// Evaluates a test case as the engine would a real one; supplied by whoever holds the workflows.
using CaseEvaluator = std::function<Result<Evaluation>(const Case& c, Date as_of)>;

std::vector<RuleTestResult> run_rule_tests(const RuleSet& rules, const CaseEvaluator& evaluate_case,
                                           const CalendarContext& calendars);

}  // namespace timescales::rules
