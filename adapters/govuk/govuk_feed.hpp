// GOV.UK's bank-holidays.json (https://www.gov.uk/bank-holidays.json), the public shape:
// { "<division>": { "division": "<division>", "events": [ {"title", "date", "notes", "bunting"} ] } }
// (statutory-timescales.md §E4). Dates are ISO "YYYY-MM-DD"; events are not guaranteed in order.
//
// Thread-safety: pure function; safe from any thread.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar/holiday_rules.hpp"
#include "engine/core/result.hpp"

namespace timescales {

// Every division's events. Refuses the whole file, saying where, if any division is malformed: a
// half-read feed must never change a calendar. A top-level key that is not a division at all
// (not an object with "events" or "division": a hand-edited copy's "_note") is skipped, and said
// so in `warnings` when given.
Result<std::map<std::string, std::vector<Holiday>>> parse_govuk_feed(std::string_view json_text,
                                                                     const std::string& file,
                                                                     std::vector<std::string>* warnings = nullptr);

}  // namespace timescales
