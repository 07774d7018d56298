#include "engine/rules/rule_engine.hpp"

#include <algorithm>

#include "engine/rules/type_checker.hpp"

namespace timescales::rules {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::info: return "info";
    case Severity::at_risk: return "at_risk";
    case Severity::overdue: return "overdue";
    case Severity::breach: return "breach";
    case Severity::data_quality: return "data_quality";
  }
  return "?";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (Severity s : {Severity::info, Severity::at_risk, Severity::overdue, Severity::breach, Severity::data_quality})
    if (severity_name(s) == text) return s;
  return std::nullopt;
}

bool Rule::applies_to(const std::string& workflow) const {
  return std::find(workflows.begin(), workflows.end(), workflow) != workflows.end();
}

bool LocalTarget::applies_to(const std::string& workflow) const {
  return std::find(workflows.begin(), workflows.end(), workflow) != workflows.end();
}

namespace {

// The first of `types` among the events the replay accepted, on or after `from`. Only accepted
// events count: a `withdrawn` the workflow refused must not cancel the target, any more than it
// cancels the statutory clock beside it.
std::optional<Date> first_event(const Case& c, const Evaluation& evaluation, const std::vector<std::string>& types,
                                Date from, Date as_of) {
  std::optional<Date> first;
  for (const std::size_t i : evaluation.accepted_events) {
    if (i >= c.events.size()) continue;
    const auto& e = c.events[i];
    if (e.date >= from && e.date <= as_of && std::find(types.begin(), types.end(), e.type) != types.end() &&
        (!first || e.date < *first))
      first = e.date;
  }
  return first;
}

TimerResult evaluate_target(const LocalTarget& target, const Case& c, const Evaluation& evaluation,
                            const CalendarContext& calendars) {
  TimerResult t;
  t.id = target.id;
  t.kind = ClockKind::local_target;
  t.unit = target.limit.unit;
  t.source = target.source;
  const Date as_of = evaluation.as_of;
  const auto start = first_event(c, evaluation, {target.start_event}, Date::min(), as_of);
  if (!start) {
    t.status = TimerStatus::pending;
    t.explanation = "waits for " + target.start_event;
    return t;
  }
  t.start = start;
  auto due = add_duration(*start, target.limit, Convention::after, calendars);
  if (!due) {
    t.status = TimerStatus::running;
    t.explanation = due.error().message;
    return t;
  }
  t.due = *due;
  t.explanation = target.start_event + " " + to_iso(*start) + " + " + to_string(target.limit) +
                  " (local target: " + target.source + ")";
  const TimerResult* statutory = nullptr;
  for (const auto& other : evaluation.timers)
    if (other.id == target.beside) statutory = &other;
  if (auto cancelled = first_event(c, evaluation, target.cancelled_by, *start, as_of)) {
    t.status = TimerStatus::cancelled;
    t.stopped = cancelled;
    return t;
  }
  if (auto stopped = first_event(c, evaluation, target.stopped_by, *start, as_of)) {
    t.stopped = stopped;
    t.status = *stopped <= *due ? TimerStatus::met : TimerStatus::missed;
  } else {
    t.status = as_of > *due ? TimerStatus::overdue : TimerStatus::running;
    if (auto n = units_left(as_of, *due, t.unit, calendars)) t.remaining = *n;
  }
  // A statutory exception that disapplies the statutory clock disapplies the local one too.
  if (statutory && statutory->status == TimerStatus::exempt && t.status != TimerStatus::met) {
    t.status = TimerStatus::exempt;
    t.exemption = statutory->exemption;
  }
  return t;
}

RuleScope scope_for(const Case& c, const Evaluation& evaluation, const CalendarContext& calendars,
                    const std::vector<std::string>& slots) {
  return RuleScope{&c, &evaluation, calendars, bind_timers(evaluation, slots)};
}

}  // namespace

void add_local_targets(const RuleSet& rules, const Case& c, Evaluation& evaluation,
                       const CalendarContext& calendars) {
  for (const auto& target : rules.targets) {
    if (!target.applies_to(c.workflow)) continue;
    if (target.applies_when) {
      const RuleScope scope = scope_for(c, evaluation, calendars, target.applies_slots);
      const Value applies = evaluate(*target.applies_when, scope, target.applies_slots);
      if (!std::holds_alternative<bool>(applies) || !std::get<bool>(applies)) continue;
    }
    evaluation.timers.push_back(evaluate_target(target, c, evaluation, calendars));
  }
}

std::optional<Flag> apply_rule(const Rule& rule, const Case& c, const Evaluation& evaluation,
                               const CalendarContext& calendars) {
  if (!rule.applies_to(c.workflow)) return std::nullopt;
  const RuleScope scope = scope_for(c, evaluation, calendars, rule.timer_slots);
  const Value fired = evaluate(*rule.when, scope, rule.timer_slots);
  if (!std::holds_alternative<bool>(fired) || !std::get<bool>(fired)) return std::nullopt;

  Flag flag;
  flag.rule = rule.id;
  flag.severity = rule.severity;
  flag.timer = rule.timer.value_or("");
  flag.audience = rule.audience;
  flag.why = rule.why;
  evaluate(*rule.when, scope, rule.timer_slots, &flag.because);  // second pass, for the witnesses
  for (const auto& part : rule.message.parts)
    flag.message += part.expr ? value_text(evaluate(*part.expr, scope, rule.timer_slots)) : part.text;
  if (rule.escalation && rule.timer) {
    for (const auto& t : evaluation.timers) {
      if (t.id != *rule.timer || !t.due) continue;
      const Date end = t.stopped ? *t.stopped : evaluation.as_of;
      Duration after = rule.escalation->after;
      auto threshold = add_duration(*t.due, after, Convention::after, calendars);
      if (threshold && end >= *threshold) flag.escalate_to = rule.escalation->to;
    }
  }
  return flag;
}

std::vector<Flag> apply_rules(const RuleSet& rules, const Case& c, const Evaluation& evaluation,
                              const CalendarContext& calendars) {
  std::vector<Flag> flags;
  for (const auto& rule : rules.rules)
    if (auto flag = apply_rule(rule, c, evaluation, calendars)) flags.push_back(std::move(*flag));
  return flags;
}

std::string explain_flag(const Flag& flag) {
  std::string out = std::string(severity_name(flag.severity)) + " by rule " + flag.rule + " because ";
  for (size_t i = 0; i < flag.because.size(); ++i)
    out += (i ? ", " : "") + flag.because[i].name + " = " + flag.because[i].value;
  if (flag.because.empty()) out += "its condition holds";
  if (!flag.why.empty()) out += " (" + flag.why + ")";
  if (!flag.escalate_to.empty()) out += "; escalated to " + flag.escalate_to;
  return out;
}

std::vector<RuleTestResult> run_rule_tests(const RuleSet& rules, const CaseEvaluator& evaluate_case,
                                           const CalendarContext& calendars) {
  std::vector<RuleTestResult> results;
  for (const auto& rule : rules.rules) {
    for (const auto& test : rule.tests) {
      RuleTestResult r{rule.id, test.name, false, {}, test.where};
      Case c;
      c.id = "test:" + rule.id;
      c.workflow = test.workflow;
      c.attributes = test.attributes;
      c.events = test.events;
      auto evaluation = evaluate_case(c, test.as_of);
      if (!evaluation) {
        r.detail = "could not evaluate the test case: " + evaluation.error().message;
        results.push_back(r);
        continue;
      }
      add_local_targets(rules, c, *evaluation, calendars);
      const auto flag = apply_rule(rule, c, *evaluation, calendars);
      r.passed = flag.has_value() == test.fires;
      if (!r.passed) {
        if (flag) {
          r.detail = "fired, but the test expects it not to: " + explain_flag(*flag);
        } else {
          r.detail = "did not fire, but the test expects it to; the case's timers were:";
          for (const auto& t : evaluation->timers)
            r.detail += " " + t.id + "=" + std::string(timer_status_name(t.status)) +
                        (t.due ? " due " + to_iso(*t.due) : "") +
                        (t.remaining ? " remaining " + std::to_string(*t.remaining) : "");
        }
      }
      results.push_back(r);
    }
  }
  return results;
}

}  // namespace timescales::rules
