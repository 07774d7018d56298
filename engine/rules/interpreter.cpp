#include "engine/rules/interpreter.hpp"

#include "engine/rules/type_checker.hpp"

namespace timescales::rules {
namespace {

bool absent(const Value& v) { return std::holds_alternative<std::monostate>(v); }
// An absent true/false value (a field of a timer the workflow lacks) counts as false.
bool truthy(const Value& v) { return std::holds_alternative<bool>(v) && std::get<bool>(v); }

Value optional_date(const std::optional<Date>& d) { return d ? Value{*d} : Value{}; }

// Units a timer's clock counts from `from` to `to`, absent if the calendars cannot say.
Value units_between(const RuleScope& scope, const TimerResult& t, Date from, Date to) {
  auto n = count_units(from, to, t.unit, Convention::after, scope.calendars);
  return n ? Value{static_cast<double>(*n)} : Value{};
}

Value timer_value(const Expr& e, const RuleScope& scope) {
  const TimerResult* t = scope.timers[static_cast<size_t>(e.timer_slot)];
  if (!t) return {};
  const Date as_of = scope.evaluation->as_of;
  switch (e.field) {
    case TimerField::status: return timer_status_name(t->status);
    case TimerField::due: return optional_date(t->due);
    case TimerField::start: return optional_date(t->start);
    case TimerField::stopped: return optional_date(t->stopped);
    case TimerField::remaining: return t->remaining ? Value{static_cast<double>(*t->remaining)} : Value{};
    case TimerField::extended: return t->extended;
    case TimerField::paused: return t->paused;
    case TimerField::unit: return unit_name(t->unit);
    case TimerField::kind: return clock_kind_name(t->kind);
    case TimerField::exemption: return std::string_view(t->exemption);
    case TimerField::elapsed_fraction: {
      if (!t->start || !t->due) return {};
      const Value total = units_between(scope, *t, *t->start, *t->due);
      const Value used = units_between(scope, *t, *t->start, t->stopped ? *t->stopped : as_of);
      if (absent(total) || absent(used) || std::get<double>(total) <= 0) return {};
      return std::get<double>(used) / std::get<double>(total);
    }
    case TimerField::overdue_by: {
      if (!t->due) return {};
      const Date end = t->stopped ? *t->stopped : as_of;
      if (end <= *t->due) return 0.0;
      return units_between(scope, *t, *t->due, end);
    }
  }
  return {};
}

Value name_value(const Expr& e, const RuleScope& scope, const std::vector<std::string>& slots) {
  const Case& c = *scope.case_data;
  const Evaluation& ev = *scope.evaluation;
  switch (e.ref) {
    case Ref::timer_field: return timer_value(e, scope);
    case Ref::case_id: return std::string_view(c.id);
    case Ref::case_workflow: return std::string_view(c.workflow);
    case Ref::case_state: return std::string_view(ev.state);
    case Ref::case_problems: return static_cast<double>(ev.problems.size());
    case Ref::attribute: {
      auto it = c.attributes.find(e.argument);
      return it == c.attributes.end() ? Value{} : Value{std::string_view(it->second)};
    }
    case Ref::today: return ev.as_of;
    case Ref::event_date: {
      // The latest time it happened, up to the as-of date: the advice requested most recently,
      // not the request already answered.
      std::optional<Date> latest;
      for (const auto& event : c.events)
        if (event.type == e.argument && event.date <= ev.as_of && (!latest || event.date > *latest)) latest = event.date;
      return optional_date(latest);
    }
    case Ref::has_event:
    case Ref::count_events: {
      int n = 0;
      for (const auto& event : c.events) n += event.type == e.argument && event.date <= ev.as_of;
      return e.ref == Ref::has_event ? Value{n > 0} : Value{static_cast<double>(n)};
    }
    case Ref::between: {
      const Value from = evaluate(*e.children[0], scope, slots);
      const Value to = evaluate(*e.children[1], scope, slots);
      if (absent(from) || absent(to)) return {};
      auto n = count_units(std::get<Date>(from), std::get<Date>(to), e.unit, Convention::after, scope.calendars);
      return n ? Value{static_cast<double>(*n)} : Value{};
    }
    case Ref::is_set: return !absent(evaluate(*e.children[0], scope, slots));
    case Ref::none: break;
  }
  return {};
}

bool equal(const Value& a, const Value& b) {
  if (absent(a) || absent(b)) return false;
  return a == b;
}

// Ordering is only ever asked of numbers and dates (the checker sees to it).
template <class T>
bool ordered(Op op, const T& a, const T& b) {
  switch (op) {
    case Op::lt: return a < b;
    case Op::le: return a <= b;
    case Op::gt: return a > b;
    case Op::ge: return a >= b;
    default: return false;
  }
}

Value compare(Op op, const Value& a, const Value& b) {
  if (absent(a) || absent(b)) return false;
  if (op == Op::eq) return a == b;
  if (op == Op::ne) return a != b;
  if (std::holds_alternative<double>(a) && std::holds_alternative<double>(b))
    return ordered(op, std::get<double>(a), std::get<double>(b));
  if (std::holds_alternative<Date>(a) && std::holds_alternative<Date>(b))
    return ordered(op, std::get<Date>(a), std::get<Date>(b));
  return false;
}

Value arithmetic(Op op, const Value& a, const Value& b, const RuleScope& scope) {
  if (absent(a) || absent(b)) return {};
  if (std::holds_alternative<double>(a))
    return op == Op::add ? std::get<double>(a) + std::get<double>(b) : std::get<double>(a) - std::get<double>(b);
  Duration d = std::get<Duration>(b);
  if (op == Op::sub) d.count = -d.count;
  auto date = add_duration(std::get<Date>(a), d, Convention::after, scope.calendars);
  return date ? Value{*date} : Value{};
}

}  // namespace

Value evaluate(const Expr& e, const RuleScope& scope, const std::vector<std::string>& slots,
               std::vector<Witness>* trace) {
  switch (e.kind) {
    case Expr::Kind::literal:
      return e.literal;
    case Expr::Kind::list:
      return {};  // only read through `in`
    case Expr::Kind::name:
    case Expr::Kind::call: {
      Value v = name_value(e, scope, slots);
      if (trace && e.ref != Ref::today) trace->push_back({describe(e, slots), value_text(v)});
      return v;
    }
    case Expr::Kind::unary: {
      const Value inner = evaluate(*e.children[0], scope, slots, trace);
      return !truthy(inner);
    }
    case Expr::Kind::binary:
      break;
  }
  const size_t mark = trace ? trace->size() : 0;
  if (e.op == Op::and_ || e.op == Op::or_) {
    const bool left = truthy(evaluate(*e.children[0], scope, slots, trace));
    if (e.op == Op::and_ && !left) return false;
    if (e.op == Op::or_ && left) return true;
    const size_t right_mark = trace ? trace->size() : 0;
    const bool right = truthy(evaluate(*e.children[1], scope, slots, trace));
    // An `or` made true by its right side owes nothing to its (false) left side.
    if (trace && e.op == Op::or_ && right) trace->erase(trace->begin() + static_cast<long>(mark),
                                                        trace->begin() + static_cast<long>(right_mark));
    return right;
  }
  const Value left = evaluate(*e.children[0], scope, slots, trace);
  if (e.op == Op::in || e.op == Op::not_in) {
    bool found = false;
    if (!absent(left))
      for (const auto& item : e.children[1]->children) found |= equal(left, evaluate(*item, scope, slots));
    if (absent(left)) return false;
    return e.op == Op::in ? found : !found;
  }
  const Value right = evaluate(*e.children[1], scope, slots, trace);
  if (e.op == Op::add || e.op == Op::sub) return arithmetic(e.op, left, right, scope);
  return compare(e.op, left, right);
}

BoundTimers bind_timers(const Evaluation& evaluation, const std::vector<std::string>& timer_slots) {
  BoundTimers bound(timer_slots.size(), nullptr);
  for (size_t i = 0; i < timer_slots.size(); ++i)
    for (const auto& t : evaluation.timers)
      if (t.id == timer_slots[i]) bound[i] = &t;
  return bound;
}

}  // namespace timescales::rules
