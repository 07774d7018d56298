#include "engine/calendar/school_calendar.hpp"

namespace timescales {

Result<SchoolCalendar> SchoolCalendar::build(SchoolCalendarSpec spec,
                                             const DivisionCalendar& division) {
  const std::string who = "school calendar '" + spec.id + "'";
  if (spec.terms.empty()) return Error{who + " has no terms"};
  for (size_t i = 0; i < spec.terms.size(); ++i) {
    const Term& t = spec.terms[i];
    if (t.last_day < t.first_day)
      return Error{who + ": a term ends (" + to_iso(t.last_day) + ") before it begins (" +
                   to_iso(t.first_day) + ")"};
    if (i > 0 && t.first_day <= spec.terms[i - 1].last_day)
      return Error{who + ": the term beginning " + to_iso(t.first_day) +
                   " overlaps or precedes the term ending " + to_iso(spec.terms[i - 1].last_day) +
                   " (list terms in date order)"};
  }
  const Date first = spec.terms.front().first_day;
  const Date last = spec.terms.back().last_day;
  if (!division.covers(first) || !division.covers(last))
    return Error{who + " runs from " + to_iso(first) + " to " + to_iso(last) +
                 ", outside the bank holidays of '" + division.id() + "' (" +
                 to_iso(division.first()) + " to " + to_iso(division.last()) + ")"};

  std::vector<bool> open(static_cast<size_t>((last - first).count() + 1), false);
  for (const Term& t : spec.terms)
    for (Date d = t.first_day; d <= t.last_day; d += Days{1})
      open[static_cast<size_t>((d - first).count())] = division.is_working_day(d);
  for (const Closure& c : spec.closures) {
    bool in_term = false;
    for (const Term& t : spec.terms) in_term |= (c.date >= t.first_day && c.date <= t.last_day);
    if (!in_term)
      return Error{who + ": closure on " + to_iso(c.date) + " (" + c.reason +
                   ") falls outside every term"};
    open[static_cast<size_t>((c.date - first).count())] = false;
  }
  return SchoolCalendar(std::move(spec), OpenDayIndex(first, open));
}

}  // namespace timescales
