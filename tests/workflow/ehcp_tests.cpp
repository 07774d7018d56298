// ehcp-needs-assessment and ehcp-annual-review, worked by hand. Weeks are 7 calendar days with
// no roll-forward; months use the corresponding-date rule. Weekday anchors: Fri 10 Jan 2025,
// Fri 4 Apr 2025, Mon 3 Mar 2025, Fri 14 Nov 2025, Fri 6 Jun 2025, Mon 11 May 2020.
#include "scenario.hpp"

using namespace timescales;
using namespace timescales::testing;

TEST_CASE("ehcp-needs-assessment scenarios") {
  const std::vector<Scenario> table = {
      {"on time throughout",
       {{"request_received", "2025-01-10"}, {"decision_to_assess", "2025-02-20"},
        {"advice_requested", "2025-02-24"}, {"advice_received", "2025-03-28"},
        {"draft_plan_issued", "2025-04-25"}, {"final_plan_issued", "2025-05-12"}},
       "2025-06-01",
       {// 10 Jan + 42 days: 31 Jan is +21, 21 Feb is +42 -> 21 Feb; decided 20 Feb
        {"decision_to_assess", "met", "2025-02-21"},
        // 10 Jan + 112 days: 31 Jan (+21), 28 Feb (+49), 31 Mar (+80), 30 Apr (+110), 2 May
        // (+112) -> 2 May; draft 25 Apr
        {"issue_decision", "met", "2025-05-02"},
        // 2 May + 28 days -> 30 May; final 12 May
        {"final_plan", "met", "2025-05-30"},
        // 15 days beginning with 25 Apr: 25 Apr is day 1, day 15 is 25 + 14 = 9 May; final on
        // 12 May, after the period
        {"draft_comment_period", "met", "2025-05-09"}},
       "plan_issued"},
      {"final plan issued before the 15-day comment period ended",
       {{"request_received", "2025-01-10"}, {"decision_to_assess", "2025-02-14"},
        {"draft_plan_issued", "2025-05-01"}, {"final_plan_issued", "2025-05-08"}},
       "2025-06-01",
       {// 1 May is day 1; day 15 is 1 + 14 = 15 May; final on 8 May, a week early
        {"draft_comment_period", "missed", "2025-05-15"},
        {"issue_decision", "met", "2025-05-02"},  // draft 1 May, due 2 May (as above)
        {"final_plan", "met", "2025-05-30"}},
       "plan_issued"},
      {"plan late after the summer school closure: exempt, not missed",
       {{"request_received", "2025-04-04"}, {"decision_to_assess", "2025-05-15"},
        {"advice_requested", "2025-07-15"}, {"exception_started", "2025-07-15", "school_closure"},
        {"exception_ended", "2025-09-08"}, {"draft_plan_issued", "2025-09-12"},
        {"final_plan_issued", "2025-10-03"}},
       "2025-10-10",
       {// 4 Apr + 42 days: 30 Apr (+26), 16 May (+42) -> 16 May; decided 15 May
        {"decision_to_assess", "met", "2025-05-16"},
        // 4 Apr + 140 days: 30 Apr (+26), 31 May (+57), 30 Jun (+87), 31 Jul (+118), 22 Aug
        // (+140) -> 22 Aug; 16 weeks is 28 days earlier -> 25 Jul. The exception began 15 Jul,
        // before both were due; draft 12 Sep and final 3 Oct are late but excused
        {"issue_decision", "exempt", "2025-07-25"},
        {"final_plan", "exempt", "2025-08-22"},
        // 12 Sep is day 1; day 15 is 26 Sep; final 3 Oct
        {"draft_comment_period", "met", "2025-09-26"}},
       "plan_issued"},
      {"an exception arising after the limit had passed excuses nothing",
       {{"request_received", "2025-01-10"}, {"decision_to_assess", "2025-02-14"},
        {"exception_started", "2025-06-10", "exceptional_personal_circumstances"}},
       "2025-06-20",
       {// due 2 May and 30 May (as in the first scenario); the exception came on 10 Jun
        {"issue_decision", "overdue", "2025-05-02"},
        {"final_plan", "overdue", "2025-05-30"}},
       "assessing"},
      {"decision not to assess, two days late; the later clocks are cancelled",
       {{"request_received", "2025-03-03"}, {"decision_not_to_assess", "2025-04-16"}},
       "2025-05-01",
       {// Mon 3 Mar + 42 days: 31 Mar (+28), 14 Apr (+42) -> 14 Apr; decided 16 Apr
        {"decision_to_assess", "missed", "2025-04-14"},
        // 3 Mar + 112 days: 31 Mar (+28), 30 Apr (+58), 31 May (+89), 23 Jun (+112) -> 23 Jun
        {"issue_decision", "cancelled", "2025-06-23"},
        {"final_plan", "cancelled"},
        {"draft_comment_period", "pending", "none"}},
       "not_assessed"},
      {"decision not to issue, four days late",
       {{"request_received", "2025-01-10"}, {"decision_to_assess", "2025-02-21"},
        {"decision_not_to_issue", "2025-05-06"}},
       "2025-06-01",
       {{"decision_to_assess", "met", "2025-02-21"},  // decided on the due day itself
        {"issue_decision", "missed", "2025-05-02"},   // due 2 May, decided 6 May
        {"final_plan", "cancelled", "2025-05-30"}},   // moot from 6 May, before 30 May
       "not_issued"},
      {"running across Christmas: weeks do not roll forward",
       {{"request_received", "2025-11-14"}, {"decision_to_assess", "2025-12-22"}},
       "2026-01-05",
       {// 14 Nov + 42 days: 30 Nov (+16), 26 Dec (+42) -> 26 Dec, a bank holiday, unmoved
        {"decision_to_assess", "met", "2025-12-26"},
        // 14 Nov + 140: 30 Nov (+16), 31 Dec (+47), 31 Jan (+78), 28 Feb (+106), 31 Mar (+137),
        // 3 Apr (+140) -> 3 Apr 2026 (Good Friday, unmoved). From 5 Jan: 26 + 28 + 31 + 3 = 88
        // days = 12 whole weeks remaining
        {"final_plan", "running", "2026-04-03", 12},
        // 3 Apr - 28 days -> 6 Mar
        {"issue_decision", "running", "2026-03-06"}},
       "assessing"},
      {"withdrawn by the family",
       {{"request_received", "2025-01-10"}, {"decision_to_assess", "2025-02-14"},
        {"withdrawn", "2025-03-20"}},
       "2025-06-01",
       {{"decision_to_assess", "met", "2025-02-21"},
        {"issue_decision", "cancelled"},
        {"final_plan", "cancelled"}},
       "withdrawn"},
      {"a final plan recorded before any decision is refused",
       {{"request_received", "2025-01-10"}, {"final_plan_issued", "2025-02-01"}},
       "2025-02-10",
       {// due 21 Feb; 11 days from 10 Feb -> 1 whole week remaining
        {"decision_to_assess", "running", "2025-02-21", 1},
        {"final_plan", "running", "2025-05-30"}},
       "deciding",
       "final_plan_issued on 2025-02-01 is not allowed in state 'deciding'"},
      {"an early-years closure does not excuse the 6-week decision (reg 5(4) has no such limb)",
       {{"request_received", "2025-06-06"},
        {"exception_started", "2025-07-11", "early_years_closure"}},
       "2025-07-25",
       {// Fri 6 Jun + 42 days: 30 Jun (+24), 18 Jul (+42) -> 18 Jul
        {"decision_to_assess", "overdue", "2025-07-18"},
        // 6 Jun + 112: 30 Jun (+24), 31 Jul (+55), 31 Aug (+86), 26 Sep (+112) -> 26 Sep;
        // excused if late, but not late yet
        {"issue_decision", "running", "2025-09-26"}},
       "deciding"},
      {"an exception without a reason is a data problem and excuses nothing",
       {{"request_received", "2025-06-06"}, {"exception_started", "2025-07-01"}},
       "2025-07-25",
       {{"decision_to_assess", "overdue", "2025-07-18"}},
       "deciding",
       "exception_started on 2025-07-01 gives no reason"},
  };
  run_scenarios("ehcp-needs-assessment", table, nullptr,
                shipped().find("ehcp-needs-assessment", "2014"));
}

TEST_CASE("an exception is recorded on the timers it covers") {
  const Case c = make_case("ehcp-needs-assessment",
                           {{"request_received", "2025-06-06"},
                            {"exception_started", "2025-07-11", "early_years_closure"}});
  const auto ev = evaluate_case(*shipped().find("ehcp-needs-assessment", "2014"), c,
                                d("2025-07-25"), {&england_and_wales(), nullptr});
  CHECK(timer(ev, "issue_decision").exemption == "early_years_closure");
  CHECK(timer(ev, "decision_to_assess").exemption.empty());
  CHECK(timer(ev, "final_plan").explanation ==
        "request_received 2025-06-06 + 20 weeks; exception from 2025-07-11: early_years_closure");
}

TEST_CASE("the SEND 2020 coronavirus version applies to cases begun 1 May - 25 Sep 2020") {
  const auto& lib = shipped();
  REQUIRE(lib.versions("ehcp-needs-assessment").size() == 2);
  const CalendarContext calendars{&england_and_wales(), nullptr};

  // Mon 11 May 2020 + 42 days: 31 May (+20), 22 Jun (+42) -> 22 Jun; decided 1 Jul, late.
  // + 140 days: 31 May (+20), 30 Jun (+50), 31 Jul (+81), 31 Aug (+112), 28 Sep (+140) -> 28 Sep.
  // The coronavirus reason was recorded on 20 May (SI 2020/471: the relaxation needs a reason).
  Case during = make_case("ehcp-needs-assessment", {{"request_received", "2020-05-11"},
                                                    {"exception_started", "2020-05-20", "coronavirus"},
                                                    {"decision_to_assess", "2020-07-01"}});
  auto choice = lib.for_case(during);
  REQUIRE(choice.ok());
  CHECK(choice->definition->version == "2020-coronavirus");
  auto ev = evaluate_case(lib, during, d("2020-10-30"), calendars);
  CHECK(ev.workflow_version == "2020-coronavirus");
  CHECK(status(ev, "decision_to_assess") == "exempt");  // due 22 Jun, inside the window
  CHECK(due(ev, "decision_to_assess") == "2020-06-22");
  // Due 28 Sep, after the relaxation ceased at the end of 25 Sep: not relaxed, overdue.
  CHECK(status(ev, "final_plan") == "overdue");
  CHECK(due(ev, "final_plan") == "2020-09-28");

  // The same dates a year earlier fall under the 2014 Regulations: Sat 11 May 2019 + 42 days
  // -> 22 Jun 2019; decided 1 Jul: missed.
  Case before = make_case("ehcp-needs-assessment", {{"request_received", "2019-05-11"},
                                                    {"decision_to_assess", "2019-07-01"}});
  ev = evaluate_case(lib, before, d("2019-10-30"), calendars);
  CHECK(ev.workflow_version == "2014");
  CHECK(status(ev, "decision_to_assess") == "missed");

  // A case can pin a version; pinned, the 2019 case is still missed: no coronavirus reason was
  // recorded, and its limit (22 Jun 2019) is outside the window anyway.
  before.workflow_version = "2020-coronavirus";
  ev = evaluate_case(lib, before, d("2019-10-30"), calendars);
  CHECK(ev.workflow_version == "2020-coronavirus");
  CHECK(status(ev, "decision_to_assess") == "missed");
}

TEST_CASE("ehcp-annual-review scenarios") {
  const std::vector<Scenario> table = {
      {"first review overdue",
       {{"plan_issued", "2025-01-31"}},
       "2026-02-02",
       {// s.44(1): 12 months starting with 31 Jan 2025 are the 12 months after 30 Jan 2025
        // -> 30 Jan 2026, the day before the anniversary; overdue on 2 Feb
        {"annual_review", "overdue", "2026-01-30"},
        {"review_report", "pending", "none"}},
       "maintained"},
      {"plan made on 29 Feb: reviewed by 28 Feb the next year; report and decision clocks",
       {{"plan_issued", "2024-02-29"}, {"review_meeting_held", "2025-02-20"},
        {"review_report_sent", "2025-03-05"}},
       "2025-03-10",
       {// 12 months starting with 29 Feb 2024 = the 12 months after 28 Feb 2024 -> 28 Feb
        // 2025; met 20 Feb, and the next cycle starts with 20 Feb 2025 -> the day before the
        // anniversary, 19 Feb 2026
        {"annual_review", "running", "2026-02-19"},
        // 20 Feb + 14 days -> 6 Mar; sent 5 Mar
        {"review_report", "met", "2025-03-06"},
        // 20 Feb + 28 days -> 20 Mar
        {"review_decision", "running", "2025-03-20"}},
       "under_review"},
      {"amendments late, decision late (Devon 12 weeks overall)",
       {{"plan_issued", "2024-09-13"}, {"review_meeting_held", "2025-06-10"},
        {"review_report_sent", "2025-06-20"}, {"review_decision_notified", "2025-07-10"},
        {"amendment_notice_sent", "2025-07-10"}, {"amended_plan_issued", "2025-09-15"}},
       "2025-09-20",
       {// 10 Jun + 14 -> 24 Jun; sent 20 Jun
        {"review_report", "met", "2025-06-24"},
        // 10 Jun + 28 -> 8 Jul; notified 10 Jul
        {"review_decision", "missed", "2025-07-08"},
        // 10 Jul + 56: 31 Jul (+21), 31 Aug (+52), 4 Sep (+56) -> 4 Sep; issued 15 Sep
        {"amended_plan", "missed", "2025-09-04"},
        // meeting 10 Jun + 84: 30 Jun (+20), 31 Jul (+51), 31 Aug (+82), 2 Sep (+84) -> 2 Sep
        {"amendment_overall", "missed", "2025-09-02"},
        // starting with 13 Sep 2024 -> 12 Sep 2025, met by the 10 Jun meeting; next cycle
        // starting with 10 Jun 2025 -> 9 Jun 2026
        {"annual_review", "running", "2026-06-09"}},
       "maintained"},
      {"phase transfer to secondary not done by 15 February",
       {{"plan_issued", "2023-03-01"}, {"review_meeting_held", "2024-02-20"},
        {"review_meeting_held", "2025-02-10"}},
       "2026-02-20",
       {// transfer_year 2026, not secondary to post-16: reg 18(1)(b) "before 15th February"
        // -> the last day allowed is 14 Feb 2026
        {"phase_transfer", "overdue", "2026-02-14"},
        // 12 months starting with the last meeting, 10 Feb 2025 -> 9 Feb 2026
        {"annual_review", "overdue", "2026-02-09"}},
       "under_review",
       nullptr,
       {{"transfer_year", "2026"}, {"transfer", "primary_to_secondary"}}},
      {"phase transfer to post-16 done by 31 March; an earlier year's amendment does not count",
       {{"plan_issued", "2023-03-01"}, {"review_meeting_held", "2024-02-20"},
        {"amendment_notice_sent", "2024-03-01"}, {"amended_plan_issued", "2024-04-10"},
        {"review_meeting_held", "2025-02-10"}, {"review_decision_notified", "2025-03-01"},
        {"review_meeting_held", "2026-01-15"}, {"amendment_notice_sent", "2026-01-29"},
        {"amended_plan_issued", "2026-03-20"}},
       "2026-04-01",
       {// reg 18(1)(a) "before 31st March" -> 30 Mar 2026; amended 20 Mar 2026 (the 10 Apr 2024
        // amendment is before 1 Sep 2025)
        {"phase_transfer", "met", "2026-03-30"},
        // 29 Jan + 56: 31 Jan (+2), 28 Feb (+30), 26 Mar (+56) -> 26 Mar; issued 20 Mar
        {"amended_plan", "met", "2026-03-26"},
        // 15 Jan + 84: 31 Jan (+16), 28 Feb (+44), 31 Mar (+75), 9 Apr (+84) -> 9 Apr
        {"amendment_overall", "met", "2026-04-09"},
        // 12 months starting with 15 Jan 2026 -> 14 Jan 2027
        {"annual_review", "running", "2027-01-14"}},
       "maintained",
       nullptr,
       {{"transfer_year", "2026"}, {"transfer", "secondary_to_post16"}}},
      {"plan ceased: the running clocks are cancelled",
       {{"plan_issued", "2024-05-01"}, {"review_meeting_held", "2025-04-28"},
        {"ceased", "2025-05-06"}},
       "2025-06-30",
       {// 28 Apr + 14 -> 12 May, cancelled 6 May before it was due
        {"review_report", "cancelled", "2025-05-12"},
        {"annual_review", "cancelled"}},
       "ceased"},
  };
  run_scenarios("ehcp-annual-review", table);
}

TEST_CASE("annual review keeps each finished cycle") {
  const Case c = make_case("ehcp-annual-review",
                           {{"plan_issued", "2023-01-16"}, {"review_meeting_held", "2024-01-20"},
                            {"review_meeting_held", "2025-01-10"}});
  const auto ev = evaluate_case(workflow("ehcp-annual-review"), c, d("2025-02-01"),
                                {&england_and_wales(), nullptr});
  const auto& t = timer(ev, "annual_review");
  REQUIRE(t.previous_cycles.size() == 2);
  // 12 months starting with 16 Jan 2023 -> 15 Jan 2024; held 20 Jan: missed
  CHECK(t.previous_cycles[0].status == TimerStatus::missed);
  CHECK(t.previous_cycles[0].due == d("2024-01-15"));
  // starting with 20 Jan 2024 -> 19 Jan 2025; held 10 Jan: met
  CHECK(t.previous_cycles[1].status == TimerStatus::met);
  CHECK(t.previous_cycles[1].due == d("2025-01-19"));
  // current: starting with 10 Jan 2025 -> 9 Jan 2026
  CHECK(t.due == d("2026-01-09"));
  // the first meeting's report never came: overtaken by the second meeting after it was due
  REQUIRE(timer(ev, "review_report").previous_cycles.size() == 1);
  CHECK(timer(ev, "review_report").previous_cycles[0].status == TimerStatus::missed);
}
