// Which calendars a case's clocks count in, chosen per case rather than per run, so that appeals
// for different schools each count their own school's terms and a Scottish case its own holidays:
//
// - working days: the division named by the case's `division` attribute, else the one its
//   workflow declares (`calendar` in the workflow's TOML), else England and Wales;
// - school days: the school calendar named by the case's `school_calendar` attribute (found among
//   the installation's school calendars), else the run's default (`--school-calendar`), else none
//   (a school-day clock then says it has no calendar, as before).
//
// Thread-safety: as the CalendarSource it is given (one thread).
#pragma once

#include <memory>
#include <string>

#include "application/calendars/calendar_source.hpp"
#include "engine/case/case.hpp"
#include "engine/workflow/workflow_definition.hpp"

namespace timescales {

inline constexpr const char* kDivisionAttribute = "division";
inline constexpr const char* kSchoolCalendarAttribute = "school_calendar";
inline constexpr const char* kDefaultDivision = "england-and-wales";

struct CaseCalendars {
  std::shared_ptr<const DivisionCalendar> working;
  std::shared_ptr<const SchoolCalendar> school;  // null when the case has none
};

// `definition`: the workflow version the case is assessed under, if known. An unknown division or
// school calendar is an error naming the case and the attribute.
Result<CaseCalendars> calendars_for_case(const Case& c, const WorkflowDefinition* definition, CalendarSource& source,
                                         const std::shared_ptr<const SchoolCalendar>& default_school);

}  // namespace timescales
