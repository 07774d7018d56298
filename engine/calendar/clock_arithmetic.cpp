#include "engine/calendar/clock_arithmetic.hpp"

namespace timescales {
namespace {

// Why an open-day lookup had no answer, in words an officer can act on.
Error out_of_range(const OpenDayIndex& index, const std::string& what, Date from, Duration d) {
  const std::string request = to_string(d) + " from " + to_iso(from);
  if (from < index.first())
    return Error{request + ": " + to_iso(from) + " is before the first day " + what +
                 " knows (" + to_iso(index.first()) + ")"};
  if (from > index.last())
    return Error{request + ": " + to_iso(from) + " is after the last day " + what + " knows (" +
                 to_iso(index.last()) + ")"};
  if (d.count > 0)
    return Error{request + " runs past the end of " + what + " on " + to_iso(index.last()) +
                 "; add its next term (or years) to count further"};
  return Error{request + " runs before the start of " + what + " on " + to_iso(index.first())};
}

// The index a unit counts in, or null when the calendar it needs was not given. Kept free of
// strings: this runs once per clock per case, and the words are only needed on failure.
const OpenDayIndex* open_days_for(Unit unit, const CalendarContext& calendars) {
  if (unit == Unit::working_days) return calendars.working ? &calendars.working->working_days() : nullptr;
  return calendars.school ? &calendars.school->school_days() : nullptr;
}

Error missing_calendar(Unit unit) {
  return unit == Unit::working_days
             ? Error{"counting working days needs a bank-holiday calendar"}
             : Error{"counting school days needs a school calendar (none was given)"};
}

std::string describe(Unit unit, const CalendarContext& calendars) {
  return unit == Unit::working_days ? "the '" + calendars.working->id() + "' calendar"
                                    : "school calendar '" + calendars.school->id() + "'";
}

int count_months_after(Date from, Date to) {
  const auto a = std::chrono::year_month_day{from};
  const auto b = std::chrono::year_month_day{to};
  int m = (static_cast<int>(b.year()) - static_cast<int>(a.year())) * 12 +
          (static_cast<int>(static_cast<unsigned>(b.month())) -
           static_cast<int>(static_cast<unsigned>(a.month())));
  if (to >= from) {
    if (add_months(from, m) > to) --m;
  } else {
    if (add_months(from, m) < to) ++m;
  }
  return m;
}

}  // namespace

Result<Date> add_duration(Date from, Duration d, Convention c, const CalendarContext& calendars) {
  const bool beginning_with = c == Convention::beginning_with;
  switch (d.unit) {
    case Unit::calendar_days:
      return from + Days{d.count - (beginning_with && d.count > 0 ? 1 : 0)};
    case Unit::weeks:
      return from + Days{7 * d.count - (beginning_with && d.count > 0 ? 1 : 0)};
    case Unit::months:
      // "12 months starting with" D is the 12 months after the day before D: the corresponding-
      // date rule applied to D - 1, so a period starting with 29 Feb 2024 ends on 28 Feb 2025
      // (366 days, a whole year) and one starting with 31 Jan ends on the last day of February.
      // Subtracting a day after adding would end both a day short of a whole period.
      return add_months(beginning_with && d.count > 0 ? from - Days{1} : from, d.count);
    case Unit::hours: {
      // From a date alone the hour is unknown: N hours from some time on `from` ends, at the
      // latest, on the day ceil(N / 24) days later (72 hours: the third day after). Clocks that
      // know the time of day place the hour themselves.
      const int days = d.count >= 0 ? (d.count + 23) / 24 : -((-d.count + 23) / 24);
      return from + Days{days};
    }
    case Unit::working_days:
    case Unit::school_days: {
      const OpenDayIndex* days = open_days_for(d.unit, calendars);
      if (!days) return missing_calendar(d.unit);
      const OpenDayIndex& index = *days;
      int n = d.count;
      // beginning_with: an open event day is itself day 1, so one fewer step is needed.
      if (beginning_with && n > 0 && index.is_open(from)) n -= 1;
      const auto due = index.nth_open_day(from, n);
      if (!due) return out_of_range(index, describe(d.unit, calendars), from, d);
      return *due;
    }
  }
  return Error{"unknown unit"};
}

Result<int> count_units(Date from, Date to, Unit unit, Convention c,
                        const CalendarContext& calendars) {
  const bool beginning_with = c == Convention::beginning_with;
  switch (unit) {
    case Unit::calendar_days:
      return static_cast<int>((to - from).count()) + (beginning_with ? 1 : 0);
    case Unit::weeks:
      return static_cast<int>((to - from).count() + (beginning_with ? 1 : 0)) / 7;
    case Unit::months:
      return count_months_after(beginning_with ? from - Days{1} : from, to);
    case Unit::hours:  // whole days between the two dates, in hours: the dates carry no hour
      return static_cast<int>((to - from).count()) * 24;
    case Unit::working_days:
    case Unit::school_days: {
      const OpenDayIndex* days = open_days_for(unit, calendars);
      if (!days) return missing_calendar(unit);
      const OpenDayIndex& index = *days;
      const auto n = index.open_days_between(from, to);
      if (!n) {
        const Date outside = index.covers(from) ? to : from;
        return Error{"cannot count " + std::string(unit_name(unit)) + " from " + to_iso(from) +
                     " to " + to_iso(to) + ": " + to_iso(outside) + " is outside " + describe(unit, calendars) +
                     " (" + to_iso(index.first()) + " to " + to_iso(index.last()) + ")"};
      }
      return *n + (beginning_with && index.is_open(from) ? 1 : 0);
    }
  }
  return Error{"unknown unit"};
}

Result<int> units_left(Date as_of, Date due, Unit unit, const CalendarContext& calendars) {
  auto n = count_units(as_of, due, unit, Convention::after, calendars);
  if (!n || due >= as_of || (unit != Unit::weeks && unit != Unit::months)) return n;
  // count_units truncates toward zero; past due, a unit not yet whole still counts as begun.
  auto whole = add_duration(as_of, Duration{*n, unit}, Convention::after, calendars);
  if (whole && *whole != due) return *n - 1;
  return n;
}

}  // namespace timescales
