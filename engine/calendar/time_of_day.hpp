// A time of day, where a case system records one: a child's return from a missing episode at
// 21:40 starts a 72-hour clock that ends at 21:40 three days later, not at midnight.
//
// Minutes since midnight, local (UK) time as the export gives it. No time zone arithmetic: the
// limits that count hours (72 hours for a return home interview) are measured in the same local
// time the council records, and across a clock change an hour either way does not move a
// 72-hour limit off its day in practice (engine choice, stated in workflows/missing-episode.toml).
//
// Thread-safety: values and pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "engine/core/result.hpp"

namespace timescales {

struct TimeOfDay {
  int minutes = 0;  // 0 ... 1439
  friend auto operator<=>(const TimeOfDay&, const TimeOfDay&) = default;
};

// Parses "HH:MM" (24-hour, "00:00" ... "23:59"), with optional ":SS" seconds, which are dropped
// (exports often carry them; no limit counts seconds). Refuses anything else, saying why.
Result<TimeOfDay> parse_time_of_day(std::string_view text);

std::string to_hh_mm(TimeOfDay time);  // "09:05"

}  // namespace timescales
