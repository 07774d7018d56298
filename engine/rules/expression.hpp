// The rule language's syntax tree, types and values.
//
// A small, typed, total language: no loops, no assignment, no side effects. Every expression has a
// static type fixed when the rule loads; at run time any value may be absent (a timer that has not
// started has no due date), and the language stays total by defining what absence does:
// arithmetic on an absent value is absent, a comparison with one is false, `in` with one is false.
//
// Thread-safety: a checked Expr is immutable; evaluate it from any number of threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/calendar/date.hpp"
#include "engine/calendar/duration.hpp"

namespace timescales::rules {

enum class Type { unknown, boolean, number, string, date, duration };
std::string_view type_name(Type t);

// Strings are views: into the rule set (literals), the case (attributes) or static names
// (statuses), all of which outlive one evaluation, so evaluating allocates nothing.
using Value = std::variant<std::monostate, bool, double, std::string_view, Date, Duration>;
std::string value_text(const Value& v);  // as a message shows it: "2026-01-07", "3", "running"

enum class Op { eq, ne, lt, le, gt, ge, add, sub, and_, or_, not_, in, not_in };
std::string_view op_text(Op op);

// What a name or call in an expression refers to, once checked.
enum class Ref {
  none,
  timer_field,      // timer.remaining, timer("stage1_response").due
  case_id, case_workflow, case_state, case_problems,
  attribute,        // case.attributes.team
  today,            // the as-of date
  event_date,       // event("received"): the latest date it happened by the as-of date, absent if never
  has_event,        // has_event("received")
  count_events,     // count_events("stage2_requested")
  between,          // working_days_between(a, b), calendar_days_between, weeks_between
  is_set,           // is_set(timer.stopped)
};

enum class TimerField { status, due, start, stopped, remaining, elapsed_fraction, extended, paused,
                        unit, kind, exemption, overdue_by };

struct Expr {
  enum class Kind { literal, list, name, call, unary, binary };
  Kind kind = Kind::literal;
  int offset = 0;   // where the expression starts in its source text (for error positions)
  int height = 0;   // operators, calls and lists from here down to the deepest leaf (a name or
                    // literal is 0); the parser keeps it at most kMaxExpressionDepth
  Type type = Type::unknown;

  Value literal;                              // literal
  std::string text;                           // name path ("case.attributes.team") or function name
  std::string path;                           // fields after a call: timer("x").due -> "due"
  Op op = Op::eq;                             // unary, binary
  std::vector<std::unique_ptr<Expr>> children;  // operands, list items, call arguments
  std::string string_storage;                 // a string literal's text; `literal` views it

  // Filled in by the checker.
  Ref ref = Ref::none;
  std::string argument;                       // the timer id, event type or attribute key
  TimerField field = TimerField::status;
  int timer_slot = -1;                        // index into the rule's timer table
  Unit unit = Unit::working_days;             // for `between`
};

using ExprPtr = std::unique_ptr<Expr>;

}  // namespace timescales::rules
