// Issue 14, "the law's own words": periods "starting with", dates "before", guidance apart from
// statute, and each limit's own wording. Every expected date is worked by hand from the words
// quoted beside it.
#include "scenario.hpp"

#include <nlohmann/json.hpp>

#include "tests/support/run_cli.hpp"

using namespace timescales;
using namespace timescales::testing;

namespace {

Evaluation evaluate_shipped(const std::string& workflow_id, std::vector<Ev> events, const char* as_of,
                            std::map<std::string, std::string> attributes = {}) {
  const Case c = make_case(workflow_id, std::move(events), std::move(attributes));
  return evaluate_case(workflow(workflow_id), c, d(as_of), {&england_and_wales(), nullptr});
}

}  // namespace

// Point 1. CFA 2014 s.44(1): "in the period of 12 months starting with the date on which the plan
// was first made", then "in each subsequent period of 12 months starting with the date on which
// the plan was last reviewed". The start day is the first of the 12 months, so the last day is the
// day before the anniversary: the 12 months after the day before.
TEST_CASE("s.44(1): the annual review period ends the day before the anniversary") {
  struct Row {
    const char* plan;
    const char* review;     // the review meeting that ends the first period
    const char* last_day;   // worked by hand
    const char* status;     // of that first period
    const char* working;
  };
  const Row rows[] = {
      {"2025-06-10", "2026-06-09", "2026-06-09", "met", "starts 10 Jun 2025; the 12 months after 9 Jun 2025 end 9 Jun 2026"},
      {"2025-06-10", "2026-06-10", "2026-06-09", "missed", "the anniversary itself is the first day of the next period"},
      {"2025-03-01", "2026-02-28", "2026-02-28", "met", "after 28 Feb 2025 -> 28 Feb 2026"},
      {"2024-03-01", "2025-02-28", "2025-02-28", "met", "after 29 Feb 2024 -> 28 Feb 2025 (no 29 Feb 2025)"},
      {"2024-02-29", "2025-02-28", "2025-02-28", "met", "after 28 Feb 2024 -> 28 Feb 2025: 366 days, a whole year"},
      {"2025-01-01", "2026-01-01", "2025-12-31", "missed", "after 31 Dec 2024 -> 31 Dec 2025"},
  };
  for (const auto& r : rows) {
    INFO(r.plan << ", reviewed " << r.review << ": " << r.working);
    const auto ev = evaluate_shipped("ehcp-annual-review", {{"plan_issued", r.plan}, {"review_meeting_held", r.review}},
                                     "2026-07-01");
    const auto& t = timer(ev, "annual_review");
    REQUIRE(t.previous_cycles.size() == 1);
    CHECK(to_iso(*t.previous_cycles[0].due) == r.last_day);
    CHECK(timer_status_name(t.previous_cycles[0].status) == std::string(r.status));
  }
  // The next period starts with the review day: reviewed 9 Jun 2026 -> the 12 months after 8 Jun
  // 2026 end 8 Jun 2027.
  const auto ev = evaluate_shipped("ehcp-annual-review",
                                   {{"plan_issued", "2025-06-10"}, {"review_meeting_held", "2026-06-09"}}, "2026-07-01");
  CHECK(due(ev, "annual_review") == "2027-06-08");
  CHECK(timer(ev, "annual_review").explanation.find("12 months beginning with that day") != std::string::npos);
}

// The other "beginning with" in the shipped law: reg 13(1)(a), "at least 15 days, beginning with
// the day on which the draft plan was served". Every other limit in the shipped workflows says
// "within N of" (reg 5(1), 10(1), 13(2): "within 20 weeks of the local authority receiving a
// request"), which counts from the day after.
TEST_CASE("reg 13: 20 weeks 'of' receiving, 15 days 'beginning with' service") {
  const std::vector<Scenario> table = {
      {"the 20 weeks count from the day after receipt",
       {{"request_received", "2025-01-10"}, {"decision_to_assess", "2025-02-20"},
        {"draft_plan_issued", "2025-04-25"}, {"final_plan_issued", "2025-05-30"}},
       "2025-06-01",
       {// 10 Jan + 140 days: 31 Jan (+21), 28 Feb (+49), 31 Mar (+80), 30 Apr (+110), 30 May
        // (+140) -> 30 May: issued on the last day, in time
        {"final_plan", "met", "2025-05-30"},
        // 25 Apr is day 1 of 15: 25 + 14 = 9 May
        {"draft_comment_period", "met", "2025-05-09"}},
       "plan_issued"},
      {"a final plan on the 15th day of the comment period is too soon",
       {{"request_received", "2025-01-10"}, {"decision_to_assess", "2025-02-20"},
        {"draft_plan_issued", "2025-04-25"}, {"final_plan_issued", "2025-05-09"}},
       "2025-06-01",
       {// 9 May is still the family's 15th day
        {"draft_comment_period", "missed", "2025-05-09"}},
       "plan_issued"},
  };
  run_scenarios("ehcp-needs-assessment", table, nullptr, shipped().find("ehcp-needs-assessment", "2014"));
}

// Point 2. Reg 18(1): reviewed and amended "before (a) 31st March ... (b) 15th February in the
// calendar year of the transfer". "Before" a date excludes it: the last day allowed is the day
// before. The Admissions Code's "by 28 February" includes the day.
TEST_CASE("fixed dates: 'before' excludes the date, 'by' includes it") {
  const std::map<std::string, std::string> school = {{"transfer_year", "2026"}, {"transfer", "primary_to_secondary"}};
  const std::map<std::string, std::string> post16 = {{"transfer_year", "2026"}, {"transfer", "secondary_to_post16"}};
  auto amended_on = [](const char* issued) {
    return std::vector<Ev>{{"plan_issued", "2024-11-04"}, {"review_meeting_held", "2025-10-20"},
                           {"amendment_notice_sent", "2025-11-03"}, {"amended_plan_issued", issued}};
  };
  const std::vector<Scenario> table = {
      {"school phase: amended plan on 14 February is in time",
       amended_on("2026-02-14"), "2026-03-01",
       {{"phase_transfer", "met", "2026-02-14"}}, "maintained", nullptr, school},
      {"school phase: amended plan on 15 February is late ('before 15th February')",
       amended_on("2026-02-15"), "2026-03-01",
       {{"phase_transfer", "missed", "2026-02-14"}}, "maintained", nullptr, school},
      {"post-16: amended plan on 30 March is in time",
       amended_on("2026-03-30"), "2026-04-01",
       {{"phase_transfer", "met", "2026-03-30"}}, "maintained", nullptr, post16},
      {"post-16: amended plan on 31 March is late ('before 31st March')",
       amended_on("2026-03-31"), "2026-04-01",
       {{"phase_transfer", "missed", "2026-03-30"}}, "maintained", nullptr, post16},
  };
  run_scenarios("ehcp-annual-review", table);

  const std::vector<Scenario> admissions = {
      {"determined on 28 February itself: 'by 28 February' is met",
       {{"arrangements_determined", "2025-02-28"}}, "2025-03-10",
       {{"determination", "met", "2025-02-28"}}, "determined", nullptr, {{"admission_year", "2026"}}},
      {"determined on 1 March: missed",
       {{"arrangements_determined", "2025-03-01"}}, "2025-03-10",
       {{"determination", "missed", "2025-02-28"}}, "determined", nullptr, {{"admission_year", "2026"}}},
  };
  run_scenarios("admissions-arrangements", admissions);
}

// Point 5. Reg 10(1)'s 16 weeks bind a decision *not* to issue; the draft plan by week 16 is a
// milestone, labelled guidance so that reports keep it apart from the statutory limits.
TEST_CASE("the 16-week milestone is labelled guidance, the statutory limits statute") {
  struct Row {
    const char* workflow;
    const char* timer;
    const char* basis;
  };
  const Row rows[] = {
      {"ehcp-needs-assessment", "issue_decision", "guidance"},
      {"ehcp-needs-assessment", "decision_to_assess", "statute"},
      {"ehcp-needs-assessment", "final_plan", "statute"},
      {"ehcp-needs-assessment", "draft_comment_period", "statute"},
      {"complaints-statutory", "acknowledgement", "council"},
      {"complaints-statutory", "stage1_response", "statute"},
      {"complaints-corporate", "stage1_response", "guidance"},
  };
  for (const auto& r : rows) {
    INFO(r.workflow << " " << r.timer);
    const TimerDefinition* t = workflow(r.workflow).timer(r.timer);
    REQUIRE(t != nullptr);
    CHECK(timer_basis_name(t->basis) == std::string(r.basis));
  }
  // The 2020 version carries the same label.
  CHECK(shipped().find("ehcp-needs-assessment", "2020-coronavirus")->timer("issue_decision")->basis ==
        TimerBasis::guidance);
  // And the result carries it: request 10 Jan 2025, 16 weeks -> 2 May (10 Jan + 112 days).
  const auto ev = evaluate_shipped("ehcp-needs-assessment", {{"request_received", "2025-01-10"}}, "2025-01-20");
  CHECK(timer(ev, "issue_decision").basis == "guidance");
  CHECK(due(ev, "issue_decision") == "2025-05-02");
  CHECK(timer(ev, "final_plan").basis == "statute");
}

TEST_CASE("basis is checked when a workflow is loaded") {
  const std::string text = R"([workflow]
id = "w"
version = "1"
source = "test"
in_force_from = 2020-01-01
[[state]]
id = "a"
start = true
[[state]]
id = "b"
final = true
[[event]]
id = "go"
[[transition]]
event = "go"
from = "a"
to = "b"
[[timer]]
id = "t"
kind = "deadline"
start = "go"
stop = "go"
limit = "1 day"
source = "test"
basis = "custom"
)";
  auto load = load_workflow(text, "w.toml");
  REQUIRE_FALSE(load.errors.empty());
  bool found = false;
  // the basis line is line 25 of the text above
  for (const auto& e : load.errors)
    found = found || (e.to_string().find("w.toml:25:") == 0 &&
                      e.message.find("unknown basis 'custom' (statute, guidance or council)") != std::string::npos);
  CHECK(found);
}

// Point 8. Every shipped timer quotes its limit's words; explain prints them; check warns (but
// passes) when a timer has none.
TEST_CASE("every shipped timer has its wording") {
  for (const auto& id : shipped().ids())
    for (const auto* w : shipped().versions(id))
      for (const auto& t : w->timers) {
        INFO(w->id << " " << w->version << " timer " << t.id);
        CHECK(!t.wording.empty());
      }
  CHECK(workflow("ehcp-needs-assessment").timer("final_plan")->wording.find(
            "within 20 weeks of the local authority receiving a request") != std::string::npos);
  CHECK(workflow("ehcp-annual-review").timer("annual_review")->wording.find(
            "in the period of 12 months starting with the date on which the plan was first made") != std::string::npos);
  // The result quotes them when the timeline is kept (explain), not in a run over every case.
  const Case c = make_case("ehcp-needs-assessment", {{"request_received", "2025-01-10"}});
  const CalendarContext calendars{&england_and_wales(), nullptr};
  const auto full = evaluate_case(workflow("ehcp-needs-assessment"), c, d("2025-01-20"), calendars, Timeline::keep);
  const auto lean = evaluate_case(workflow("ehcp-needs-assessment"), c, d("2025-01-20"), calendars, Timeline::leave_out);
  CHECK(timer(full, "final_plan").wording == workflow("ehcp-needs-assessment").timer("final_plan")->wording);
  CHECK(timer(lean, "final_plan").wording.empty());
  CHECK(timer(lean, "final_plan").basis == "statute");
}

TEST_CASE("explain quotes the wording and lists guidance apart from the statutory limits") {
  const auto r = timescales::test::run_cli(std::string("--data ") + TIMESCALES_SOURCE_DIR +
                                           " explain --as-of 2026-01-05 " + TIMESCALES_SOURCE_DIR +
                                           "/tests/fixtures/cases/ehcp-summer.json");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const auto statutory = r.out.find("Clocks (statutory limits)");
  const auto other = r.out.find("Other clocks (guidance and council standards, not statutory limits)");
  REQUIRE(statutory != std::string::npos);
  REQUIRE(other != std::string::npos);
  CHECK(statutory < other);
  // final_plan is statutory and quoted under the first heading; issue_decision under the second.
  const auto final_plan = r.out.find("final_plan (deadline)");
  const auto issue = r.out.find("issue_decision (deadline, guidance)");
  CHECK((final_plan > statutory && final_plan < other));
  CHECK(issue > other);
  CHECK(r.out.find("in any event within 20 weeks of the local authority receiving a request") != std::string::npos);
}

TEST_CASE("check warns about a timer without wording, and still passes") {
  const std::string fixture = std::string(TIMESCALES_SOURCE_DIR) + "/tests/fixtures/workflow-without-wording.toml";
  const auto r = timescales::test::run_cli(std::string("--data ") + TIMESCALES_SOURCE_DIR + " check " + fixture);
  INFO(r.out);
  CHECK(r.status == 0);
  // the fixture's [[timer]] is on line 20
  CHECK(r.out.find("warning: " + fixture + ":20:1: timer 'reply' has no 'wording'") != std::string::npos);
  // the shipped workflows all have their words: no warning
  const auto shipped_check = timescales::test::run_cli(std::string("--data ") + TIMESCALES_SOURCE_DIR + " check");
  INFO(shipped_check.out);
  CHECK(shipped_check.status == 0);
  CHECK(shipped_check.out.find("warning:") == std::string::npos);
}

// Point 3. School Admission Appeals Code 2022 (⚠ paragraph numbers not confirmed): normal round,
// 40 school days from the lodging deadline; a late *application*, 40 from the deadline where
// possible or 30 from lodging, so the later date binds; in-year, 30 from lodging; an appeal
// lodged after the deadline in the normal round, reasonable efforts only (guidance).
// School days from tests/fixtures/school-2025-26.toml: Easter holidays to 10 Apr, Mon 4 May a
// bank holiday, half term 25-29 May 2026.
TEST_CASE("admission appeal hearings: late applications, late appeals, in-year") {
  const auto school = school_calendar("school-2025-26.toml");
  const std::map<std::string, std::string> late = {{"round", "late"}, {"lodging_deadline", "2026-04-17"}};
  const std::vector<Scenario> table = {
      {"late application lodged early: 40 from the deadline is the later date, and met",
       {{"decision_notified", "2026-03-30"}, {"appeal_lodged", "2026-04-20"}, {"hearing_held", "2026-06-19"}},
       "2026-06-30",
       {// Mon 20 Apr + 30: 21-24 (4), 27 Apr-1 May (9), [4 May], 5-8 (13), 11-15 (18), 18-22
        // (23), [half term], 1-5 Jun (28), 8 (29), 9 (30) -> 9 Jun. Fri 17 Apr + 40 -> 22 Jun
        // (admissions_tests.cpp, first appeal scenario). The later: 22 Jun; held 19 Jun.
        {"hearing", "met", "2026-06-22"}},
       "heard", nullptr, late},
      {"late application heard after both dates: missed",
       {{"decision_notified", "2026-03-30"}, {"appeal_lodged", "2026-04-20"}, {"hearing_held", "2026-06-23"}},
       "2026-06-30",
       {{"hearing", "missed", "2026-06-22"}},
       "heard", nullptr, late},
      {"normal round, appeal lodged on the deadline day: 40 from the deadline",
       {{"decision_notified", "2026-03-02"}, {"appeal_lodged", "2026-04-17"}},
       "2026-05-01",
       {{"hearing", "running", "2026-06-22"}},
       "lodged", nullptr, {{"round", "normal"}, {"lodging_deadline", "2026-04-17"}}},
      {"normal round, appeal lodged after the deadline: the same target, as guidance",
       {{"decision_notified", "2026-03-02"}, {"appeal_lodged", "2026-05-11"}},
       "2026-06-01",
       {// 11 May + 30 -> 29 Jun (admissions_tests.cpp); 17 Apr + 40 -> 22 Jun; later 29 Jun
        {"hearing", "running", "2026-06-29"}},
       "lodged", nullptr, {{"round", "normal"}, {"lodging_deadline", "2026-04-17"}}},
      {"in-year: 30 from lodging, no deadline needed",
       {{"decision_notified", "2026-04-20"}, {"appeal_lodged", "2026-05-11"}},
       "2026-06-01",
       {{"hearing", "running", "2026-06-29"}},
       "lodged", nullptr, {{"round", "in_year"}}},
  };
  run_scenarios("admission-appeal", table, school.get());

  const CalendarContext calendars{&england_and_wales(), school.get()};
  auto hearing = [&](std::vector<Ev> events, std::map<std::string, std::string> attributes) {
    const Case c = make_case("admission-appeal", std::move(events), std::move(attributes));
    return timer(evaluate_case(workflow("admission-appeal"), c, d("2026-06-01"), calendars), "hearing");
  };
  const auto after_deadline = hearing({{"decision_notified", "2026-03-02"}, {"appeal_lodged", "2026-05-11"}},
                                      {{"round", "normal"}, {"lodging_deadline", "2026-04-17"}});
  CHECK(after_deadline.basis == "guidance");
  const auto on_time = hearing({{"decision_notified", "2026-03-02"}, {"appeal_lodged", "2026-04-10"}},
                               {{"round", "normal"}, {"lodging_deadline", "2026-04-17"}});
  CHECK(on_time.basis == "statute");
  const auto late_app = hearing({{"decision_notified", "2026-03-30"}, {"appeal_lodged", "2026-04-20"}}, late);
  CHECK(late_app.basis == "statute");
  CHECK(late_app.explanation.rfind("lodging_deadline 2026-04-17 + 40 school days, or appeal_lodged 2026-04-20 + "
                                   "30 school days, whichever is later",
                                   0) == 0);
}

// Point 4. SI 2020/471, as the GOV.UK guidance and its Annex A describe it [S34] (⚠ the
// instrument's own text not seen): from 1 May to 25 September 2020 inclusive a limit did not
// apply where meeting it was not reasonably practicable for a reason relating to coronavirus.
// The reason must be recorded; a limit falling after 25 September is not relaxed; a case already
// running on 1 May is relaxed for its limits falling in the window.
TEST_CASE("SI 2020/471: a recorded reason, and only limits falling 1 May - 25 Sep 2020") {
  const std::vector<Scenario> table = {
      {"begun in the window, no reason recorded: not relaxed",
       {{"request_received", "2020-05-11"}, {"decision_to_assess", "2020-07-01"}},
       "2020-07-10",
       {// 11 May + 42 days -> 22 Jun; decided 1 Jul
        {"decision_to_assess", "missed", "2020-06-22"}},
       "assessing"},
      {"begun in the window, reason recorded: relaxed for a limit inside it, not after it",
       {{"request_received", "2020-05-11"}, {"exception_started", "2020-05-20", "coronavirus"},
        {"decision_to_assess", "2020-07-01"}, {"draft_plan_issued", "2020-09-30"}},
       "2020-10-30",
       {{"decision_to_assess", "exempt", "2020-06-22"},
        // 11 May + 112 days: 31 May (+20), 30 Jun (+50), 31 Jul (+81), 31 Aug (+112) -> 31 Aug,
        // inside the window; draft 30 Sep
        {"issue_decision", "exempt", "2020-08-31"},
        // 11 May + 140 -> 28 Sep (28 days after 31 Aug), after 25 Sep: overdue on 30 Oct
        {"final_plan", "overdue", "2020-09-28"}},
       "draft_issued"},
      {"in progress on 1 May (2014 version): relaxed for a limit in the window",
       {{"request_received", "2020-03-02"}, {"decision_to_assess", "2020-04-06"},
        {"exception_started", "2020-05-01", "coronavirus"}, {"draft_plan_issued", "2020-07-01"},
        {"final_plan_issued", "2020-08-03"}},
       "2020-08-10",
       {// Mon 2 Mar + 42: 31 Mar (+29), 13 Apr (+42) -> 13 Apr; decided 6 Apr
        {"decision_to_assess", "met", "2020-04-13"},
        // + 140: 31 Mar (+29), 30 Apr (+59), 31 May (+90), 30 Jun (+120), 20 Jul (+140) -> 20 Jul,
        // inside the window; final 3 Aug, late but excused
        {"final_plan", "exempt", "2020-07-20"},
        // 20 Jul - 28 days -> 22 Jun; draft 1 Jul
        {"issue_decision", "exempt", "2020-06-22"},
        // 1 Jul is day 1 of 15 -> 15 Jul; final 3 Aug
        {"draft_comment_period", "met", "2020-07-15"}},
       "plan_issued"},
      {"a coronavirus reason recorded for a limit before the window excuses nothing",
       {{"request_received", "2020-03-02"}, {"exception_started", "2020-03-20", "coronavirus"},
        {"decision_to_assess", "2020-04-20"}},
       "2020-05-01",
       {// due 13 Apr, before 1 May: the instrument was not yet in force
        {"decision_to_assess", "missed", "2020-04-13"}},
       "assessing"},
  };
  run_scenarios("ehcp-needs-assessment", table, nullptr, shipped().find("ehcp-needs-assessment", "2014"));

  // The explanation says why a recorded reason did not excuse the limit.
  const Case c = make_case("ehcp-needs-assessment", {{"request_received", "2020-05-11"},
                                                     {"exception_started", "2020-05-20", "coronavirus"}});
  const auto ev = evaluate_case(*shipped().find("ehcp-needs-assessment", "2020-coronavirus"), c, d("2020-10-30"),
                                {&england_and_wales(), nullptr});
  const auto& final_plan = timer(ev, "final_plan");
  CHECK(final_plan.exemption.empty());
  CHECK(final_plan.explanation.find("coronavirus (covers only limits due 2020-05-01 to 2020-09-25; not this one)") !=
        std::string::npos);
  CHECK(timer(ev, "decision_to_assess").exemption == "coronavirus");
}

TEST_CASE("evaluate's JSON gives each timer's basis") {
  const auto r = timescales::test::run_cli(std::string("--data ") + TIMESCALES_SOURCE_DIR +
                                           " evaluate --as-of 2026-01-05 --format json " + TIMESCALES_SOURCE_DIR +
                                           "/tests/fixtures/cases/ehcp-summer.json");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  auto basis_of = [&](const std::string& id) -> std::string {
    for (const auto& t : j["timers"])
      if (t["id"] == id) return t["basis"];
    return "no timer " + id;
  };
  CHECK(basis_of("issue_decision") == "guidance");
  CHECK(basis_of("final_plan") == "statute");
}
