// admissions-arrangements, admission-appeal and in-year-application, worked by hand.
// The school-day cases use tests/fixtures/school-2025-26.toml: terms 3 Sep-24 Oct, 3 Nov-19 Dec
// 2025, 5 Jan-13 Feb, 23 Feb-27 Mar, 13 Apr-22 May, 1 Jun-22 Jul 2026; INSET 12 Nov 2025 and
// 5 Jan 2026; bank holiday Mon 4 May 2026 falls in term. Weekday anchors: Mon 20 Oct 2025,
// Mon 15 Dec 2025, Mon 2 Mar 2026, Fri 17 Apr 2026, Mon 11 May 2026, Mon 15 Jun 2026.
#include "scenario.hpp"

using namespace timescales;
using namespace timescales::testing;

TEST_CASE("admissions-arrangements scenarios") {
  const std::map<std::string, std::string> intake_2021 = {{"admission_year", "2021"}};
  const std::vector<Scenario> table = {
      {"a consultation of 1 October - 8 November 2019 is shorter than 6 weeks",
       {{"consultation_started", "2019-10-01"}, {"consultation_ended", "2019-11-08"},
        {"arrangements_determined", "2020-02-20"}, {"arrangements_published", "2020-03-20"}},
       "2020-06-01",
       {// 1 Oct + 42 days: 31 Oct (+30), 12 Nov (+42) -> 12 Nov; ended 8 Nov
        {"consultation_minimum", "missed", "2019-11-12"},
        // inside 1 Oct 2019 (2021 - 2) to 31 Jan 2020 (2021 - 1)
        {"consultation_window", "met", "2020-01-31"},
        {"determination", "met", "2020-02-28"},   // 28 Feb of 2021 - 1; determined 20 Feb
        {"publication", "missed", "2020-03-15"},  // 15 Mar 2020; published 20 Mar
        {"objections", "met", "2020-05-15"}},     // no objection by 15 May: the window closed
       "published",
       nullptr,
       intake_2021},
      {"a consultation begun before 1 October is outside the window",
       {{"consultation_started", "2019-09-20"}, {"consultation_ended", "2019-11-15"}},
       "2019-12-01",
       {// 20 Sep + 42: 30 Sep (+10), 31 Oct (+41), 1 Nov (+42) -> 1 Nov; ended 15 Nov
        {"consultation_minimum", "met", "2019-11-01"},
        {"consultation_window", "missed", "2020-01-31"},
        // 28 Feb 2020; from 1 Dec: 30 (Dec) + 31 (Jan) + 28 = 89 days remaining
        {"determination", "running", "2020-02-28", 89}},
       "consulted",
       nullptr,
       intake_2021},
      {"no consultation needed; a late objection",
       {{"arrangements_determined", "2020-02-10"}, {"arrangements_published", "2020-03-10"},
        {"objection_received", "2020-05-20"}},
       "2020-06-01",
       {{"consultation_minimum", "pending", "none"},
        {"determination", "met", "2020-02-28"},
        {"publication", "met", "2020-03-15"},
        {"objections", "missed", "2020-05-15"}},  // received 20 May, after 15 May
       "published",
       nullptr,
       intake_2021},
      {"without an admission_year the fixed dates cannot be worked out",
       {{"arrangements_determined", "2020-02-10"}},
       "2020-03-01",
       {{"determination", "running", "none"}},
       "determined",
       "no 'admission_year' attribute"},
  };
  run_scenarios("admissions-arrangements", table);
}

TEST_CASE("in-year-application: school days across half term and INSET days") {
  const auto school = school_calendar("school-2025-26.toml");
  const std::vector<Scenario> table = {
      {"outcome a day late, across the October half term",
       {{"application_received", "2025-10-20"}, {"outcome_notified", "2025-11-19"}},
       "2025-11-30",
       {// Mon 20 Oct + 15 school days: 21,22,23,24 Oct (4), [half term 27-31 Oct], 3-7 Nov (9),
        // 10, 11 (11), [12 Nov INSET], 13, 14 (13), 17, 18 (15) -> 18 Nov; notified 19 Nov
        {"in_year_outcome", "missed", "2025-11-18"}},
       "notified"},
      {"running across Christmas and an INSET day",
       {{"application_received", "2025-12-15"}},
       "2026-01-12",
       {// Mon 15 Dec + 15: 16-19 Dec (4), [holiday to 4 Jan, INSET 5 Jan], 6-9 Jan (8),
        // 12-16 (13), 19, 20 (15) -> 20 Jan; after 12 Jan: 13,14,15,16,19,20 = 6 remaining
        {"in_year_outcome", "running", "2026-01-20", 6}},
       "received"},
  };
  run_scenarios("in-year-application", table, school.get());

  const Case c = make_case("in-year-application", {{"application_received", "2025-10-20"}});
  const auto ev = evaluate_case(workflow("in-year-application"), c, d("2025-11-01"),
                                {&england_and_wales(), school.get()});
  CHECK(timer(ev, "in_year_outcome").explanation ==
        "application_received 2025-10-20 + 15 school days; out of term 25 Oct to 2 Nov; "
        "closed 12 Nov (INSET day)");
}

TEST_CASE("school-day timers without a school calendar report a data problem") {
  const Case c = make_case("in-year-application", {{"application_received", "2025-10-20"}});
  const auto ev = evaluate_case(workflow("in-year-application"), c, d("2025-11-01"),
                                {&england_and_wales(), nullptr});
  const auto& t = timer(ev, "in_year_outcome");
  CHECK(t.status == TimerStatus::running);
  CHECK_FALSE(t.due.has_value());
  REQUIRE(ev.problems.size() == 1);
  CHECK(ev.problems[0].timer == "in_year_outcome");
  CHECK(ev.problems[0].message.find("needs a school calendar") != std::string::npos);
}

TEST_CASE("a school calendar that runs out is a data problem, not a crash") {
  const auto school = school_calendar("school-2025-26.toml");
  // 15 school days from 20 Jul 2026 run past the last term day, 22 Jul 2026.
  const Case c = make_case("in-year-application", {{"application_received", "2026-07-20"}});
  const auto ev = evaluate_case(workflow("in-year-application"), c, d("2026-07-21"),
                                {&england_and_wales(), school.get()});
  CHECK_FALSE(timer(ev, "in_year_outcome").due.has_value());
  REQUIRE_FALSE(ev.problems.empty());
  CHECK(ev.problems[0].timer == "in_year_outcome");
}

TEST_CASE("admission-appeal scenarios") {
  const auto school = school_calendar("school-2025-26.toml");
  const std::vector<Scenario> table = {
      {"normal round: hearing counted from the lodging deadline",
       {{"decision_notified", "2026-03-02"}, {"appeal_lodged", "2026-04-10"},
        {"hearing_notice_sent", "2026-06-01"}, {"hearing_held", "2026-06-15"},
        {"decision_letter_sent", "2026-06-23"}},
       "2026-06-30",
       {// Mon 2 Mar + 20 school days: 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), [Easter
        // holidays], 13 Apr (20) -> 13 Apr; the deadline set, 17 Apr, is later: met
        {"lodging_period", "met", "2026-04-13"},
        // Fri 17 Apr + 40: 20-24 Apr (5), 27 Apr-1 May (10), [4 May bank holiday], 5-8 (14),
        // 11-15 (19), 18-22 (24), [half term 25-29 May], 1-5 Jun (29), 8-12 (34), 15-19 (39),
        // 22 (40) -> 22 Jun; held 15 Jun
        {"hearing", "met", "2026-06-22"},
        // Mon 15 Jun - 10 school days: 12,11,10,9,8 (5), 5,4,3,2,1 (10) -> 1 Jun; sent 1 Jun
        {"hearing_notice", "met", "2026-06-01"},
        // 15 Jun + 5: 16,17,18,19,22 -> 22 Jun; sent 23 Jun
        {"decision_letter", "missed", "2026-06-22"}},
       "decided",
       nullptr,
       {{"round", "normal"}, {"lodging_deadline", "2026-04-17"}}},
      {"normal round: a lodging deadline set too early",
       {{"decision_notified", "2026-03-02"}},
       "2026-03-10",
       {{"lodging_period", "missed", "2026-04-13"}},  // 13 Apr as above; deadline set 30 Mar
       "refused",
       nullptr,
       {{"round", "normal"}, {"lodging_deadline", "2026-03-30"}}},
      {"late application: the later of 40 from the deadline and 30 from lodging",
       {{"decision_notified", "2026-04-20"}, {"appeal_lodged", "2026-05-11"}},
       "2026-06-01",
       {// Mon 11 May + 30: 12-15 (4), 18-22 (9), [half term], 1-5 Jun (14), 8-12 (19),
        // 15-19 (24), 22-26 (29), 29 (30) -> 29 Jun; the deadline 17 Apr + 40 -> 22 Jun (as in
        // the first scenario); the later is 29 Jun. After 1 Jun: 2-5 (4), 8-12 (9), 15-19 (14),
        // 22-26 (19), 29 (20) -> 20 remaining
        {"hearing", "running", "2026-06-29", 20},
        {"hearing_notice", "pending", "none"}},
       "lodged",
       nullptr,
       {{"round", "late"}, {"lodging_deadline", "2026-04-17"}}},
      {"a hearing held with no notice sent",
       {{"decision_notified", "2026-04-20"}, {"appeal_lodged", "2026-05-11"},
        {"hearing_held", "2026-06-15"}},
       "2026-06-16",
       {{"hearing_notice", "missed", "2026-06-01"},  // 1 Jun as above; no notice at all
        {"hearing", "met", "2026-06-29"}},
       "heard",
       nullptr,
       {{"round", "in_year"}}},
  };
  run_scenarios("admission-appeal", table, school.get());
}

TEST_CASE("complaints-corporate scenarios") {
  const std::vector<Scenario> table = {
      {"stage 1 counted from the acknowledgement, a day late",
       {{"received", "2025-12-19"}, {"acknowledged", "2025-12-23"},
        {"stage1_responded", "2026-01-12"}},
       "2026-01-20",
       {// Fri 19 Dec + 5 WD: 22,23,24,29,30 -> 30 Dec; acknowledged 23 Dec
        {"acknowledgement", "met", "2025-12-30"},
        // Tue 23 Dec + 10 WD: 24 (1), 29,30,31 (4), 2 Jan (5), 5-9 (10) -> 9 Jan; 12 Jan
        {"stage1_response", "missed", "2026-01-09"}},
       "stage1_response_sent"},
      {"stage 2 acknowledged late, response running",
       {{"received", "2025-12-19"}, {"acknowledged", "2025-12-23"},
        {"stage1_responded", "2026-01-08"}, {"stage2_requested", "2026-01-14"},
        {"stage2_acknowledged", "2026-01-22"}},
       "2026-02-01",
       {// Wed 14 Jan + 5 WD: 15,16,19,20,21 -> 21 Jan; acknowledged 22 Jan
        {"stage2_acknowledgement", "missed", "2026-01-21"},
        // Thu 22 Jan + 20 WD: 23 (1), 26-30 (6), 2-6 Feb (11), 9-13 (16), 16-19 (20) -> 19 Feb;
        // after Sun 1 Feb: 2-6 (5), 9-13 (10), 16-19 (14)
        {"stage2_response", "running", "2026-02-19", 14}},
       "stage2"},
  };
  run_scenarios("complaints-corporate", table);
}
