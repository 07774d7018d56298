// The local 16-week target (rules/ehcp.toml [[target]] final_plan_local_16_weeks) counts from the
// events the replay accepted, as the statutory clock beside it does: an event the workflow
// refused (listed in the case's problems) neither cancels nor stops it. Worked by hand:
// 16 weeks = 112 calendar days; Mon 5 Jan 2026 + 112: 31 Jan is +26, 28 Feb +54, 31 Mar +85,
// 27 Apr +112 -> due Mon 27 Apr 2026. The statutory 20 weeks: 5 Jan + 140 -> 27 Apr + 28 ->
// Mon 25 May 2026.
#include "support.hpp"

#include "adapters/files/rule_files.hpp"
#include "engine/rules/case_assessment.hpp"

using namespace timescales;
using namespace timescales::testing;

namespace {

const rules::RuleSet& shipped_rules() {
  static const RuleFilesLoad load = load_rule_files(TIMESCALES_SOURCE_DIR, shipped());
  for (const auto& e : load.errors) INFO(e.to_string());
  REQUIRE(load.errors.empty());
  return load.rules;
}

struct TargetScenario {
  const char* name;
  std::vector<Ev> events;
  const char* as_of;
  const char* target_status;
  const char* target_due;
  std::optional<int> target_remaining;  // weeks; checked when given
  const char* final_plan_status;
  const char* problem;  // a substring one problem must contain; nullptr: no problems
};

}  // namespace

TEST_CASE("the local 16-week target counts only the events the replay accepted") {
  const std::vector<TargetScenario> table = {
      {"plan issued in 14 weeks, then a withdrawal the closed case refuses: met, not cancelled",
       {{"request_received", "2026-01-05"}, {"decision_to_assess", "2026-02-10"},
        {"draft_plan_issued", "2026-03-23"}, {"final_plan_issued", "2026-04-13"}, {"withdrawn", "2026-04-20"}},
       "2026-05-01",
       // final plan 13 Apr, on or before 27 Apr: met; the statutory clock (25 May) met too
       "met", "2026-04-27", std::nullopt, "met", "withdrawn on 2026-04-20 is not allowed in state 'plan_issued'"},
      {"overdue, then a decision not to issue the refused state does not allow: still overdue",
       {{"request_received", "2026-01-05"}, {"decision_to_assess", "2026-02-10"},
        {"draft_plan_issued", "2026-04-20"}, {"decision_not_to_issue", "2026-05-04"}},
       "2026-05-11",
       // due 27 Apr; on 11 May 14 days past it: -2 weeks. The statutory clock runs to 25 May.
       "overdue", "2026-04-27", -2, "running",
       "decision_not_to_issue on 2026-05-04 is not allowed in state 'draft_issued'"},
      {"a decision not to issue the workflow accepts still cancels it",
       {{"request_received", "2026-01-05"}, {"decision_to_assess", "2026-02-10"},
        {"decision_not_to_issue", "2026-03-16"}},
       "2026-04-01", "cancelled", "2026-04-27", std::nullopt, "cancelled", nullptr},
      {"6 days overdue shows -1 week left, not 0",
       {{"request_received", "2026-01-05"}, {"decision_to_assess", "2026-02-10"}},
       // 27 Apr + 6 days -> 3 May: six days of the first week past the target
       "2026-05-03", "overdue", "2026-04-27", -1, "running", nullptr},
      {"6 days before the target: 0 weeks left",
       {{"request_received", "2026-01-05"}, {"decision_to_assess", "2026-02-10"}},
       // 21 Apr + 6 days -> 27 Apr: less than a whole week to go
       "2026-04-21", "running", "2026-04-27", 0, "running", nullptr},
  };
  const CalendarContext calendars{&england_and_wales(), nullptr};
  for (const auto& s : table) {
    SECTION(s.name) {
      const Case c = make_case("ehcp-needs-assessment", s.events, {{"cohort", "child_in_care"}});
      const auto a = assess_case(shipped(), shipped_rules(), c, d(s.as_of), calendars);
      std::string problems;
      for (const auto& p : a.evaluation.problems) problems += p.message + "\n";
      INFO("scenario: " << s.name << "\nproblems:\n" << problems);
      const auto& target = timer(a.evaluation, "final_plan_local_16_weeks");
      INFO(target.explanation);
      CHECK(timer_status_name(target.status) == std::string(s.target_status));
      CHECK(due(a.evaluation, "final_plan_local_16_weeks") == s.target_due);
      if (s.target_remaining) CHECK(target.remaining == s.target_remaining);
      CHECK(status(a.evaluation, "final_plan") == s.final_plan_status);
      if (s.problem)
        CHECK_THAT(problems, Catch::Contains(s.problem));
      else
        CHECK(problems.empty());
    }
  }
}
