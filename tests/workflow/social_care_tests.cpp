// The children's social care workflows, worked by hand from the limits' words
// (statutory-timescales.md §D) and the GOV.UK bank holidays for England and Wales (2025: 25 Aug,
// 25-26 Dec; 2026: 1 Jan). Working days skip weekends and those days; months use the
// corresponding-date rule, clamped to the month's last day; weeks are 7 calendar days.
// Weekday anchors: Mon 11 Aug 2025, Fri 29 Aug 2025, Fri 31 Oct 2025, Mon 3 Nov 2025,
// Mon 10 Nov 2025, Thu 27 Nov 2025, Fri 19 Dec 2025, Mon 6 Jan 2025, Mon 2 Mar 2026.
#include "scenario.hpp"

using namespace timescales;
using namespace timescales::testing;

namespace {

std::string iso(const std::optional<Date>& day) { return day ? to_iso(*day) : "none"; }

// "start due stopped status" for each finished cycle, oldest first.
std::vector<std::string> cycles(const TimerResult& t) {
  std::vector<std::string> out;
  for (const auto& c : t.previous_cycles)
    out.push_back(to_iso(c.start) + " " + iso(c.due) + " " + iso(c.stopped) + " " +
                  std::string(timer_status_name(c.status)));
  return out;
}

Evaluation evaluated(const char* workflow_id, const std::vector<Ev>& events, const char* as_of,
                     std::map<std::string, std::string> attributes = {}) {
  const CalendarContext calendars{&england_and_wales(), nullptr};
  return evaluate_case(workflow(workflow_id), make_case(workflow_id, events, std::move(attributes)),
                       d(as_of), calendars);
}

}  // namespace

TEST_CASE("child-and-family-assessment scenarios") {
  const std::vector<Scenario> table = {
      {"a referral over Christmas: decided a day late, assessed on the 45th working day",
       {{"referral_received", "2025-12-19"}, {"referral_decision", "2025-12-23"},
        {"assessment_completed", "2026-02-25"}},
       "2026-03-02",
       {// Fri 19 Dec + 1 working day: Mon 22 Dec. Decided Tue 23 Dec
        {"referral_decision", "missed", "2025-12-22"},
        // 45 working days from 19 Dec: 22-24 Dec (1-3), 29-31 Dec (4-6; 25, 26 Dec are bank
        // holidays), 2 Jan (7; 1 Jan is one), 5-9 Jan (8-12), 12-16 (13-17), 19-23 (18-22),
        // 26-30 (23-27), 2-6 Feb (28-32), 9-13 (33-37), 16-20 (38-42), 23, 24, 25 Feb (43-45)
        {"assessment", "met", "2026-02-25"}},
       "assessed"},
      {"closed with no further action after the decision: the assessment is cancelled",
       {{"referral_received", "2025-12-19"}, {"referral_decision", "2025-12-22"},
        {"closed", "2026-01-05"}},
       "2026-03-02",
       {{"referral_decision", "met", "2025-12-22"},
        // closed 5 Jan, before the 45 working days ran out on 25 Feb
        {"assessment", "cancelled", "2026-02-25"}},
       "closed"},
  };
  run_scenarios("child-and-family-assessment", table);
}

TEST_CASE("child-protection scenarios") {
  const std::vector<Scenario> table = {
      {"two strategy discussions: the conference counts from the last",
       {{"strategy_discussion", "2025-11-03"}, {"section47_started", "2025-11-03"},
        {"strategy_discussion", "2025-11-10"}, {"icpc_held", "2025-11-27"},
        {"core_group_held", "2025-12-10"}, {"strategy_discussion", "2026-02-02"},
        {"review_conference_held", "2026-02-26"}},
       "2026-03-02",
       {// From the first (Mon 3 Nov), 15 working days would end Mon 24 Nov: 4-7 Nov (1-4),
        // 10-14 (5-9), 17-21 (10-14), 24 (15). From the last (Mon 10 Nov): 11-14 Nov (1-4),
        // 17-21 (5-9), 24-28 (10-14), Mon 1 Dec (15). Held Thu 27 Nov: in time. The
        // discussion of 2 Feb came after the conference and restarts nothing.
        {"icpc", "met", "2025-12-01"},
        // 10 working days from Thu 27 Nov: 28 Nov (1), 1-5 Dec (2-6), 8-11 Dec (7-10)
        {"first_core_group", "met", "2025-12-11"},
        // First review 27 Nov + 3 months = 27 Feb, held 26 Feb; the next 26 Feb + 6 months
        {"review_conference", "running", "2026-08-26"}},
       "plan"},
      {"one strategy discussion, the conference a day late",
       {{"strategy_discussion", "2025-11-03"}, {"icpc_held", "2025-11-25"}},
       "2025-11-26",
       {// due Mon 24 Nov (as above); held Tue 25 Nov
        {"icpc", "missed", "2025-11-24"},
        // 25 Nov + 3 months
        {"review_conference", "running", "2026-02-25"}},
       "plan"},
      {"the plan ends at a review conference: the next review is cancelled",
       {{"strategy_discussion", "2025-11-10"}, {"icpc_held", "2025-11-27"},
        {"core_group_held", "2025-12-10"}, {"review_conference_held", "2026-02-26"},
        {"review_conference_held", "2026-08-20"}, {"plan_ended", "2026-08-20"}},
       "2026-09-01",
       {// the review of 20 Aug met its 26 Aug; the cycle it began (due 20 Feb 2027) ends with the plan
        {"review_conference", "cancelled", "2027-02-20"}},
       "plan_ended"},
  };
  run_scenarios("child-protection", table);

  const auto ev = evaluated("child-protection",
                            {{"strategy_discussion", "2025-11-03"}, {"strategy_discussion", "2025-11-10"},
                             {"icpc_held", "2025-11-27"}, {"review_conference_held", "2026-02-26"},
                             {"review_conference_held", "2026-08-20"}, {"plan_ended", "2026-08-20"}},
                            "2026-09-01");
  // The first discussion was superseded, not missed: no cycle of the conference clock is recorded.
  CHECK(timer(ev, "icpc").previous_cycles.empty());
  // 27 Nov + 3 months = 27 Feb (held 26 Feb); 26 Feb + 6 months = 26 Aug (held 20 Aug)
  CHECK(cycles(timer(ev, "review_conference")) ==
        std::vector<std::string>{"2025-11-27 2026-02-27 2026-02-26 met",
                                 "2026-02-26 2026-08-26 2026-08-20 met"});
}

TEST_CASE("child-in-care: the review chain across its three intervals, with a month-end clamp") {
  // Looked after Mon 11 Aug 2025. First review within 20 working days: 12-15 Aug (1-4),
  // 18-22 (5-9), 26-29 (10-13; Mon 25 Aug is a bank holiday), 1-5 Sep (14-18), 8, 9 Sep (19,
  // 20): Tue 9 Sep. Held Fri 29 Aug. Second within 3 months of it: 29 Nov; held Fri 31 Oct.
  // Then every 6 months: 31 Oct + 6 months is 31 April, which does not exist: 30 April 2026.
  // Held Thu 30 Apr, on the day. The next: 30 Oct 2026, not held by Mon 2 Nov 2026.
  const auto ev = evaluated("child-in-care",
                            {{"became_looked_after", "2025-08-11"}, {"placement_started", "2025-08-11"},
                             {"review_held", "2025-08-29"}, {"review_held", "2025-10-31"},
                             {"review_held", "2026-04-30"}},
                            "2026-11-02", {{"placement_until_18", "false"}});
  const auto& review = timer(ev, "review");
  INFO(review.explanation);
  CHECK(cycles(review) == std::vector<std::string>{"2025-08-11 2025-09-09 2025-08-29 met",
                                                    "2025-08-29 2025-11-29 2025-10-31 met",
                                                    "2025-10-31 2026-04-30 2026-04-30 met"});
  CHECK(timer_status_name(review.status) == std::string("overdue"));
  CHECK(iso(review.start) == "2026-04-30");
  CHECK(iso(review.due) == "2026-10-30");
  CHECK(review.explanation.find("review_held 2026-04-30 + 6 months (cycle 4 since became_looked_after 2025-08-11)") == 0);
}

TEST_CASE("child-in-care scenarios") {
  const std::map<std::string, std::string> kNotUntil18 = {{"placement_until_18", "false"},
                                                          {"date_of_birth", "2012-06-01"}};
  const std::vector<Scenario> table = {
      {"the first review a day late: the second counts from the review as held",
       {{"became_looked_after", "2025-08-11"}, {"review_held", "2025-09-10"}},
       "2025-11-01",
       {// due Tue 9 Sep (as above); held Wed 10 Sep. The next: 10 Sep + 3 months
        {"review", "running", "2025-12-10"}},
       "looked_after", nullptr, kNotUntil18},
      {"ceasing to be looked after cancels what is not yet due; looked after again starts afresh",
       {{"became_looked_after", "2025-08-11"}, {"review_held", "2025-08-29"},
        {"ceased_looked_after", "2025-10-01"}, {"became_looked_after", "2025-11-03"}},
       "2025-11-20",
       {// Mon 3 Nov + 20 working days: 4-7 Nov (1-4), 10-14 (5-9), 17-21 (10-14), 24-28
        // (15-19), Mon 1 Dec (20)
        {"review", "running", "2025-12-01"},
        {"initial_health_assessment", "running", "2025-12-01"}},
       "looked_after", nullptr, kNotUntil18},
      {"a placement ending the episode before the first review is due: cancelled",
       {{"became_looked_after", "2025-08-11"}, {"ceased_looked_after", "2025-08-20"}},
       "2025-11-01",
       {{"review", "cancelled", "2025-09-09"}, {"initial_health_assessment", "cancelled", "2025-09-09"},
        {"pep", "cancelled", "2025-09-09"}},
       "ceased", nullptr, kNotUntil18},
      {"the initial health assessment and the PEP after the first review was due",
       {{"became_looked_after", "2025-08-11"}, {"health_assessment_done", "2025-09-12"},
        {"pep_completed", "2025-09-05"}},
       "2025-09-15",
       {// both 20 working days: Tue 9 Sep (as above); the PEP on 5 Sep, the assessment on 12 Sep
        {"initial_health_assessment", "missed", "2025-09-09"},
        {"pep", "met", "2025-09-09"},
        // the PEP's first review within 4 months (the termly reading, ⚠): 5 Jan 2026
        {"pep_review", "running", "2026-01-05"},
        // aged 13 on 12 Sep (born 1 Jun 2012): 12 months
        {"review_health_assessment", "running", "2026-09-12"}},
       "looked_after", nullptr, kNotUntil18},
  };
  run_scenarios("child-in-care", table);
}

TEST_CASE("child-in-care: visits every 6 weeks in the placement's first year, then every 3 months") {
  // Placement from Mon 6 Jan 2025. First visit within 1 week: 13 Jan; made Fri 10 Jan.
  // Then 6 weeks (42 days) after each visit made within 12 months of the start (to 6 Jan 2026
  // inclusive): 10 Jan + 42 = 21 Feb (made that day); 21 Feb + 42 = 4 Apr (missed: the next
  // visit was 6 Jan 2026); 6 Jan 2026 is exactly 12 months on, still within the first year:
  // + 42 = 17 Feb 2026. 7 Jan 2026 is after the first year: 3 months where the placement is to
  // last until 18 (7 Apr 2026), else still 6 weeks (18 Feb 2026).
  const std::vector<Ev> visits = {{"became_looked_after", "2025-01-06"}, {"placement_started", "2025-01-06"},
                                  {"visit_made", "2025-01-10"}, {"visit_made", "2025-02-21"},
                                  {"visit_made", "2026-01-06"}, {"visit_made", "2026-01-07"}};
  const auto until_18 = evaluated("child-in-care", visits, "2026-02-20",
                                  {{"placement_until_18", "true"}, {"date_of_birth", "2012-06-01"}});
  const auto& visit = timer(until_18, "visit");
  INFO(visit.explanation);
  CHECK(cycles(visit) == std::vector<std::string>{"2025-01-06 2025-01-13 2025-01-10 met",
                                                   "2025-01-10 2025-02-21 2025-02-21 met",
                                                   "2025-02-21 2025-04-04 2026-01-06 missed",
                                                   "2026-01-06 2026-02-17 2026-01-07 met"});
  CHECK(timer_status_name(visit.status) == std::string("running"));
  CHECK(iso(visit.due) == "2026-04-07");
  CHECK(visit.explanation.find("more than 12 months after placement_started 2025-01-06") != std::string::npos);

  const auto not_until_18 = evaluated("child-in-care", visits, "2026-02-20",
                                      {{"placement_until_18", "false"}, {"date_of_birth", "2012-06-01"}});
  CHECK(timer_status_name(timer(not_until_18, "visit").status) == std::string("overdue"));
  CHECK(iso(timer(not_until_18, "visit").due) == "2026-02-18");

  // A move: a new placement on Mon 2 Feb 2026 starts the schedule afresh, a visit within 1 week
  // (9 Feb). The cycle it cut short (due 7 Apr) had not fallen due: cancelled, not missed.
  auto moved = visits;
  moved.push_back({"placement_started", "2026-02-02"});
  const auto ev = evaluated("child-in-care", moved, "2026-02-05",
                            {{"placement_until_18", "true"}, {"date_of_birth", "2012-06-01"}});
  CHECK(iso(timer(ev, "visit").due) == "2026-02-09");
  CHECK(cycles(timer(ev, "visit")).back() == "2026-01-07 2026-04-07 none cancelled");
}

TEST_CASE("child-in-care: the health assessment interval changes on the fifth birthday") {
  // Born 15 Mar 2021: 5 on Sun 15 Mar 2026. Looked after Mon 3 Nov 2025; the initial assessment
  // on Fri 14 Nov 2025 (aged 4): the next within 6 months, 14 May 2026. The initial assessment's
  // own limit, 20 working days: Mon 1 Dec 2025 (as in the scenario above).
  const std::map<std::string, std::string> born = {{"date_of_birth", "2021-03-15"}, {"placement_until_18", "false"}};
  const std::vector<Ev> initial = {{"became_looked_after", "2025-11-03"}, {"health_assessment_done", "2025-11-14"}};
  const auto first = evaluated("child-in-care", initial, "2025-12-01", born);
  CHECK(iso(timer(first, "review_health_assessment").due) == "2026-05-14");
  CHECK(timer_status_name(timer(first, "initial_health_assessment").status) == std::string("met"));
  CHECK(timer(first, "review_health_assessment").explanation.find("under 5 on that day") != std::string::npos);
  // The date of birth is personal data: no explanation quotes it.
  for (const auto& t : first.timers) CHECK(t.explanation.find("2021-03-15") == std::string::npos);

  // The day before the birthday (aged 4): 6 months. On the birthday (aged 5): 12 months. Either
  // way the assessment meets the cycle due 14 May.
  auto before = initial;
  before.push_back({"health_assessment_done", "2026-03-14"});
  const auto day_before = evaluated("child-in-care", before, "2026-04-01", born);
  CHECK(iso(timer(day_before, "review_health_assessment").due) == "2026-09-14");
  auto on = initial;
  on.push_back({"health_assessment_done", "2026-03-15"});
  const auto birthday = evaluated("child-in-care", on, "2026-04-01", born);
  CHECK(iso(timer(birthday, "review_health_assessment").due) == "2027-03-15");
  CHECK(cycles(timer(birthday, "review_health_assessment")) ==
        std::vector<std::string>{"2025-11-14 2026-05-14 2026-03-15 met"});

  // Born 29 Feb 2020: in 2025, a common year, the fifth birthday is reached on 1 March.
  const std::map<std::string, std::string> leap = {{"date_of_birth", "2020-02-29"}, {"placement_until_18", "false"}};
  const auto feb28 = evaluated("child-in-care", {{"became_looked_after", "2025-01-06"}, {"health_assessment_done", "2025-02-28"}},
                               "2025-03-02", leap);
  CHECK(iso(timer(feb28, "review_health_assessment").due) == "2025-08-28");  // aged 4: 6 months
  const auto mar1 = evaluated("child-in-care", {{"became_looked_after", "2025-01-06"}, {"health_assessment_done", "2025-03-01"}},
                              "2025-03-02", leap);
  CHECK(iso(timer(mar1, "review_health_assessment").due) == "2026-03-01");  // aged 5: 12 months

  // No date of birth: a problem naming the attribute (not a guess at either interval).
  const auto unknown = evaluated("child-in-care", initial, "2025-12-01", {{"placement_until_18", "false"}});
  CHECK(iso(timer(unknown, "review_health_assessment").due) == "none");
  CHECK(problems(unknown).find("no 'date_of_birth' attribute") != std::string::npos);
}

TEST_CASE("missing-episode: the return interview within 72 hours, from a time or from a date alone") {
  // Returned Mon 2 Mar 2026 at 21:40: 72 hours later is Thu 5 Mar 2026 at 21:40.
  struct Row {
    const char* name;
    std::vector<Ev> events;
    const char* status;
    const char* due;
    const char* due_time;  // nullptr: none
  };
  const std::vector<Row> rows = {
      {"held at 20:00 on the third day, before 21:40",
       {{"returned", "2026-03-02", "", "21:40"}, {"return_interview_held", "2026-03-05", "", "20:00"}},
       "met", "2026-03-05", "21:40"},
      {"held at 22:15 on the third day, 35 minutes late",
       {{"returned", "2026-03-02", "", "21:40"}, {"return_interview_held", "2026-03-05", "", "22:15"}},
       "missed", "2026-03-05", "21:40"},
      {"held on the third day with no time recorded: given the day",
       {{"returned", "2026-03-02", "", "21:40"}, {"return_interview_held", "2026-03-05"}},
       "met", "2026-03-05", "21:40"},
      {"a return at 02:10 is due at 02:10 three days on",
       {{"returned", "2026-03-02", "", "02:10"}, {"return_interview_held", "2026-03-05", "", "09:00"}},
       "missed", "2026-03-05", "02:10"},
      {"offered and declined within the time: the duty to offer is met",
       {{"reported_missing", "2026-03-01"}, {"returned", "2026-03-02", "", "21:40"},
        {"return_interview_declined", "2026-03-04"}},
       "met", "2026-03-05", "21:40"},
      // A date alone: 72 hours read as 3 days after the day of return (the day itself is day 0).
      {"returned on a date alone, held on the third day after",
       {{"returned", "2026-03-02"}, {"return_interview_held", "2026-03-05"}}, "met", "2026-03-05", nullptr},
      {"returned on a date alone, held on the fourth day after",
       {{"returned", "2026-03-02"}, {"return_interview_held", "2026-03-06"}}, "missed", "2026-03-05", nullptr},
      {"nothing recorded by the fourth day", {{"returned", "2026-03-02", "", "21:40"}}, "overdue", "2026-03-05", "21:40"},
  };
  for (const auto& row : rows) {
    SECTION(row.name) {
      const auto ev = evaluated("missing-episode", row.events, "2026-03-06");
      const auto& t = timer(ev, "return_interview");
      INFO(t.explanation << "\n" << problems(ev));
      CHECK(timer_status_name(t.status) == std::string(row.status));
      CHECK(iso(t.due) == row.due);
      CHECK((t.due_time ? to_hh_mm(*t.due_time) : std::string("none")) == (row.due_time ? row.due_time : "none"));
      CHECK(ev.problems.empty());
      if (!row.due_time)
        CHECK(t.explanation.find("no time of day recorded: counted as 3 calendar days after that day") !=
              std::string::npos);
      else
        CHECK(t.explanation.find("returned 2026-03-02 " + std::string(row.events[row.events[0].type == std::string("returned") ? 0 : 1].time) +
                                 " + 72 hours, by " + row.due_time + " on 2026-03-05") == 0);
    }
  }
}

TEST_CASE("care-leaver: the pathway plan reviewed every 6 months, with a month-end clamp") {
  // Completed Fri 31 Oct 2025: + 6 months is 31 April, so 30 Apr 2026; reviewed on the day.
  // The next, 30 Oct 2026, not held by Mon 2 Nov 2026.
  const auto ev = evaluated("care-leaver",
                            {{"pathway_plan_completed", "2025-10-31"}, {"pathway_plan_reviewed", "2026-04-30"}},
                            "2026-11-02");
  const auto& t = timer(ev, "pathway_plan_review");
  CHECK(cycles(t) == std::vector<std::string>{"2025-10-31 2026-04-30 2026-04-30 met"});
  CHECK(timer_status_name(t.status) == std::string("overdue"));
  CHECK(iso(t.due) == "2026-10-30");
}
