// Worked examples across Christmas, Easter, the 2020/2022/2023 one-offs, month ends and leap
// years. Every expected date was worked out by hand from the GOV.UK list; the working is beside it.
#include "test_calendars.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

struct AddCase {
  const char* from;
  const char* add;
  Convention convention;
  const char* expected;
  const char* working;
};

}  // namespace

TEST_CASE("Adding durations: worked examples") {
  const CalendarContext calendars{&england_and_wales(), nullptr};
  const AddCase cases[] = {
      // Christmas 2025: 25, 26 Dec and 1 Jan 2026 are bank holidays.
      {"2025-12-19", "10 working days", Convention::after, "2026-01-07",
       "22,23,24,29,30,31 Dec, 2,5,6,7 Jan (the contract's example)"},
      {"2025-12-19", "20 working days", Convention::after, "2026-01-21",
       "…7 Jan is 10th; 8,9,12,13,14,15,16,19,20,21 Jan"},
      {"2025-12-20", "1 working day", Convention::after, "2025-12-22",
       "received on a Saturday: day 1 is Monday"},
      {"2025-12-24", "1 working day", Convention::after, "2025-12-29", "25, 26 Dec, weekend"},
      // Christmas 2027: 25 Sat, 26 Sun; substitutes Mon 27 and Tue 28.
      {"2027-12-24", "1 working day", Convention::after, "2027-12-29", "27, 28 Dec substitutes"},
      // Christmas 2022: 25 Sun; Mon 26 and Tue 27 are the holidays.
      {"2022-12-23", "2 working days", Convention::after, "2022-12-29", "28, 29 Dec"},
      // Easter 2026: Good Friday 3 Apr, Easter Monday 6 Apr.
      {"2026-04-01", "3 working days", Convention::after, "2026-04-08", "2 Apr, 7 Apr, 8 Apr"},
      // 2020: early May holiday moved from Mon 4 May to Fri 8 May.
      {"2020-05-01", "1 working day", Convention::after, "2020-05-04", "4 May 2020 was a working day"},
      {"2020-05-07", "1 working day", Convention::after, "2020-05-11", "8 May 2020 a holiday"},
      // 2022: spring holiday moved from Mon 30 May to Thu 2 June; Fri 3 June jubilee.
      {"2022-05-27", "1 working day", Convention::after, "2022-05-30", "30 May 2022 was a working day"},
      {"2022-06-01", "1 working day", Convention::after, "2022-06-06", "2, 3 June holidays"},
      {"2022-09-16", "1 working day", Convention::after, "2022-09-20", "19 Sep 2022 state funeral"},
      // 2023: coronation Mon 8 May, besides the early May holiday Mon 1 May.
      {"2023-05-05", "1 working day", Convention::after, "2023-05-09", "8 May 2023 coronation"},
      {"2023-04-28", "1 working day", Convention::after, "2023-05-02", "1 May 2023 early May"},
      // Backwards: ten working days before 7 Jan 2026 is 19 Dec 2025.
      {"2026-01-07", "-10 working days", Convention::after, "2025-12-19", "the first example reversed"},
      // Weeks: 20 weeks = 140 days; no roll-forward.
      {"2025-12-19", "20 weeks", Convention::after, "2026-05-08", "12 Dec days+31+28+31+30+8"},
      {"2024-02-26", "1 week", Convention::after, "2024-03-04", "26 Feb + 7 over 29 Feb"},
      {"2025-02-26", "6 weeks", Convention::after, "2025-04-09", "26 Feb + 42: 2 Feb days, 31 Mar, 9 Apr"},
      // Calendar days and leap years.
      {"2024-02-28", "2 days", Convention::after, "2024-03-01", "29 Feb 2024 exists"},
      {"2023-02-28", "1 day", Convention::after, "2023-03-01", "no 29 Feb 2023"},
      {"2100-02-28", "1 calendar day", Convention::after, "2100-03-01", "2100 is not a leap year"},
      // Months: the corresponding-date rule.
      {"2025-01-31", "1 month", Convention::after, "2025-02-28", "no 31 Feb: last day"},
      {"2024-01-31", "1 month", Convention::after, "2024-02-29", "leap year"},
      {"2024-02-29", "12 months", Convention::after, "2025-02-28", "no 29 Feb 2025"},
      {"2025-04-30", "1 month", Convention::after, "2025-05-30", "same-numbered day, not month end"},
      {"2025-08-31", "1 month", Convention::after, "2025-09-30", "30-day month"},
      {"2025-11-30", "3 months", Convention::after, "2026-02-28", ""},
      {"2026-03-31", "-1 month", Convention::after, "2026-02-28", "backwards clamps too"},
      // beginning_with: the event's day is day 1.
      {"2026-03-27", "15 days", Convention::beginning_with, "2026-04-10", "27 Mar + 14"},
      {"2025-12-22", "3 working days", Convention::beginning_with, "2025-12-24", "22 (1), 23, 24"},
      {"2025-12-20", "1 working day", Convention::beginning_with, "2025-12-22", "Sat is no working day"},
      {"2025-12-19", "2 weeks", Convention::beginning_with, "2026-01-01", "19 Dec + 13"},
      // A month starting with 31 Jan is the month after 30 Jan: no 30 Feb, so the last day of
      // February (29 days, 31 Jan to 28 Feb inclusive).
      {"2026-01-31", "1 month", Convention::beginning_with, "2026-02-28", "after 30 Jan: 28 Feb"},
      // CFA 2014 s.44(1): 12 months starting with 10 Jun 2025 end the day before the
      // anniversary, 9 Jun 2026; starting with 29 Feb 2024 they end on 28 Feb 2025.
      {"2025-06-10", "12 months", Convention::beginning_with, "2026-06-09", "after 9 Jun 2025"},
      {"2024-02-29", "12 months", Convention::beginning_with, "2025-02-28", "after 28 Feb 2024"},
      {"2025-03-01", "12 months", Convention::beginning_with, "2026-02-28", "after 28 Feb 2025"},
  };
  for (const auto& c : cases) {
    INFO(c.from << " + " << c.add << " (" << convention_name(c.convention) << "): " << c.working);
    auto duration = parse_duration(c.add);
    REQUIRE(duration.ok());
    auto due = add_duration(d(c.from), *duration, c.convention, calendars);
    REQUIRE(due.ok());
    CHECK(to_iso(*due) == c.expected);
  }
}

TEST_CASE("Counting units between dates: worked examples") {
  const CalendarContext calendars{&england_and_wales(), nullptr};
  struct CountCase {
    const char* from;
    const char* to;
    Unit unit;
    Convention convention;
    int expected;
  };
  const CountCase cases[] = {
      {"2025-12-19", "2026-01-07", Unit::working_days, Convention::after, 10},
      {"2026-01-07", "2025-12-19", Unit::working_days, Convention::after, -10},
      {"2025-12-24", "2025-12-28", Unit::working_days, Convention::after, 0},  // 25-28 all closed
      {"2025-12-19", "2025-12-19", Unit::working_days, Convention::after, 0},
      {"2025-12-19", "2025-12-19", Unit::working_days, Convention::beginning_with, 1},
      // Fri 27 May 2022 to Mon 6 Jun: 30, 31 May and 1 Jun work; 2, 3 Jun holidays; 6 Jun works.
      {"2022-05-27", "2022-06-06", Unit::working_days, Convention::after, 4},
      {"2025-12-19", "2026-05-08", Unit::weeks, Convention::after, 20},
      {"2025-12-19", "2026-05-07", Unit::weeks, Convention::after, 19},
      {"2025-01-31", "2025-02-28", Unit::months, Convention::after, 1},
      {"2025-01-31", "2025-02-27", Unit::months, Convention::after, 0},
      {"2024-02-29", "2025-02-28", Unit::months, Convention::after, 12},
      // beginning_with months: 10 Jun 2025 to 9 Jun 2026 inclusive is the whole 12 months
      // (the months after 9 Jun 2025); to 8 Jun 2026 only 11 are complete.
      {"2025-06-10", "2026-06-09", Unit::months, Convention::beginning_with, 12},
      {"2025-06-10", "2026-06-08", Unit::months, Convention::beginning_with, 11},
      {"2026-03-27", "2026-04-10", Unit::calendar_days, Convention::beginning_with, 15},
      {"2026-03-27", "2026-04-10", Unit::calendar_days, Convention::after, 14},
  };
  for (const auto& c : cases) {
    INFO(c.from << " .. " << c.to << " in " << unit_name(c.unit));
    auto n = count_units(d(c.from), d(c.to), c.unit, c.convention, calendars);
    REQUIRE(n.ok());
    CHECK(*n == c.expected);
  }
}

TEST_CASE("What a clock has left: a week or month begun past due counts as one") {
  const CalendarContext calendars{&england_and_wales(), nullptr};
  struct LeftCase {
    const char* as_of;
    const char* due;
    Unit unit;
    int expected;
    const char* working;
  };
  const LeftCase cases[] = {
      {"2026-04-21", "2026-04-27", Unit::weeks, 0, "6 days to go: no whole week left"},
      {"2026-04-20", "2026-04-27", Unit::weeks, 1, "7 days to go: 1 week"},
      {"2026-04-27", "2026-04-27", Unit::weeks, 0, "due today"},
      {"2026-05-03", "2026-04-27", Unit::weeks, -1, "6 days past: into the first week over, not 0"},
      {"2026-05-04", "2026-04-27", Unit::weeks, -1, "7 days past: 1 week over"},
      {"2026-05-05", "2026-04-27", Unit::weeks, -2, "8 days past: into the second week over"},
      {"2026-03-10", "2026-02-15", Unit::months, -1, "23 days past 15 Feb: into the first month over"},
      {"2026-03-15", "2026-02-15", Unit::months, -1, "15 Mar is a month after 15 Feb"},
      {"2026-03-20", "2026-02-15", Unit::months, -2, "a month and 5 days past"},
      {"2026-02-10", "2026-03-15", Unit::months, 1, "before due: whole months, as count_units"},
      // Days count exactly either way.
      {"2026-04-15", "2026-04-14", Unit::working_days, -1, "Wed 15 Apr, a working day past Tue 14 Apr"},
      {"2026-05-03", "2026-04-27", Unit::calendar_days, -6, "6 days past"},
  };
  for (const auto& c : cases) {
    INFO(c.as_of << " to " << c.due << " in " << unit_name(c.unit) << ": " << c.working);
    auto n = units_left(d(c.as_of), d(c.due), c.unit, calendars);
    REQUIRE(n.ok());
    CHECK(*n == c.expected);
  }
}
