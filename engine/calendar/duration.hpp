// Durations as the law writes them: "10 working days", "20 weeks", "15 days", "12 months".
//
// Thread-safety: values and pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "engine/core/result.hpp"

namespace timescales {

enum class Unit {
  working_days,   // Monday-Friday less the division's bank holidays
  school_days,    // days the school calendar in force is open
  calendar_days,  // every day ("days" in the law)
  weeks,          // 7 calendar days, no roll-forward
  months,         // calendar months, corresponding-date rule
  // 60 minutes each, from an event's time of day (72 hours for a return home interview). Date
  // arithmetic alone cannot place an hour: a clock with a time does (engine/evaluate), and
  // add_duration, given only a date, answers the last day the limit can end on (see there).
  hours,
};

// How the day of the starting event counts (engine contract §1).
enum class Convention {
  after,           // the event's day is day 0: "within 10 working days of receipt"
  beginning_with,  // the event's day is day 1: "15 days beginning with the day it was served"
};

struct Duration {
  int count = 0;
  Unit unit = Unit::calendar_days;
  friend bool operator==(const Duration&, const Duration&) = default;
};

// "working days", "working day", "school days", "calendar days", "days", "weeks", "months", …
Result<Unit> parse_unit(std::string_view text);
// No statutory limit comes near this; a larger count is a typing error, and would overflow the
// date arithmetic.
inline constexpr int kMaxDurationCount = 100000;

// "10 working days", "1 month", "-10 school days"
Result<Duration> parse_duration(std::string_view text);
Result<Convention> parse_convention(std::string_view text);

std::string_view unit_name(Unit unit);           // plural, as in the contract: "working days"
std::string_view convention_name(Convention c);  // "after", "beginning_with"
std::string to_string(const Duration& d);        // "10 working days", "1 working day"

}  // namespace timescales
