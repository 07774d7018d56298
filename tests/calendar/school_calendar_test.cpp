// School days: inside a term, not a weekend, bank holiday or closure day; nothing beyond the terms.
#include "test_calendars.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

std::shared_ptr<const SchoolCalendar> example_school() {
  static CalendarFiles files(TIMESCALES_SOURCE_DIR);
  auto school = files.school(std::string(TIMESCALES_SOURCE_DIR) +
                             "/tests/fixtures/calendars/example-primary-2025-26.toml");
  if (!school) FAIL(school.error().to_string());
  return *school;
}

}  // namespace

TEST_CASE("School days across half term and an INSET day") {
  const auto school = example_school();
  const CalendarContext calendars{&england_and_wales(), school.get()};
  auto add = [&](const char* from, int n) {
    auto due = add_duration(d(from), {n, Unit::school_days}, Convention::after, calendars);
    REQUIRE(due.ok());
    return to_iso(*due);
  };
  // Wed 22 Oct + 3: Thu 23 (1), Fri 24 (2), half term 27-31 Oct, Mon 3 Nov (3).
  CHECK(add("2025-10-22", 3) == "2025-11-03");
  // Mon 10 Nov + 3: Tue 11 (1), Wed 12 INSET, Thu 13 (2), Fri 14 (3).
  CHECK(add("2025-11-10", 3) == "2025-11-14");
  // From a half-term Wednesday: Mon 3 Nov is day 1.
  CHECK(add("2025-10-29", 1) == "2025-11-03");
  // Tue 2 Sep is before the first term: the calendar cannot know what came before, so it refuses.
  CHECK_FALSE(add_duration(d("2025-09-02"), {1, Unit::school_days}, Convention::after, calendars).ok());
  // 40 school days after Wed 3 Sep: 4, 5 Sep (2), 8-26 Sep (17), 29, 30 Sep (19); 1-3 Oct (22),
  // 6-24 Oct (37); half term; 3 Nov (38), 4 Nov (39), 5 Nov (40).
  CHECK(add("2025-09-03", 40) == "2025-11-05");

  auto count = count_units(d("2025-10-24"), d("2025-11-03"), Unit::school_days, Convention::after, calendars);
  REQUIRE(count.ok());
  CHECK(*count == 1);
  CHECK_FALSE(school->is_school_day(d("2025-11-12")));
  CHECK_FALSE(school->is_school_day(d("2025-10-28")));
  CHECK(school->is_school_day(d("2025-11-13")));
}

TEST_CASE("School days past the last term are an error that names the calendar") {
  const auto school = example_school();
  const CalendarContext calendars{&england_and_wales(), school.get()};
  // Wed 17 Dec + 5: Thu 18 (1), Fri 19 (2), then the calendar has no more terms.
  auto due = add_duration(d("2025-12-17"), {5, Unit::school_days}, Convention::after, calendars);
  REQUIRE_FALSE(due.ok());
  CHECK_THAT(due.error().message, Catch::Contains("example-primary-2025-26"));
  CHECK_THAT(due.error().message, Catch::Contains("2025-12-19"));
  // With two, it fits exactly.
  auto fits = add_duration(d("2025-12-17"), {2, Unit::school_days}, Convention::after, calendars);
  REQUIRE(fits.ok());
  CHECK(to_iso(*fits) == "2025-12-19");
}

TEST_CASE("School days without a school calendar are refused") {
  const CalendarContext calendars{&england_and_wales(), nullptr};
  auto due = add_duration(d("2025-10-01"), {5, Unit::school_days}, Convention::after, calendars);
  REQUIRE_FALSE(due.ok());
  CHECK_THAT(due.error().message, Catch::Contains("school calendar"));
}

TEST_CASE("School calendars with impossible terms or stray closures are refused with a position") {
  const std::string overlapping = R"([calendar]
id = "x"
kind = "school"
[[term]]
first_day = 2025-09-03
last_day = 2025-10-24
[[term]]
first_day = 2025-10-20
last_day = 2025-12-19
)";
  auto spec = parse_school_calendar(overlapping, "overlap.toml");
  REQUIRE_FALSE(spec.ok());
  CHECK_THAT(spec.error().to_string(), Catch::StartsWith("overlap.toml:8:13:"));

  const std::string stray = R"([calendar]
id = "x"
kind = "school"
[[term]]
first_day = 2025-09-03
last_day = 2025-10-24
[[closed]]
date = 2025-10-31
)";
  auto stray_spec = parse_school_calendar(stray, "stray.toml");
  REQUIRE_FALSE(stray_spec.ok());
  CHECK_THAT(stray_spec.error().to_string(), Catch::StartsWith("stray.toml:8:8:"));
  CHECK_THAT(stray_spec.error().to_string(), Catch::Contains("outside every term"));
}
