// Dates as the engine counts them.
//
// A Date is a day number (std::chrono::sys_days: days since 1970-01-01), so "the day after" is +1
// and differences are plain subtraction. C++20's calendar types do the civil conversions,
// including "the first Monday in May" (year/May/Monday[1]) and month-end clamping, so neither
// Boost.Date_Time nor hand-written civil arithmetic is needed.
//
// Thread-safety: free functions over values; safe from any thread.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "engine/core/result.hpp"

namespace timescales {

using Date = std::chrono::sys_days;
using Days = std::chrono::days;

Date make_date(int year, unsigned month, unsigned day);  // caller guarantees validity

// Parses a strict ISO date "YYYY-MM-DD". Refuses anything else, including 2025-02-30, with a
// message that says why.
Result<Date> parse_iso_date(std::string_view text);

std::string to_iso(Date date);                 // "2026-01-07"
std::string to_day_month(Date date);           // "7 Jan"
std::string to_long(Date date);                // "Wed 7 Jan 2026"

int year_of(Date date);
unsigned month_of(Date date);
// "Jan" … "Dec" for months 1 … 12: the one table of month names every output uses.
const char* month_abbreviation(unsigned month);
// "Mon" … "Sun" for ISO weekdays 1 (Monday) … 7.
const char* weekday_abbreviation(unsigned iso_weekday);
unsigned day_of(Date date);
// ISO weekday: Monday = 1 ... Sunday = 7.
unsigned iso_weekday(Date date);
inline bool is_weekend(Date date) { return iso_weekday(date) >= 6; }

// The corresponding-date rule for calendar months (Dodds v Walker): the same-numbered day N months
// later, or the last day of that month when it has no such day. N may be negative.
Date add_months(Date date, int months);

}  // namespace timescales
