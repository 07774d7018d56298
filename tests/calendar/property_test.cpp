// Property tests: the O(1) arithmetic agrees with a brute-force, day-by-day reference written
// here, independently of the engine, for every start date 2000-2060 and every N up to 200.
#include <iomanip>
#include <random>
#include <sstream>
#include <set>

#include "test_calendars.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

// The reference: a day is a working day if it is Monday-Friday and not in the holiday list.
struct BruteWorkingDays {
  std::set<Date> holidays;
  explicit BruteWorkingDays(const DivisionCalendar& c) {
    for (const auto& h : c.holidays()) holidays.insert(h.date);
  }
  bool open(Date d) const {
    const unsigned wd = std::chrono::weekday{d}.c_encoding();  // Sunday = 0
    return wd != 0 && wd != 6 && !holidays.count(d);
  }
};

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
unsigned days_in(int y, unsigned m) {
  static const unsigned len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

}  // namespace

TEST_CASE("Working days: O(1) add and count agree with a day-by-day walk, 2000-2060") {
  const auto& ew = england_and_wales();
  const BruteWorkingDays brute(ew);
  const CalendarContext calendars{&ew, nullptr};
  long checked = 0, mismatches = 0;
  for (Date start = d("2000-01-01"); start <= d("2060-12-31"); start += Days{1}) {
    // Walk forward once, noting each working day; the n-th found is start + n working days.
    Date day = start;
    int seen = 0;
    int counted_to[301] = {};  // working days in (start, start + k]
    for (int k = 1; k <= 300; ++k) {
      day += Days{1};
      if (brute.open(day)) {
        ++seen;
        if (seen <= 200) {
          auto due = add_duration(start, {seen, Unit::working_days}, Convention::after, calendars);
          if (!due.ok() || *due != day) ++mismatches;
          // beginning_with: the seen-th working day on or after start.
          const int bw = seen + (brute.open(start) ? 1 : 0);
          auto due_bw = add_duration(start, {bw, Unit::working_days}, Convention::beginning_with, calendars);
          if (!due_bw.ok() || *due_bw != day) ++mismatches;
          checked += 2;
        }
      }
      counted_to[k] = seen;
    }
    // Counts to a spread of later dates (offsets vary with the start so all are exercised).
    const int stride = 7 + static_cast<int>(start.time_since_epoch().count() % 13);
    for (int k = 0; k <= 300; k += stride) {
      auto n = count_units(start, start + Days{k}, Unit::working_days, Convention::after, calendars);
      if (!n.ok() || *n != counted_to[k]) ++mismatches;
      auto back = count_units(start + Days{k}, start, Unit::working_days, Convention::after, calendars);
      if (!back.ok() || *back != -counted_to[k]) ++mismatches;
      checked += 2;
    }
  }
  INFO("checked " << checked);
  CHECK(checked > 9'000'000);
  CHECK(mismatches == 0);
}

TEST_CASE("Working days backwards agree with a day-by-day walk") {
  const auto& ew = england_and_wales();
  const BruteWorkingDays brute(ew);
  const CalendarContext calendars{&ew, nullptr};
  long mismatches = 0;
  for (Date start = d("2000-06-01"); start <= d("2060-12-31"); start += Days{3}) {
    Date day = start;
    int seen = 0;
    while (seen < 200) {
      day -= Days{1};
      if (!brute.open(day)) continue;
      ++seen;
      auto due = add_duration(start, {-seen, Unit::working_days}, Convention::after, calendars);
      if (!due.ok() || *due != day) ++mismatches;
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("School days agree with a day-by-day walk over random calendars") {
  const auto& ew = england_and_wales();
  std::mt19937 random(20261122);
  for (int trial = 0; trial < 25; ++trial) {
    // Six terms of 30-60 days with 5-20 day breaks and a few closures, from a random autumn.
    SchoolCalendarSpec spec;
    spec.id = "random-" + std::to_string(trial);
    Date day = d("2001-09-01") + Days{static_cast<int>(random() % 20000)};
    for (int t = 0; t < 6; ++t) {
      const Date first = day;
      const Date last = first + Days{30 + static_cast<int>(random() % 31)};
      spec.terms.push_back({first, last});
      for (int c = 0; c < 2; ++c)
        spec.closures.push_back({first + Days{static_cast<int>(random() % 30)}, "INSET day"});
      day = last + Days{5 + static_cast<int>(random() % 16)};
    }
    std::set<Date> closed;
    for (const auto& c : spec.closures) closed.insert(c.date);
    const BruteWorkingDays bank(ew);
    auto open = [&](Date x) {
      bool in_term = false;
      for (const auto& t : spec.terms) in_term |= x >= t.first_day && x <= t.last_day;
      return in_term && bank.open(x) && !closed.count(x);
    };
    auto school = SchoolCalendar::build(spec, ew);
    REQUIRE(school.ok());
    const CalendarContext calendars{&ew, &*school};
    const Date first = spec.terms.front().first_day, last = spec.terms.back().last_day;
    long mismatches = 0;
    for (Date start = first; start <= last; start += Days{1}) {
      Date walk = start;
      int seen = 0;
      for (int n = 1; n <= 80; ++n) {
        do { walk += Days{1}; } while (walk <= last && !open(walk));
        auto due = add_duration(start, {n, Unit::school_days}, Convention::after, calendars);
        if (walk > last) {
          if (due.ok()) ++mismatches;  // the reference ran out: the engine must refuse
          break;
        }
        ++seen;
        if (!due.ok() || *due != walk) ++mismatches;
        auto count = count_units(start, walk, Unit::school_days, Convention::after, calendars);
        if (!count.ok() || *count != seen) ++mismatches;
      }
    }
    INFO("trial " << trial);
    CHECK(mismatches == 0);
  }
}

TEST_CASE("Months follow the corresponding-date rule, 2000-2060") {
  long mismatches = 0;
  for (Date start = d("2000-01-01"); start <= d("2060-12-31"); start += Days{1}) {
    const int y = year_of(start);
    const unsigned m = month_of(start), day = day_of(start);
    for (int n = -24; n <= 24; n += (start.time_since_epoch().count() % 5) + 1) {
      const int months = static_cast<int>(m) - 1 + n;
      const int ty = y + (months >= 0 ? months / 12 : (months - 11) / 12);
      const unsigned tm = static_cast<unsigned>(((months % 12) + 12) % 12) + 1;
      const Date expected = make_date(ty, tm, std::min(day, days_in(ty, tm)));
      if (add_months(start, n) != expected) ++mismatches;
      // count agrees with add: n months after start is exactly n months.
      if (n >= 0) {
        auto count = count_units(start, expected, Unit::months, Convention::after, {});
        if (!count.ok() || *count != n) ++mismatches;
      }
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("to_iso writes every day from 1 Jan 0001 to 31 Dec 9999 as a stream would, and reads back") {
  // The reference is an ostringstream with fill and width, not the digit-by-digit code it checks.
  const Date first = Date{std::chrono::year{1} / std::chrono::January / 1};
  const Date last = Date{std::chrono::year{9999} / std::chrono::December / 31};
  std::ostringstream expected;
  for (Date d = first; d <= last; d += Days{1}) {
    const std::chrono::year_month_day ymd{d};
    expected.str("");
    expected << std::setfill('0') << std::setw(4) << static_cast<int>(ymd.year()) << '-' << std::setw(2)
             << static_cast<unsigned>(ymd.month()) << '-' << std::setw(2) << static_cast<unsigned>(ymd.day());
    const std::string got = to_iso(d);
    if (got != expected.str()) FAIL(got << " != " << expected.str());
    auto back = parse_iso_date(got);
    if (!back || *back != d) FAIL(got << " does not read back");
  }
  CHECK(to_iso(make_date(2026, 11, 22)) == "2026-11-22");
  CHECK(to_iso(make_date(2000, 2, 29)) == "2000-02-29");
}
