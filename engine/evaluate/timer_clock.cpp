#include "engine/evaluate/timer_clock.hpp"

#include <algorithm>
#include <cstdlib>

namespace timescales {

TimerClock::TimerClock(const TimerDefinition& definition, const Attributes& attributes,
                       const CalendarContext& calendars)
    : def_(definition), attributes_(attributes), calendars_(calendars) {}

bool TimerClock::is(const std::vector<std::string>& events, const std::string& type) const {
  return std::find(events.begin(), events.end(), type) != events.end();
}

bool TimerClock::exemption_applies(const std::string& reason) const {
  if (reason.empty()) return false;  // an exception must say which one
  return def_.exempt_reasons.empty() || is(def_.exempt_reasons, reason);
}

const ExemptionWindow* TimerClock::window_for(const std::string& reason) const {
  for (const auto& w : def_.exempt_windows)
    if (w.reason == reason) return &w;
  return nullptr;
}

bool TimerClock::exemption_covers(const Cycle& c, const std::optional<Date>& due) const {
  if (c.exemption.empty()) return false;
  const ExemptionWindow* w = window_for(c.exemption);
  if (!w || !due) return true;
  return *due >= w->due_from && *due <= w->due_to;
}

// The cycle's own unit once it has begun: a schedule may count working days, then months.
Unit TimerClock::unit() const {
  if (phase_ != Phase::pending && cycle_.limit) return cycle_.limit->unit;
  if (def_.limit) return def_.limit->unit;
  return def_.limits.empty() ? Unit::calendar_days : def_.limits.front().unit;
}

// A pause counted in weeks or months would lose its odd days to truncation; the day is the
// natural smaller step of both.
Unit TimerClock::pause_unit() const {
  const Unit u = unit();
  return (u == Unit::working_days || u == Unit::school_days) ? u : Unit::calendar_days;
}

void TimerClock::problem(std::string message, std::optional<Date> date, std::string event) {
  DataProblem p{"timer '" + def_.id + "': " + message, date, std::move(event), def_.id};
  for (const auto& existing : problems_)
    if (existing.message == p.message) return;
  problems_.push_back(std::move(p));
}

std::optional<Date> TimerClock::attribute_date(const std::string& attribute) {
  auto it = attributes_.find(attribute);
  if (it == attributes_.end()) {
    problem("the case has no '" + attribute + "' attribute (a date) to count from");
    return std::nullopt;
  }
  auto d = parse_iso_date(it->second);
  if (!d) {
    problem("attribute '" + attribute + "': " + d.error().message);
    return std::nullopt;
  }
  return *d;
}

std::optional<Date> TimerClock::rule_date(const std::vector<DateRule>& rules, std::string& note) {
  for (const auto& r : rules) {
    if (!r.when.matches(attributes_)) continue;
    auto it = attributes_.find(r.year_attribute);
    if (it == attributes_.end()) {
      if (!def_.attributes_optional)
        problem("the case has no '" + r.year_attribute + "' attribute (a year) for its fixed date");
      return std::nullopt;
    }
    char* end = nullptr;
    const long year = std::strtol(it->second.c_str(), &end, 10);
    if (it->second.empty() || *end != '\0' || year < 1900 || year > 2200) {
      problem("attribute '" + r.year_attribute + "' is '" + it->second + "', not a year");
      return std::nullopt;
    }
    const int y = static_cast<int>(year) + r.year_offset;
    // 29 February in a common year falls back to the 28th, the last day of the month.
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{r.month},
                                          std::chrono::day{r.day}};
    const Date d = ymd.ok() ? Date{ymd} : Date{std::chrono::year{y} / std::chrono::month{r.month} /
                                               std::chrono::last};
    note = to_day_month(d) + " " + std::to_string(y) + " (" + r.year_attribute + " " + it->second;
    if (r.year_offset != 0)
      note += (r.year_offset < 0 ? " - " : " + ") + std::to_string(std::abs(r.year_offset));
    note += ")";
    return d;
  }
  if (!def_.attributes_optional) problem("no due-date rule matches the case's attributes");
  return std::nullopt;
}

std::optional<int> TimerClock::age_on(const std::string& attribute, Date day) {
  auto it = attributes_.find(attribute);
  if (it == attributes_.end()) {
    problem("the case has no '" + attribute + "' attribute (a date) to tell the child's age by");
    return std::nullopt;
  }
  auto born = parse_iso_date(it->second);
  if (!born) {
    problem("attribute '" + attribute + "' is not a date");  // the value is personal data: not quoted
    return std::nullopt;
  }
  if (*born > day) {
    problem("attribute '" + attribute + "' is after " + to_iso(day));
    return std::nullopt;
  }
  const std::chrono::year_month_day b{*born}, d{day};
  int years = static_cast<int>(d.year()) - static_cast<int>(b.year());
  // A birthday not yet reached this year. Born 29 February: in a common year the birthday is
  // reached on 1 March, as (2, 28) is still before (2, 29).
  if (std::pair(static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day())) <
      std::pair(static_cast<unsigned>(b.month()), static_cast<unsigned>(b.day())))
    --years;
  return years;
}

void TimerClock::case_began(const CaseEvent& opening) {
  if (def_.start.empty() && phase_ == Phase::pending) start_schedule(opening);
}

void TimerClock::start_schedule(const CaseEvent& event) {
  cycle_index_ = 0;
  schedule_mark_ = Mark{event.type, event.date, event.time};
  begin(event);
}

void TimerClock::begin(const CaseEvent& event) {
  Cycle c;
  c.start = event.date;
  c.start_mark = Mark{event.type, event.date, event.time};
  c.count_from = event.date;
  c.index = cycle_index_;
  // The n-th cycle's limit; past the end of the list, the last repeats.
  auto by_cycle = [&](const std::vector<Duration>& limits) {
    return limits[std::min(static_cast<std::size_t>(cycle_index_), limits.size() - 1)];
  };
  c.limit = def_.limits.empty() ? def_.limit : std::optional<Duration>(by_cycle(def_.limits));
  const std::string* count_from_attribute = &def_.count_from_attribute;
  for (const auto& v : def_.variants) {
    if (!v.when.matches(attributes_)) continue;
    std::string note;
    if (v.cycle_starts_after) {
      auto edge = add_duration(schedule_mark_.date, *v.cycle_starts_after, Convention::after, calendars_);
      if (!edge || !(event.date > *edge)) continue;
      note = "more than " + to_string(*v.cycle_starts_after) + " after " + std::string(schedule_mark_.name) +
             " " + to_iso(schedule_mark_.date);
    }
    if (v.age) {
      const auto age = age_on(v.age->attribute, event.date);
      if (!age) {
        c.due_unknown = true;  // the problem says which attribute to fix
        break;
      }
      if (*age >= v.age->under) continue;
      note += (note.empty() ? "" : "; ") + std::string("under ") + std::to_string(v.age->under) +
              " on that day";
    }
    if (!v.start_after_attribute.empty()) {
      // Only for a start after that date; without the date the next variant decides, and the
      // one that counts from it reports it missing.
      auto it = attributes_.find(v.start_after_attribute);
      if (it == attributes_.end()) continue;
      auto after = parse_iso_date(it->second);
      if (!after || !(event.date > *after)) continue;
    }
    if (!v.limits.empty()) c.limit = by_cycle(v.limits);
    else if (v.limit) c.limit = v.limit;
    c.variant_note = std::move(note);
    if (!v.count_from_attribute.empty()) count_from_attribute = &v.count_from_attribute;
    c.or_from_start = v.or_from_start;
    c.or_mark = Mark{event.type, event.date};
    c.basis = v.basis;
    break;
  }
  if (!def_.count_from_event.empty() && count_from_event_date_) {
    c.count_from = *count_from_event_date_;
    c.start_mark = Mark{def_.count_from_event, c.count_from};
  }
  if (!count_from_attribute->empty()) {
    if (auto d = attribute_date(*count_from_attribute)) {
      c.count_from = *d;
      c.start_mark = Mark{*count_from_attribute, *d};
    } else {
      c.due_unknown = true;
    }
  }
  if (c.limit && c.limit->unit == Unit::hours && c.count_from == event.date) {
    c.start_time = event.time;
    c.date_only = !event.time;
    if (c.start_time) c.due_time = TimeOfDay{(c.start_time->minutes + 60 * (c.limit->count % 24)) % 1440};
  }
  if (def_.kind == TimerKind::fixed) {
    c.fixed_due = rule_date(def_.due_date, c.fixed_note);
    if (!c.fixed_due) {
      if (def_.attributes_optional) return;  // not this case's concern: stays pending
      c.due_unknown = true;
    }
    std::string opens_note, stops_note;
    if (!def_.stop_window_opens.empty()) stops_count_from_ = rule_date(def_.stop_window_opens, stops_note);
    if (auto opens = def_.window_opens.empty() ? std::nullopt : rule_date(def_.window_opens, opens_note);
        opens && event.date < *opens)
      c.window_note = event.type + " " + to_iso(event.date) + " is before the window opened on " +
                      to_iso(*opens);
  }
  if (open_exception_ && exemption_applies(open_exception_->first)) {
    c.exemption = open_exception_->first;
    c.exemption_from = std::max(open_exception_->second, event.date);
  }
  if (!def_.disapplied.empty()) {
    c.exemption = def_.disapplied;
    c.exemption_from = event.date;
  }
  cycle_ = std::move(c);
  phase_ = Phase::running;
  if (cycle_.limit && cycle_.limit->count < 0) {
    // "At least N before" the start event: the stopping event had to come first.
    cycle_.stopped = early_stop_;
    cycle_.stop_mark = early_stop_ ? early_stop_mark_ : Mark{};
    early_stop_.reset();
    phase_ = Phase::stopped;
  }
  const bool stop_attribute_absent = attributes_.find(def_.stop_attribute) == attributes_.end();
  if (!def_.stop_attribute.empty() && !(stop_attribute_absent && def_.attributes_optional)) {
    if (auto d = attribute_date(def_.stop_attribute)) {
      cycle_.stopped = *d;
      cycle_.stop_mark = Mark{def_.stop_attribute, *d};
      phase_ = Phase::stopped;
    }
  }
}

void TimerClock::close_pause(Date on) {
  if (!cycle_.paused_since) return;
  const Date from = *cycle_.paused_since;
  auto n = count_units(from, on, pause_unit(), Convention::after, calendars_);
  if (!n) problem(n.error().message, on);
  const int units = n ? *n : 0;
  cycle_.paused_units += units;
  cycle_.pauses.push_back({from, on, units});
  cycle_.paused_since.reset();
}

void TimerClock::extend(const CaseEvent& e) {
  if (!def_.extension) return;
  if (cycle_.extended) {
    problem(e.type + " on " + to_iso(e.date) + ": already extended to " +
                to_string(*cycle_.limit) + "; a second extension changes nothing",
            e.date, e.type);
    return;
  }
  // While paused, the limit moves on with every day of the pause: the limit to compare with is
  // the one the pause has reached by the day of the extension, not the one it started from.
  const auto before = due(cycle_, e.date);
  if (e.reason.empty())
    problem(e.type + " on " + to_iso(e.date) + " gives no reason; an extension must say why",
            e.date, e.type);
  if (before && e.date > *before) {
    // Once the limit has passed there is nothing left to extend: applying it would turn a miss
    // into "met" (reg 14 extends a limit that is still running).
    problem(e.type + " on " + to_iso(e.date) + " came after the limit had already passed (due " +
                to_iso(*before) + "); not applied",
            e.date, e.type);
    return;
  }
  cycle_.limit = def_.extension->limit;
  cycle_.extended = true;
  cycle_.extension_note = "extended " + to_iso(e.date) + (e.reason.empty() ? "" : ": " + e.reason);
}

void TimerClock::finish_cycle(Date on) {
  const auto d = due(cycle_);
  TimerStatus s = status(cycle_, phase_, on);
  // A cycle cut short by the next one: unfinished and not yet due, it was overtaken; past due,
  // it was missed.
  if (s == TimerStatus::running || s == TimerStatus::paused) s = TimerStatus::cancelled;
  if (s == TimerStatus::overdue) s = TimerStatus::missed;
  history_.push_back({cycle_.start, d, cycle_.stopped, s});
}

void TimerClock::on_event(const CaseEvent& e) {
  if (!def_.count_from_event.empty() && e.type == def_.count_from_event) count_from_event_date_ = e.date;
  const bool active = phase_ == Phase::running || phase_ == Phase::paused;
  if (is(def_.cancel, e.type) && (active || phase_ == Phase::pending)) {
    if (phase_ == Phase::paused) close_pause(e.date);
    cycle_.cancelled = e.date;
    cycle_.cancel_mark = Mark{e.type, e.date};
    phase_ = Phase::cancelled;
    return;
  }
  if (is(def_.exempt, e.type)) {
    open_exception_ = std::make_pair(e.reason, e.date);
    if (active && cycle_.exemption.empty() && exemption_applies(e.reason)) {
      // An exception arising after the limit had passed cannot excuse missing it.
      const auto d = due(cycle_, e.date);
      if (!d || e.date <= *d) {
        cycle_.exemption = e.reason;
        cycle_.exemption_from = e.date;
      }
    }
  }
  if (is(def_.exempt_end, e.type)) open_exception_.reset();

  if (phase_ == Phase::pending) {
    if (is(def_.start, e.type)) start_schedule(e);
    else if (is(def_.stop, e.type) && !early_stop_) {
      early_stop_ = e.date;
      early_stop_mark_ = Mark{e.type, e.date};
    }
    return;
  }
  if (phase_ == Phase::stopped || phase_ == Phase::cancelled) {
    // A new occurrence of the start event starts a new cycle (the next review report), or a
    // schedule afresh (a child looked after again), unless only the latest before the stop counts.
    const bool again = is(def_.start, e.type) && def_.start_occurrence == StartOccurrence::each;
    if (again) {
      finish_cycle(e.date);
      start_schedule(e);
    } else if (is(def_.stop, e.type) && !early_stop_) {
      early_stop_ = e.date;
      early_stop_mark_ = Mark{e.type, e.date};
    }
    return;
  }
  // Running or paused.
  const bool recurring = def_.kind == TimerKind::recurring;
  if (is(def_.restart, e.type) || (recurring && is(def_.start, e.type) && is(def_.stop, e.type))) {
    // Recurring: this occurrence (a review held) meets the cycle and starts the next.
    if (phase_ == Phase::paused) close_pause(e.date);
    cycle_.stopped = e.date;
    cycle_.stop_mark = Mark{e.type, e.date, e.time};
    cycle_.stop_time = e.time;
    phase_ = Phase::stopped;
    finish_cycle(e.date);
    ++cycle_index_;
    begin(e);
    return;
  }
  if (is(def_.start, e.type)) {
    if (phase_ == Phase::paused) close_pause(e.date);
    if (def_.start_occurrence == StartOccurrence::latest) {
      // The clock counts from this one; the earlier start was not missed, only superseded.
      begin(e);
      return;
    }
    // Any other timer whose start event comes again closes the old cycle as it stands; a
    // schedule begins afresh (a new placement's first visit within a week).
    finish_cycle(e.date);
    start_schedule(e);
    return;
  }
  if (is(def_.stop, e.type) && !(stops_count_from_ && e.date < *stops_count_from_)) {
    if (phase_ == Phase::paused) close_pause(e.date);
    cycle_.stopped = e.date;
    cycle_.stop_mark = Mark{e.type, e.date, e.time};
    cycle_.stop_time = e.time;
    phase_ = Phase::stopped;
    return;
  }
  if (def_.extension && is(def_.extension->on, e.type)) extend(e);
  if (phase_ == Phase::running && is(def_.pause, e.type)) {
    // A pause holds a limit that is still running; after the due date it cannot hide the miss.
    if (const auto d = due(cycle_); d && e.date > *d) {
      problem(e.type + " on " + to_iso(e.date) + " came after the limit had already passed (due " +
                  to_iso(*d) + "); the clock does not pause",
              e.date, e.type);
    } else {
      cycle_.paused_since = e.date;
      phase_ = Phase::paused;
    }
  } else if (phase_ == Phase::paused && is(def_.resume, e.type)) {
    close_pause(e.date);
    phase_ = Phase::running;
  }
}

std::optional<Date> TimerClock::due(const Cycle& c, std::optional<Date> paused_through) {
  if (c.due_unknown) return std::nullopt;
  std::optional<Date> base = c.fixed_due;
  if (!base) {
    if (!c.limit) return std::nullopt;
    Result<Date> r = Error("no limit");
    if (c.limit->unit == Unit::hours && c.start_time)
      r = c.count_from + Days{(c.start_time->minutes + 60 * c.limit->count) / 1440};
    else if (c.limit->unit == Unit::hours && c.date_only && def_.date_only_limit)
      r = add_duration(c.count_from, *def_.date_only_limit, def_.convention, calendars_);
    else
      r = add_duration(c.count_from, *c.limit, def_.convention, calendars_);
    if (r && c.or_from_start) {
      // Either limit satisfies the Code: the later date is the one that binds.
      auto alternative = add_duration(c.start, *c.or_from_start, def_.convention, calendars_);
      if (alternative) r = std::max(*r, *alternative);
      else r = alternative;
    }
    if (!r) {
      if (c.limit->unit == Unit::school_days && !calendars_.school)
        problem("counts " + to_string(*c.limit) + " and needs a school calendar for the school "
                "concerned; none was given, so its due date cannot be worked out");
      else
        problem(r.error().message);
      return std::nullopt;
    }
    base = *r;
  }
  int units = c.paused_units;
  if (c.paused_since && paused_through && *paused_through > *c.paused_since) {
    auto n = count_units(*c.paused_since, *paused_through, pause_unit(), Convention::after, calendars_);
    if (n) units += *n;
  }
  if (units == 0) return base;
  auto moved = add_duration(*base, Duration{units, pause_unit()}, Convention::after, calendars_);
  if (!moved) {
    problem(moved.error().message);
    return std::nullopt;
  }
  return *moved;
}

bool TimerClock::in_time(const Cycle& c, Date due) const {
  if (*c.stopped != due) return *c.stopped < due;
  // On the last day, the hour decides where both are known; a stop recorded without a time is
  // given the day.
  return !(c.due_time && c.stop_time) || *c.stop_time <= *c.due_time;
}

TimerStatus TimerClock::status(const Cycle& c, Phase phase, Date as_of) {
  const bool minimum = def_.kind == TimerKind::minimum;
  const bool exempt = !c.exemption.empty() && exemption_covers(c, window_for(c.exemption) ? due(c) : std::nullopt);
  switch (phase) {
    case Phase::pending:
      return TimerStatus::pending;
    case Phase::cancelled: {
      // A branch that came after the limit had passed does not undo the miss.
      const auto d = due(c);
      if (!minimum && !def_.lapses && d && c.cancelled && *c.cancelled > *d)
        return exempt ? TimerStatus::exempt : TimerStatus::missed;
      return TimerStatus::cancelled;
    }
    case Phase::stopped: {
      if (!c.window_note.empty()) return TimerStatus::missed;
      const auto d = due(c);
      if (!d) return TimerStatus::running;  // the problem list says why
      if (!c.stopped)  // "at least N before" and the stopping event never came
        return exempt ? TimerStatus::exempt : TimerStatus::missed;
      // A minimum counted `beginning_with` ends on its due day ("at least 15 days beginning with
      // the day it was served": the 15th day is still the family's), so the act must come after it.
      const bool ok = !minimum ? in_time(c, *d)
                      : def_.convention == Convention::beginning_with ? *c.stopped > *d
                                                                       : *c.stopped >= *d;
      if (ok) return TimerStatus::met;
      return exempt ? TimerStatus::exempt : TimerStatus::missed;
    }
    case Phase::running:
    case Phase::paused: {
      if (!c.window_note.empty()) return TimerStatus::missed;
      if (phase == Phase::paused) return TimerStatus::paused;
      const auto d = due(c);
      if (!d || minimum || as_of <= *d) return TimerStatus::running;
      if (def_.lapses) return TimerStatus::met;
      return exempt ? TimerStatus::exempt : TimerStatus::overdue;
    }
  }
  return TimerStatus::pending;
}

TimerResult TimerClock::result(Date as_of) {
  TimerResult r;
  r.id = def_.id;
  switch (def_.kind) {
    case TimerKind::deadline: r.kind = ClockKind::deadline; break;
    case TimerKind::minimum: r.kind = ClockKind::minimum; break;
    case TimerKind::fixed: r.kind = ClockKind::fixed; break;
    case TimerKind::recurring: r.kind = ClockKind::recurring; break;
  }
  r.unit = unit();
  r.source = def_.source;
  r.configurable = def_.configurable;
  r.basis = timer_basis_name(phase_ != Phase::pending && cycle_.basis ? *cycle_.basis : def_.basis);
  r.previous_cycles = history_;
  r.status = status(cycle_, phase_, as_of);
  if (phase_ == Phase::pending) {
    r.explanation = def_.start.empty() ? "waiting for the case to begin"
                                       : "waiting for " + def_.start.front();
    return r;
  }
  const auto d = due(cycle_, phase_ == Phase::paused ? std::optional<Date>(as_of) : std::nullopt);
  r.start = cycle_.start;
  r.due = d;
  r.due_time = cycle_.due_time;
  r.stopped = cycle_.stopped;
  r.extended = cycle_.extended;
  r.paused = phase_ == Phase::paused;
  r.exemption = exemption_covers(cycle_, d) ? cycle_.exemption : std::string();
  r.explanation = explanation(cycle_, d);
  if ((phase_ == Phase::running || phase_ == Phase::paused) && d) {
    // Paused: the clock stands still, so what remains is what remained when it stopped.
    const Date from = cycle_.paused_since ? *cycle_.paused_since : as_of;
    const auto frozen_due = cycle_.paused_since ? due(cycle_) : d;
    if (frozen_due && r.unit == Unit::hours) {
      // Whole hours from the start of the as-of day (the run knows the day, not the hour) to
      // the time it is due, or to the end of that day where no time is known.
      const int minutes = cycle_.due_time ? cycle_.due_time->minutes : 24 * 60;
      r.remaining = static_cast<int>((*frozen_due - from).count()) * 24 + minutes / 60;
      r.remaining_days = static_cast<int>((*frozen_due - from).count());
    } else if (frozen_due) {
      auto n = units_left(from, *frozen_due, r.unit, calendars_);
      if (n) r.remaining = *n;
      else problem(n.error().message);
      r.remaining_days = static_cast<int>((*frozen_due - from).count());
    }
  }
  return r;
}

}  // namespace timescales
