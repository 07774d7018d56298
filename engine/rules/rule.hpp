// Alert rules and local targets, as loaded from rules/*.toml.
//
// Statutory deadlines are facts; what a council does about them is policy. A Rule turns a case's
// evaluated clocks into a Flag for someone to act on; a LocalTarget adds a council's own clock
// beside a statutory one (EHC plans for children in care within 16 weeks, beside the 20).
//
// Thread-safety: a loaded RuleSet is immutable; share it between threads freely.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/calendar/duration.hpp"
#include "engine/case/case.hpp"
#include "engine/core/result.hpp"
#include "engine/rules/expression.hpp"
#include "engine/rules/interpreter.hpp"

namespace timescales::rules {

enum class Severity { info, at_risk, overdue, breach, data_quality };
std::string_view severity_name(Severity s);
std::optional<Severity> parse_severity(std::string_view text);

// A message such as "Stage 1 response due {timer.due}": literal text and checked expressions.
struct MessageTemplate {
  struct Part {
    std::string text;  // literal text, when expr is null
    ExprPtr expr;
  };
  std::vector<Part> parts;
};

// Who else is told once the rule's timer is overdue by at least `after`.
struct Escalation {
  Duration after;
  std::string to;
};

// A rule's own test: a case's events, an as-of date, and whether the rule should fire.
struct RuleTest {
  std::string name;
  std::string workflow;  // defaults to the rule's first workflow
  std::map<std::string, std::string> attributes;
  std::vector<CaseEvent> events;
  Date as_of{};
  bool fires = false;
  SourcePosition where;
};

struct Rule {
  std::string id;
  std::vector<std::string> workflows;
  std::optional<std::string> timer;  // the subject: what plain `timer` means
  ExprPtr when;
  std::string when_text;
  Severity severity = Severity::info;
  std::vector<std::string> audience;
  MessageTemplate message;
  std::optional<Escalation> escalation;
  std::string why;                   // the reason for its threshold, shown by `explain`
  std::vector<std::string> timer_slots;
  std::vector<RuleTest> tests;
  SourcePosition where;

  bool applies_to(const std::string& workflow) const;
};

// A council's own target clock, reported beside a statutory timer for a cohort of cases.
struct LocalTarget {
  std::string id;  // becomes a timer id: "final_plan_local_16_weeks"
  std::vector<std::string> workflows;
  ExprPtr applies_when;  // null: every case
  std::vector<std::string> applies_slots;
  std::string start_event;
  Duration limit;
  std::vector<std::string> stopped_by;
  std::vector<std::string> cancelled_by;
  std::string beside;  // the statutory timer it stands beside; its exemption applies too
  std::string source;
  SourcePosition where;

  bool applies_to(const std::string& workflow) const;
};

struct RuleSet {
  std::vector<Rule> rules;
  std::vector<LocalTarget> targets;
};

// What a rule raised on a case.
struct Flag {
  std::string rule;
  Severity severity = Severity::info;
  std::string timer;  // the subject timer, if the rule has one
  std::vector<std::string> audience;
  std::string message;
  std::vector<Witness> because;  // the values that made the rule true
  std::string escalate_to;       // set once the escalation threshold is passed
  std::string why;
};

}  // namespace timescales::rules
