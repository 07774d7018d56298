// Leaving the timeline out (as a run over every case does) changes nothing else an evaluation
// says: same state, timers, explanations and problems, over the whole demonstration caseload.
#include "support.hpp"

#include "adapters/demo/demo_caseload.hpp"

using namespace timescales;
using namespace timescales::testing;

TEST_CASE("an evaluation without its timeline says everything else the same") {
  auto cases = demo::generate_demo_caseload({d("2026-11-22"), 2, 0.5, 7});
  REQUIRE(cases.size() > 500);
  // Refused events too: a response before the complaint, an event the workflow does not know.
  cases.push_back(make_case("complaints-statutory", {{"stage1_responded", "2026-03-02"},
                                                     {"received", "2026-03-04"},
                                                     {"no_such_event", "2026-03-05"}}));
  const CalendarContext calendars{&england_and_wales(), nullptr};
  size_t with_problems = 0;
  for (const auto& c : cases) {
    CAPTURE(c.id);
    const Evaluation full = evaluate_case(shipped(), c, d("2026-11-22"), calendars, Timeline::keep);
    const Evaluation lean = evaluate_case(shipped(), c, d("2026-11-22"), calendars, Timeline::leave_out);
    CHECK(lean.timeline.empty());
    CHECK(full.timeline.size() == c.events.size());
    CHECK(lean.state == full.state);
    CHECK(lean.workflow_version == full.workflow_version);
    REQUIRE(lean.timers.size() == full.timers.size());
    for (size_t i = 0; i < full.timers.size(); ++i) {
      CHECK(lean.timers[i].status == full.timers[i].status);
      CHECK(lean.timers[i].due == full.timers[i].due);
      CHECK(lean.timers[i].explanation == full.timers[i].explanation);
    }
    REQUIRE(lean.problems.size() == full.problems.size());
    for (size_t i = 0; i < full.problems.size(); ++i) CHECK(lean.problems[i].message == full.problems[i].message);
    with_problems += !full.problems.empty();
  }
  CHECK(with_problems > 0);
}
