// Edge cases found in review: acts recorded after a limit had passed, a complaint closed at
// Stage 1, the last day of a "beginning with" minimum, two events on one day recorded in either
// order, events after the as-of date. Expected dates worked by hand.
#include "support.hpp"

using namespace timescales;
using namespace timescales::testing;

namespace {

Evaluation run(const std::string& workflow, std::vector<Ev> events, const char* as_of) {
  return evaluate_case(shipped(), make_case(workflow, std::move(events)), d(as_of),
                       {&england_and_wales(), nullptr});
}

}  // namespace

TEST_CASE("An extension recorded after the limit had passed does not turn a miss into met") {
  // 19 Dec 2025 + 10 WD = 7 Jan 2026 (22,23,24,29,30,31 Dec, 2,5,6,7 Jan). Extended on 9 Jan,
  // answered 15 Jan: the 10 days had already run out, so the response was late.
  const auto ev = run("complaints-statutory",
                      {{"received", "2025-12-19"}, {"stage1_extended", "2026-01-09", "complex"},
                       {"stage1_responded", "2026-01-15"}},
                      "2026-01-16");
  CHECK(status(ev, "stage1_response") == "missed");
  CHECK(due(ev, "stage1_response") == "2026-01-07");
  CHECK_FALSE(timer(ev, "stage1_response").extended);
  CHECK_THAT(problems(ev), Catch::Contains("came after the limit had already passed (due 2026-01-07); not applied"));
}

TEST_CASE("A pause asked for after the due date does not hide an overdue response") {
  // Due 7 Jan; an advocate requested on 9 Jan cannot pause a clock that has already run out.
  const auto ev = run("complaints-statutory",
                      {{"received", "2025-12-19"}, {"advocate_requested", "2026-01-09"}}, "2026-01-20");
  CHECK(status(ev, "stage1_response") == "overdue");
  CHECK(due(ev, "stage1_response") == "2026-01-07");
  CHECK_FALSE(timer(ev, "stage1_response").paused);
}

TEST_CASE("A complaint closed at Stage 1 leaves no clock running") {
  // Received Mon 5 Jan 2026, closed Tue 6 Jan: acknowledgement (due 8 Jan) and Stage 1 (due
  // 19 Jan) were both still in time when the complaint closed, so both are moot.
  const auto ev = run("complaints-statutory", {{"received", "2026-01-05"}, {"closed", "2026-01-06"}}, "2026-03-01");
  CHECK(ev.state == "closed");
  CHECK(status(ev, "acknowledgement") == "cancelled");
  CHECK(status(ev, "stage1_response") == "cancelled");
}

TEST_CASE("A final plan on the 15th day of the comment period cuts it short") {
  // Draft served Tue 1 Apr 2025: 15 days beginning with that day run to Tue 15 Apr, which is
  // still the family's; the earliest lawful final plan is 16 Apr.
  auto with_final = [](const char* final_date) {
    return run("ehcp-needs-assessment",
               {{"request_received", "2024-12-02"}, {"decision_to_assess", "2025-01-10"},
                {"draft_plan_issued", "2025-04-01"}, {"final_plan_issued", final_date}},
               "2025-10-01");
  };
  const auto on_day_15 = with_final("2025-04-15");
  CHECK(due(on_day_15, "draft_comment_period") == "2025-04-15");
  CHECK(status(on_day_15, "draft_comment_period") == "missed");
  CHECK(status(with_final("2025-04-16"), "draft_comment_period") == "met");
}

TEST_CASE("Two events on one day are replayed in the order the workflow allows") {
  // Acknowledged and received on the same day, recorded acknowledgement first.
  const auto ev = run("complaints-statutory",
                      {{"acknowledged", "2026-01-05"}, {"received", "2026-01-05"},
                       {"stage1_responded", "2026-01-12"}},
                      "2026-01-20");
  CHECK(status(ev, "acknowledgement") == "met");
  CHECK(status(ev, "stage1_response") == "met");
  CHECK(ev.problems.empty());
}

TEST_CASE("Events after the as-of date are not counted and are not data problems") {
  // Evaluated on 20 Jan 2025, a plan issued later in the year has not happened yet.
  const auto ev = run("ehcp-needs-assessment",
                      {{"request_received", "2024-12-02"}, {"decision_to_assess", "2025-01-10"},
                       {"draft_plan_issued", "2025-04-01"}, {"final_plan_issued", "2025-04-16"}},
                      "2025-01-20");
  CHECK(ev.problems.empty());
  CHECK(ev.state == "assessing");
  // 2 Dec 2024 + 20 weeks = 21 Apr 2025 (29 days to 31 Dec, +31 +28 +31 +21).
  CHECK(status(ev, "final_plan") == "running");
  CHECK(due(ev, "final_plan") == "2025-04-21");
}

TEST_CASE("A duration too long to be a statutory limit is refused, not overflowed") {
  CHECK_FALSE(parse_duration("2000000000 days").ok());
  CHECK_FALSE(parse_duration("400000000 weeks").ok());
  CHECK(parse_duration("100000 days").ok());
}
