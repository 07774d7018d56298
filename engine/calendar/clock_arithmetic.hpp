// Adding durations to dates and counting units between dates, in every unit of the engine
// contract (§1) and both counting conventions. This is the one place that knows how each unit
// counts; timers, rules and the command line all come through here.
//
// Working and school days are O(1) (OpenDayIndex); calendar days and weeks are arithmetic;
// months follow the corresponding-date rule.
//
// Thread-safety: pure functions over immutable calendars; safe from any thread.
#pragma once

#include "engine/calendar/date.hpp"
#include "engine/calendar/division_calendar.hpp"
#include "engine/calendar/duration.hpp"
#include "engine/calendar/school_calendar.hpp"
#include "engine/core/result.hpp"

namespace timescales {

// The calendars a clock may count in. `school` may be null when no school calendar applies;
// asking for school days then is an error.
struct CalendarContext {
  const DivisionCalendar* working = nullptr;
  const SchoolCalendar* school = nullptr;
};

// after: the N-th unit strictly after `from` (the day of `from` is day 0);
// beginning_with: the day of `from` is day 1, so the last day is `from` + (N - 1) units; for
// months, the period is the N months after the day before `from` (12 months starting with
// 10 Jun 2025 end on 9 Jun 2026, the day before the anniversary).
// Negative counts go backwards ("at least 10 school days before the hearing").
Result<Date> add_duration(Date from, Duration d, Convention c, const CalendarContext& calendars);

// Whole units strictly after `from`, up to and including `to` (beginning_with: from `from`
// itself). Negative when `to` is before `from`.
Result<int> count_units(Date from, Date to, Unit unit, Convention c,
                        const CalendarContext& calendars);

// What a clock has left on `as_of` before `due`, in its own unit: count_units (convention after),
// except that once `due` has passed a part of a week or month counts as a whole one, so a plan
// 6 days overdue has -1 week left, not 0 (which would read as due this week). Days, working days
// and school days count exactly and are unchanged.
Result<int> units_left(Date as_of, Date due, Unit unit, const CalendarContext& calendars);

}  // namespace timescales
