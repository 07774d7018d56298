// Calendars for the tests, loaded once from the shipped rules (never from a .local.toml, so a
// developer's own GOV.UK import cannot change what the tests expect).
#pragma once

#include <catch2/catch.hpp>

#include <cstdio>
#include <memory>
#include <string>

#include "adapters/files/calendar_files.hpp"
#include "adapters/files/text_files.hpp"
#include "engine/calendar/calendar_toml.hpp"
#include "engine/calendar/clock_arithmetic.hpp"
#include "tests/support/run_cli.hpp"

namespace timescales::test {

inline const DivisionCalendar& shipped_division(const std::string& id) {
  static std::map<std::string, std::unique_ptr<DivisionCalendar>> cache;
  auto& slot = cache[id];
  if (!slot) {
    CalendarFiles files(TIMESCALES_SOURCE_DIR);
    auto schedule = files.shipped_schedule(id);
    if (!schedule) FAIL(schedule.error().to_string());
    slot = std::make_unique<DivisionCalendar>(std::move(*schedule));
  }
  return *slot;
}

inline const DivisionCalendar& england_and_wales() { return shipped_division("england-and-wales"); }

inline Date d(const char* iso) {
  auto parsed = parse_iso_date(iso);
  if (!parsed) FAIL(parsed.error().message);
  return *parsed;
}

}  // namespace timescales::test
