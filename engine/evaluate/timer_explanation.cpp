// The explanation of one cycle of a clock: how its due date was reached ("received 2025-12-19 +
// 20 working days (extended 2026-01-05: complex); skips 25, 26 Dec, 1 Jan"), in the words an
// officer reads on the case page and in `explain`. Apart from the counting (timer_clock.cpp) because
// it only reads a cycle: it decides nothing.
#include "engine/evaluate/timer_clock.hpp"

#include <algorithm>

namespace timescales {
namespace {

// "25, 26 Dec, 1 Jan": days of one month share the month's name, as an officer would write them.
void append_day_list(std::string& out, const std::vector<Date>& days) {
  for (std::size_t i = 0; i < days.size(); ++i) {
    out += std::to_string(day_of(days[i]));
    const bool month_ends = i + 1 == days.size() || month_of(days[i + 1]) != month_of(days[i]) ||
                            year_of(days[i + 1]) != year_of(days[i]);
    if (month_ends) {
      out += ' ';
      out += month_abbreviation(month_of(days[i]));
    }
    if (i + 1 < days.size()) out += ", ";
  }
}

}  // namespace

// Built by appending to one string: an explanation is made for every timer of every case in a
// run, and joining temporaries with + cost a dozen allocations each.
std::string TimerClock::explanation(const Cycle& c, const std::optional<Date>& d) const {
  std::string out;
  out.reserve(128);
  auto mark = [&out](const Mark& m) {
    if (m.name.empty()) return;
    out += m.name;
    out += ' ';
    out += to_iso(m.date);
    if (m.time) {
      out += ' ';
      out += to_hh_mm(*m.time);
    }
  };
  if (def_.kind == TimerKind::fixed) {
    out += "fixed: ";
    out += c.fixed_note.empty() ? std::string_view("date unknown") : std::string_view(c.fixed_note);
    if (!def_.start.empty()) {
      out += "; started by ";
      mark(c.start_mark);
    }
  } else {
    mark(c.start_mark);
    if (c.limit) {
      if (c.limit->count < 0) {
        out += " - ";
        out += to_string(Duration{-c.limit->count, c.limit->unit});
      } else {
        out += " + ";
        out += to_string(*c.limit);
      }
      if (def_.convention == Convention::beginning_with) out += " beginning with that day";
      if (c.due_time && d) {
        out += ", by ";
        out += to_hh_mm(*c.due_time);
        out += " on ";
        out += to_iso(*d);
      }
      if (c.date_only && def_.date_only_limit) {
        out += " (no time of day recorded: counted as ";
        out += to_string(*def_.date_only_limit);
        out += " after that day)";
      }
      if (!c.variant_note.empty()) {
        out += " (";
        out += c.variant_note;
        out += ')';
      }
      if (!def_.limits.empty() && !c.extended) {
        out += " (cycle ";
        out += std::to_string(c.index + 1);
        if (c.index > 0) {
          out += " since ";
          out += schedule_mark_.name;
          out += ' ';
          out += to_iso(schedule_mark_.date);
        }
        out += ')';
      }
      if (c.or_from_start) {
        out += ", or ";
        mark(c.or_mark);
        out += " + ";
        out += to_string(*c.or_from_start);
        out += ", whichever is later";
      }
    }
    if (c.extended) {
      out += " (";
      out += c.extension_note;
      out += ')';
    }
  }
  for (const auto& p : c.pauses) {
    out += "; paused ";
    out += to_iso(p.from);
    out += " to ";
    out += to_iso(p.to);
    out += " (+";
    out += to_string(Duration{p.units, pause_unit()});
    out += ')';
  }
  if (c.paused_since) {
    out += "; paused since ";
    out += to_iso(*c.paused_since);
  }
  const Unit u = unit();
  if (d && calendars_.working && (u == Unit::working_days || u == Unit::school_days)) {
    const Date lo = std::min(c.count_from, *d), hi = std::max(c.count_from, *d);
    std::vector<Date> days;
    for (const auto& h : calendars_.working->holidays_between(lo, hi))
      if (!is_weekend(h.date)) days.push_back(h.date);
    if (!days.empty()) {
      out += "; skips ";
      append_day_list(out, days);
    }
    if (u == Unit::school_days && calendars_.school) {
      const auto& terms = calendars_.school->spec().terms;
      for (std::size_t i = 0; i + 1 < terms.size(); ++i) {
        const Date gap_from = terms[i].last_day + Days{1}, gap_to = terms[i + 1].first_day - Days{1};
        if (gap_from <= hi && gap_to > lo && gap_from <= gap_to)
          out += "; out of term " + to_day_month(gap_from) + " to " + to_day_month(gap_to);
      }
      for (const auto& closed : calendars_.school->spec().closures)
        if (closed.date > lo && closed.date <= hi)
          out += "; closed " + to_day_month(closed.date) + " (" + closed.reason + ")";
    }
  }
  if (!c.window_note.empty()) {
    out += "; ";
    out += c.window_note;
  }
  if (!c.exemption.empty()) {
    if (!def_.disapplied.empty()) {
      out += "; limit disapplied: ";
    } else {
      out += "; exception from ";
      out += to_iso(*c.exemption_from);
      out += ": ";
    }
    out += c.exemption;
    if (const ExemptionWindow* w = window_for(c.exemption); w && !exemption_covers(c, d)) {
      out += " (covers only limits due ";
      out += to_iso(w->due_from);
      out += " to ";
      out += to_iso(w->due_to);
      out += "; not this one)";
    }
  }
  if (c.stopped) {
    out += "; ";
    mark(c.stop_mark);
  }
  if (c.cancelled) {
    out += "; cancelled by ";
    mark(c.cancel_mark);
  }
  return out;
}

}  // namespace timescales
