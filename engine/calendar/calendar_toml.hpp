// Calendars as data: bank-holiday schedules (rules/calendars/<division>.toml), their local
// change files (<division>.local.toml, written by `calendar import-govuk`), and school calendars
// (engine contract §5). Parsed from text; the adapters read the files.
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar/holiday_rules.hpp"
#include "engine/calendar/school_calendar.hpp"
#include "engine/core/result.hpp"

namespace timescales {

Result<HolidaySchedule> parse_holiday_schedule(std::string_view text, const std::string& file);

// A change file holds only [calendar] id and [[change]] entries; its id must be `division_id`.
Result<std::vector<HolidayChange>> parse_holiday_changes(std::string_view text,
                                                         const std::string& file,
                                                         const std::string& division_id);

// What an added holiday with no name is written as: a change file's added holiday needs one.
inline constexpr std::string_view kUnnamedHoliday = "bank holiday";

// Renders changes back into a change file that parse_holiday_changes reads back as the same
// changes: any name (quotes, backslashes, control characters, non-ASCII) is escaped as TOML wants.
std::string format_holiday_changes(const std::string& division_id, const std::string& note,
                                   const std::vector<HolidayChange>& changes);

Result<SchoolCalendarSpec> parse_school_calendar(std::string_view text, const std::string& file);

}  // namespace timescales
