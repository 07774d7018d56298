#include "application/calendars/case_calendars.hpp"

namespace timescales {

Result<CaseCalendars> calendars_for_case(const Case& c, const WorkflowDefinition* definition, CalendarSource& source,
                                         const std::shared_ptr<const SchoolCalendar>& default_school) {
  CaseCalendars out;
  std::string division = definition && !definition->calendar.empty() ? definition->calendar : kDefaultDivision;
  if (auto named = c.attributes.find(kDivisionAttribute); named != c.attributes.end() && !named->second.empty())
    division = named->second;
  auto working = source.division(division);
  if (!working) return working.error().context("case '" + c.id + "'");
  out.working = std::move(*working);
  out.school = default_school;
  if (auto named = c.attributes.find(kSchoolCalendarAttribute); named != c.attributes.end() && !named->second.empty()) {
    auto school = source.school_named(named->second);
    if (!school) return school.error().context("case '" + c.id + "', attribute " + kSchoolCalendarAttribute);
    out.school = std::move(*school);
  }
  return out;
}

}  // namespace timescales
