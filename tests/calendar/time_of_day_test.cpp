// Times of day and limits in hours (a return home interview within 72 hours).
#include <catch2/catch.hpp>

#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/calendar/time_of_day.hpp"

using namespace timescales;

TEST_CASE("a time of day is HH:MM, 24-hour, with seconds dropped") {
  CHECK(parse_time_of_day("21:40")->minutes == 21 * 60 + 40);
  CHECK(parse_time_of_day("00:00")->minutes == 0);
  CHECK(parse_time_of_day("23:59:59")->minutes == 23 * 60 + 59);
  CHECK(to_hh_mm(TimeOfDay{9 * 60 + 5}) == "09:05");
  for (const char* bad : {"24:00", "9:05", "12:60", "12.30", "", "12:30:61", "12:30pm", "1230"}) {
    INFO(bad);
    const auto t = parse_time_of_day(bad);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().message.find(std::string("'") + bad + "'") == 0);
  }
}

TEST_CASE("hours: from a date alone, the last day the limit can end on") {
  const CalendarContext none{};
  const Date mon = make_date(2026, 3, 2);  // Monday 2 March 2026
  CHECK(*parse_duration("72 hours") == Duration{72, Unit::hours});
  CHECK(*parse_duration("1 hour") == Duration{1, Unit::hours});
  CHECK(to_string(Duration{72, Unit::hours}) == "72 hours");
  // 72 hours from some time on Monday ends, at the latest, on Thursday 5 March (3 days on); 73
  // hours from late on Monday can end on Friday 6 March; 1 hour from 23:30, on Tuesday.
  CHECK(to_iso(*add_duration(mon, {72, Unit::hours}, Convention::after, none)) == "2026-03-05");
  CHECK(to_iso(*add_duration(mon, {73, Unit::hours}, Convention::after, none)) == "2026-03-06");
  CHECK(to_iso(*add_duration(mon, {1, Unit::hours}, Convention::after, none)) == "2026-03-03");
  // Counting between two dates in hours: whole days of 24.
  CHECK(*count_units(mon, make_date(2026, 3, 5), Unit::hours, Convention::after, none) == 72);
}
