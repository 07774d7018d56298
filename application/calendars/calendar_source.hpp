// Where the use cases get their calendars: the division calendars (working days) and the
// schools' term calendars (school days), by name. adapters/files/calendar_files.hpp reads them
// from the data folder; a test may hand in its own.
//
// Thread-safety: not thread-safe (implementations cache what they load); use from one thread,
// and hand the calendars themselves, which are immutable, to others.
#pragma once

#include <memory>
#include <string>

#include "engine/calendar/division_calendar.hpp"
#include "engine/calendar/school_calendar.hpp"
#include "engine/core/result.hpp"

namespace timescales {

class CalendarSource {
 public:
  virtual ~CalendarSource() = default;
  // The working-day calendar of a division ("england-and-wales", "scotland",
  // "northern-ireland"). not_found for a division the installation has no calendar for.
  virtual Result<std::shared_ptr<const DivisionCalendar>> division(const std::string& id) = 0;
  // A school's calendar by its name ("example-primary-2025-26"), as a case's `school_calendar`
  // attribute names it. not_found when the installation has none of that name.
  virtual Result<std::shared_ptr<const SchoolCalendar>> school_named(const std::string& name) = 0;
};

}  // namespace timescales
