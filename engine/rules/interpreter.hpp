// Evaluating a checked rule expression against one evaluated case.
//
// Cheap by construction: names were resolved when the rule loaded, timers are looked up by slot,
// strings are views, and the witnesses ("the values that made it true") are gathered only on a
// second pass for rules that fired.
//
// Thread-safety: pure function; many threads may evaluate the same expression at once.
#pragma once

#include <string>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/case/case.hpp"
#include "engine/evaluate/evaluation.hpp"
#include "engine/rules/expression.hpp"

namespace timescales::rules {

// The timers a rule names, by slot. A rule names a few; held inline, since every rule is bound
// against every case of its workflow in a run and a heap vector each time was a tenth of its
// allocations.
using BoundTimers = boost::container::small_vector<const TimerResult*, 8>;

// What a rule sees: the case, its evaluation, the calendars its clocks count in, and the timers
// its expressions name, by slot (null where the case's workflow has no such timer).
struct RuleScope {
  const Case* case_data = nullptr;
  const Evaluation* evaluation = nullptr;
  CalendarContext calendars;
  BoundTimers timers;
};

// A value that counted towards a rule's outcome: "stage1_response.remaining" = "2".
struct Witness {
  std::string name;
  std::string value;
};

// `trace`, when given, collects the witnesses of the operands that decided the result.
Value evaluate(const Expr& e, const RuleScope& scope, const std::vector<std::string>& timer_slots,
               std::vector<Witness>* trace = nullptr);

// Binds each slot to the case's timer of that id (null if the workflow has none).
BoundTimers bind_timers(const Evaluation& evaluation, const std::vector<std::string>& timer_slots);

}  // namespace timescales::rules
