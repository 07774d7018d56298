// The rule language itself: precedence, types, totality over absent values, witnesses, and every
// error message — with positions pointing at the offending token inside the rule file.
#include <catch2/catch.hpp>

#include "adapters/files/calendar_files.hpp"
#include "engine/rules/expression_parser.hpp"
#include "engine/rules/rule_engine.hpp"
#include "engine/rules/rule_loader.hpp"
#include "engine/rules/type_checker.hpp"

using namespace timescales;
using namespace timescales::rules;

namespace {

const RuleVocabulary kComplaints{
    {"acknowledgement", "stage1_response", "stage2_response"},
    {"received", "acknowledged", "stage1_extended", "stage1_responded", "stage2_requested", "withdrawn"}};

VocabularyLookup complaints_only() {
  return [](const std::string& w) -> std::optional<RuleVocabulary> {
    if (w == "complaints-statutory") return kComplaints;
    return std::nullopt;
  };
}

const DivisionCalendar& england_and_wales() {
  static CalendarFiles files(TIMESCALES_SOURCE_DIR);
  static auto schedule = files.shipped_schedule("england-and-wales");
  static DivisionCalendar c(std::move(*schedule));
  return c;
}

Date d(const char* iso) { return *parse_iso_date(iso); }

// A complaint received 19 Dec 2025, seen on 5 Jan 2026: Stage 1 (10 working days) is due
// 7 Jan (22,23,24,29,30,31 Dec, 2,5,6,7 Jan), so 2 working days remain (6, 7 Jan).
struct Fixture {
  Case c;
  Evaluation ev;
  Fixture() {
    c.id = "CMP-1";
    c.workflow = "complaints-statutory";
    c.attributes = {{"team", "CIN Widnes"}, {"cohort", "child_in_care"}};
    c.events = {{"received", d("2025-12-19"), "", 0}};
    ev.case_id = "CMP-1";
    ev.workflow = "complaints-statutory";
    ev.state = "stage1";
    ev.as_of = d("2026-01-05");
    ev.accepted_events = {0};  // the replay accepted the one event
    TimerResult s1;
    s1.id = "stage1_response";
    s1.kind = ClockKind::deadline;
    s1.status = TimerStatus::running;
    s1.start = d("2025-12-19");
    s1.due = d("2026-01-07");
    s1.remaining = 2;
    s1.unit = Unit::working_days;
    ev.timers.push_back(s1);
  }
};

// Compiles `when` against the complaints vocabulary with stage1_response as the subject.
Result<ExprPtr> compile(const std::string& text, std::vector<std::string>& slots) {
  auto parsed = parse_expression(text);
  if (!parsed) return parsed.error();
  auto checked = check_expression(**parsed, kComplaints, std::string("stage1_response"), slots);
  if (!checked) return checked.error();
  return std::move(*parsed);
}

Value run(const std::string& text, std::vector<Witness>* trace = nullptr) {
  static Fixture f;
  std::vector<std::string> slots;
  auto e = compile(text, slots);
  if (!e) FAIL(text << ": " << e.error().to_string());
  RuleScope scope{&f.c, &f.ev, {&england_and_wales(), nullptr}, bind_timers(f.ev, slots)};
  return evaluate(**e, scope, slots, trace);
}

bool truth(const std::string& text) {
  const Value v = run(text);
  REQUIRE(std::holds_alternative<bool>(v));
  return std::get<bool>(v);
}

std::string error_of(const std::string& text) {
  std::vector<std::string> slots;
  auto e = compile(text, slots);
  if (e) FAIL("expected an error for: " << text);
  return e.error().message + " @" + std::to_string(e.error().where->column);
}

}  // namespace

TEST_CASE("Precedence: not > comparison > and > or, + binds tighter than comparison") {
  CHECK(truth("true or false and false"));          // or(true, and(false, false))
  CHECK_FALSE(truth("(true or false) and false"));
  CHECK_FALSE(truth("not true and false"));         // and(not true, false)
  CHECK(truth("not (true and false)"));
  CHECK(truth("1 + 2 == 3"));
  CHECK(truth("10 - 2 - 3 == 5"));                 // left-associative
  CHECK(truth("timer.remaining <= 3 and timer.status == \"running\""));
  CHECK(truth("not timer.remaining > 3"));          // not (remaining > 3)
}

TEST_CASE("Timer fields, attributes, events and functions read the case") {
  CHECK(truth("timer.due == 2026-01-07"));
  CHECK(truth("timer(\"stage1_response\").due == timer.due"));
  CHECK(truth("case.attributes.team == \"CIN Widnes\""));
  CHECK(truth("case.attributes.cohort in [\"child_in_care\", \"child_protection_plan\"]"));
  CHECK(truth("case.attributes.cohort not in [\"none\"]"));
  CHECK(truth("event(\"received\") == 2025-12-19"));
  CHECK(truth("has_event(\"received\") and not has_event(\"stage1_responded\")"));
  CHECK(truth("count_events(\"received\") == 1"));
  CHECK(truth("today == 2026-01-05"));
  // 5 Jan to 7 Jan: 6 and 7 Jan.
  CHECK(truth("working_days_between(today, timer.due) == 2"));
  // 2 weeks after 5 Jan is 19 Jan; 3 working days after 5 Jan is 8 Jan (6, 7, 8).
  CHECK(truth("today + 2 weeks == 2026-01-19"));
  CHECK(truth("today + 3 working days == 2026-01-08"));
  // Back from Mon 5 Jan: 2 Jan (1), 31, 30, 29 Dec (4), 24, 23, 22 (7), 19, 18, 17 (10).
  CHECK(truth("today - 10 working days == 2025-12-17"));
  // elapsed: 19 Dec to 5 Jan is 8 working days of 10.
  CHECK(truth("timer.elapsed_fraction == 0.8"));
  CHECK(truth("timer.overdue_by == 0"));
  CHECK(truth("case.state == \"stage1\" and case.problems == 0"));
}

TEST_CASE("Absent values keep the language total") {
  // stage2_response has not started: every field is absent.
  CHECK_FALSE(truth("timer(\"stage2_response\").due < 2030-01-01"));
  CHECK_FALSE(truth("timer(\"stage2_response\").due >= 2030-01-01"));
  CHECK_FALSE(truth("timer(\"stage2_response\").status == \"running\""));
  CHECK(truth("not is_set(timer(\"stage2_response\").due)"));
  CHECK(truth("not timer(\"stage2_response\").extended"));
  CHECK_FALSE(truth("case.attributes.missing in [\"x\"]"));
  CHECK_FALSE(truth("event(\"withdrawn\") < today"));
  CHECK(std::holds_alternative<std::monostate>(run("timer(\"stage2_response\").remaining + 1")));
}

TEST_CASE("Witnesses record the values that made a rule true") {
  std::vector<Witness> trace;
  run("timer.remaining > 5 or timer.remaining <= 3", &trace);
  // The false left side is dropped: only the deciding comparison's value remains.
  REQUIRE(trace.size() == 1);
  CHECK(trace[0].name == "stage1_response.remaining");
  CHECK(trace[0].value == "2");

  trace.clear();
  run("timer.status == \"running\" and timer.due <= today + 5 working days", &trace);
  REQUIRE(trace.size() == 2);
  CHECK(trace[0].value == "running");
  CHECK(trace[1].value == "2026-01-07");
}

TEST_CASE("Type errors are refused at the operator, before evaluation") {
  CHECK(error_of("timer.due < 3") == "cannot compare a date with a number @11");
  CHECK(error_of("case.attributes.team == 3") == "cannot compare a string with a number @22");
  CHECK(error_of("timer.status == 2026-01-01") == "cannot compare a string with a date @14");
  CHECK(error_of("timer.status and true") == "'and' joins true/false values, not a string @14");
  CHECK(error_of("timer.due + 3") == "cannot add a number to a date @11");
  CHECK(error_of("not timer.remaining") == "'not' needs a true/false value, not a number @1");
  CHECK(error_of("timer.status < \"x\"") == "'<' orders numbers or dates, not a string @14");
  CHECK(error_of("timer.remaining in [\"a\"]") == "this list holds a string but 'in' tests a number @21");
  CHECK(error_of("working_days_between(timer.status, today) > 1") ==
        "working_days_between(from, to) takes dates, not a string @22");
}

TEST_CASE("Unknown names and syntax errors point at the offending token") {
  CHECK(error_of("timer(\"stage9_response\").due < today") ==
        "unknown timer 'stage9_response' in the workflows this rule applies to @7");
  CHECK(error_of("has_event(\"panel_held\")") == "unknown event 'panel_held' in the workflows this rule applies to @11");
  CHECK_THAT(error_of("timer.colour == \"red\""), Catch::StartsWith("timers have no field 'colour'"));
  CHECK_THAT(error_of("casefile.id == \"x\""), Catch::StartsWith("unknown name 'casefile.id'"));
  CHECK(error_of("frobnicate(1)") == "unknown function 'frobnicate' @1");
  CHECK(error_of("timer.remaining <=") == "the expression ends too soon @19");
  CHECK(error_of("(timer.remaining <= 3") == "expected ')' @22");
  CHECK(error_of("timer.remaining = 3") == "unexpected '=' @17");
  CHECK(error_of("timer.remaining <= 3 3") == "unexpected '3' @22");
  CHECK(error_of("timer.due == 2026-02-30") == "'2026-02-30' is not a date: Feb 2026 has 28 days @14");
  CHECK(error_of("timer.status == \"open") == "unexpected '\"' @17");
  CHECK(error_of("timer.status in \"running\"") == "expected a list such as [\"a\", \"b\"] after 'in' @17");
}

TEST_CASE("A rule file's errors name file, line and column of the token") {
  const std::string text = R"TOML(# line 1
[[rule]]
id = "stage1-at-risk"
workflows = ["complaints-statutory"]
timer = "stage1_response"
when = 'timer.status == "running" and timer.remaning <= 3'
severity = "at_risk"
audience = ["complaints_officer"]
message = "due {timer.due}"
)TOML";
  auto set = parse_rule_file(text, "rules/test.toml", complaints_only());
  REQUIRE_FALSE(set.ok());
  // Line 6; the value's quote is column 8; "timer.status == \"running\" and " is 30 characters,
  // so `timer.remaning` begins at column 8 + 1 + 30 = 39.
  CHECK_THAT(set.error().to_string(), Catch::StartsWith("rules/test.toml:6:39: timers have no field 'remaning'"));

  const std::string bad_message = R"TOML([[rule]]
id = "x"
workflows = ["complaints-statutory"]
timer = "stage1_response"
when = 'timer.remaining <= 3'
severity = "at_risk"
audience = ["complaints_officer"]
message = "due {timer.due} in {timer.remaining + \"days\"}"
)TOML";
  auto msg = parse_rule_file(bad_message, "m.toml", complaints_only());
  REQUIRE_FALSE(msg.ok());
  // Column 11 is the quote; '{' of the second placeholder is at offset 19 of the string, so
  // "timer.remaining" starts at offset 20 and its '+' at offset 36: column 11 + 1 + 36 = 48.
  CHECK(msg.error().to_string() == "m.toml:8:48: cannot add a string to a number");

  const std::string multi = "[[rule]]\nid = \"y\"\nworkflows = [\"complaints-statutory\"]\nwhen = '''\n"
                            "has_event(\"received\")\n  and timer(\"stage1_response\").dew < today'''\n"
                            "severity = \"info\"\naudience = [\"x\"]\nmessage = \"m\"\n";
  auto ml = parse_rule_file(multi, "ml.toml", complaints_only());
  REQUIRE_FALSE(ml.ok());
  CHECK(ml.error().to_string() == "ml.toml:6:7: timers have no field 'dew' (due, elapsed_fraction, exemption, extended, kind, overdue_by, paused, remaining, start, status, stopped, unit)");

  const std::string not_boolean = "[[rule]]\nid = \"z\"\nworkflows = [\"complaints-statutory\"]\n"
                                  "when = 'today'\nseverity = \"info\"\naudience = [\"x\"]\nmessage = \"m\"\n";
  auto nb = parse_rule_file(not_boolean, "nb.toml", complaints_only());
  REQUIRE_FALSE(nb.ok());
  CHECK(nb.error().to_string() == "nb.toml:4:8: 'when' must be true or false, but this is a date");

  const std::string unknown_workflow = "[[rule]]\nid = \"w\"\nworkflows = [\"complaints-statuary\"]\n"
                                       "when = 'true'\nseverity = \"info\"\naudience = [\"x\"]\nmessage = \"m\"\n";
  auto uw = parse_rule_file(unknown_workflow, "uw.toml", complaints_only());
  REQUIRE_FALSE(uw.ok());
  CHECK(uw.error().to_string() == "uw.toml:3:13: unknown workflow 'complaints-statuary'");

  const std::string twice = "[[rule]]\nid = \"a\"\nworkflows = [\"complaints-statutory\"]\nwhen = 'true'\n"
                            "severity = \"info\"\naudience = [\"x\"]\nmessage = \"m\"\n"
                            "[[rule]]\nid = \"a\"\nworkflows = [\"complaints-statutory\"]\nwhen = 'true'\n"
                            "severity = \"loud\"\naudience = [\"x\"]\nmessage = \"m\"\n";
  auto tw = parse_rule_file(twice, "tw.toml", complaints_only());
  REQUIRE_FALSE(tw.ok());
  CHECK(tw.error().to_string() == "tw.toml:12:12: unknown severity 'loud' (info, at_risk, overdue, breach, data_quality)");
}

TEST_CASE("Flags carry message, audience, witnesses and escalation") {
  const std::string text = R"TOML([[rule]]
id = "stage1-overdue"
workflows = ["complaints-statutory"]
timer = "stage1_response"
when = 'timer.status == "overdue"'
severity = "overdue"
audience = ["complaints_officer", "team_manager"]
message = "Stage 1 response for {case.id} was due {timer.due} ({case.attributes.team})"
why = "past the statutory 10 working days"
escalation = { after = "5 working days", to = "manager" }
)TOML";
  auto set = parse_rule_file(text, "f.toml", complaints_only());
  REQUIRE(set.ok());
  Fixture f;
  f.ev.timers[0].status = TimerStatus::overdue;
  const CalendarContext calendars{&england_and_wales(), nullptr};
  // As of Tue 13 Jan: 5 working days after the 7 Jan due date is 14 Jan (8, 9, 12, 13, 14): not yet.
  f.ev.as_of = d("2026-01-13");
  auto flags = apply_rules(*set, f.c, f.ev, calendars);
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].message == "Stage 1 response for CMP-1 was due 2026-01-07 (CIN Widnes)");
  CHECK(flags[0].escalate_to.empty());
  CHECK(explain_flag(flags[0]) ==
        "overdue by rule stage1-overdue because stage1_response.status = overdue (past the statutory 10 working days)");
  f.ev.as_of = d("2026-01-14");
  flags = apply_rules(*set, f.c, f.ev, calendars);
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].escalate_to == "manager");

  // A case of another workflow is not touched.
  f.c.workflow = "ehcp-needs-assessment";
  CHECK(apply_rules(*set, f.c, f.ev, calendars).empty());
}

TEST_CASE("A local target adds a council's own clock for a cohort") {
  const std::string text = R"TOML([[target]]
id = "stage1_local_5_days"
workflows = ["complaints-statutory"]
applies_when = 'case.attributes.cohort == "child_in_care"'
start = "received"
limit = "5 working days"
stopped_by = ["stage1_responded"]
beside = "stage1_response"
source = "test policy"

[[rule]]
id = "local-missed"
workflows = ["complaints-statutory"]
timer = "stage1_local_5_days"
when = 'timer.status == "overdue"'
severity = "at_risk"
audience = ["complaints_officer"]
message = "local target was {timer.due}"
)TOML";
  auto set = parse_rule_file(text, "t.toml", complaints_only());
  REQUIRE(set.ok());
  Fixture f;
  const CalendarContext calendars{&england_and_wales(), nullptr};
  add_local_targets(*set, f.c, f.ev, calendars);
  REQUIRE(f.ev.timers.size() == 2);
  // 19 Dec + 5 working days: 22, 23, 24, 29, 30 Dec.
  CHECK(to_iso(*f.ev.timers[1].due) == "2025-12-30");
  CHECK(f.ev.timers[1].status == TimerStatus::overdue);
  auto flags = apply_rules(*set, f.c, f.ev, calendars);
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].message == "local target was 2025-12-30");

  Fixture other;
  other.c.attributes["cohort"] = "none";
  add_local_targets(*set, other.c, other.ev, calendars);
  CHECK(other.ev.timers.size() == 1);
}
