// The board's rows for a schedule's clock (children in care reviews): every review held counts,
// in the year it was held, not only each child's latest. Worked by hand; as in
// tests/workflow/social_care_tests.cpp, looked after Mon 11 Aug 2025: first review due Tue 9
// Sep 2025 (20 working days, 25 Aug a bank holiday).
#include <catch2/catch.hpp>

#include "adapters/reports/performance_measures.hpp"
#include "golden_caseload.hpp"

using namespace timescales;
using namespace timescales::golden;
using namespace timescales::reports;

TEST_CASE("a schedule's measure counts every cycle finished, each in its own year", "[reports]") {
  const std::string text = R"(
[[measure]]
ref = "LOCAL CIC01"
measure = "Increase the percentage of children in care reviews held in timescale"
workflow = "child-in-care"
timer = "review"
counted_in = "stop"
within = "met"
period = "financial_year"
target_percent = 100
minimum_cases = 1
source = "test"
)";
  auto measures = parse_measures(text, "m.toml");
  REQUIRE(measures.ok());
  const Engine& e = engine();
  const outputs::Vocabulary names(e.workflows, e.rules);
  REQUIRE(resolve_measures(*measures, names).empty());

  const std::map<std::string, std::string> child = {{"placement_until_18", "false"}, {"date_of_birth", "2012-06-01"}};
  std::vector<CaseAssessment> cases;
  const Date as_of = d("2026-06-01");
  // A: first review 29 Aug 2025 (due 9 Sep: met); second due 29 Nov (3 months), held 31 Oct:
  // met; third due 30 Apr 2026 (6 months from 31 Oct, clamped), held 30 Apr: met.
  cases.push_back(assess_case(e.workflows, e.rules,
                              make("CIC-A", "child-in-care", child,
                                   {{"became_looked_after", "2025-08-11"}, {"review_held", "2025-08-29"},
                                    {"review_held", "2025-10-31"}, {"review_held", "2026-04-30"}}),
                              as_of, e.calendars()));
  // B: first review 10 Sep 2025, a day late: missed; second due 10 Dec (3 months), not held by
  // 1 Jun 2026: overdue, not yet counted (a review counts once held).
  cases.push_back(assess_case(e.workflows, e.rules,
                              make("CIC-B", "child-in-care", child,
                                   {{"became_looked_after", "2025-08-11"}, {"review_held", "2025-09-10"}}),
                              as_of, e.calendars()));
  const auto rows = compute_performance(*measures, cases, as_of);
  REQUIRE(rows.size() == 1);
  // This year (FY 2026-27, from 1 Apr 2026 to 1 Jun): A's review of 30 Apr, met: 1 of 1.
  CHECK(rows[0].current_value.part == 1);
  CHECK(rows[0].current_value.whole == 1);
  // Last year (FY 2025-26): A's 29 Aug and 31 Oct (met), B's 10 Sep (missed): 2 of 3.
  CHECK(rows[0].last_year_actual.part == 2);
  CHECK(rows[0].last_year_actual.whole == 3);
}
