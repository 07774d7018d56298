// One timer of one case, run forward event by event.
//
// The evaluator feeds a TimerClock the case's accepted events in replay order; the clock keeps
// the cycle it is in (start, limit, extension, pauses, exemption, stop) and, asked for its result
// on the as-of date, works out the due date and status exactly as the engine contract (§2-3)
// defines them. All date arithmetic goes through add_duration/count_units, so a clock is O(1) per
// event whatever the span. A calendar that cannot answer (a school calendar that runs out, or
// none given) becomes a DataProblem on this timer, never a failure of the case.
//
// Thread-safety: one clock per timer per evaluation; not shared.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/case/case.hpp"
#include "engine/evaluate/evaluation.hpp"
#include "engine/workflow/timer_definition.hpp"

namespace timescales {

class TimerClock {
 public:
  // Borrows all three; they must outlive the clock.
  TimerClock(const TimerDefinition& definition, const Attributes& attributes,
             const CalendarContext& calendars);

  // The event that opened the case: timers with no start event begin with it. Both keep the
  // event's type by reference for the explanation, so the events must outlive the clock (the
  // case's own events do).
  void case_began(const CaseEvent& opening);
  void on_event(const CaseEvent& event);

  TimerResult result(Date as_of);
  // Problems found while running (calendar errors, extensions without reasons, ...).
  std::vector<DataProblem> take_problems() { return std::move(problems_); }

 private:
  enum class Phase { pending, running, paused, stopped, cancelled };

  struct Pause {
    Date from{};
    Date to{};
    int units = 0;
  };

  // What began or ended a cycle, as its explanation names it ("received 2025-12-19"). The name is
  // borrowed from the case's event or from the definition, both of which outlive the clock, and
  // the text is made only when the explanation is: a national run replays tens of millions of
  // events, and most marks are overwritten before any explanation is asked for.
  struct Mark {
    std::string_view name;
    Date date{};
    std::optional<TimeOfDay> time{};  // "returned 2026-03-02 21:40"
  };

  struct Cycle {
    Date start{};
    Mark start_mark;  // "received 2025-12-19", or "lodging_deadline 2025-03-31"
    Date count_from{};
    std::optional<Duration> limit;
    // The Code's alternative, counted from the start event: `due` is the later date (a late
    // application's appeal hearing).
    std::optional<Duration> or_from_start;
    Mark or_mark;                       // "appeal_lodged 2026-05-11"
    std::optional<TimerBasis> basis;    // a variant's, when it overrides the timer's
    bool extended = false;
    std::string extension_note;  // "extended 2026-01-05: complex"
    int paused_units = 0;
    std::optional<Date> paused_since;
    std::vector<Pause> pauses;
    std::optional<Date> stopped;
    Mark stop_mark;  // "stage1_responded 2026-01-06"
    std::optional<Date> cancelled;
    Mark cancel_mark;
    std::string exemption;
    std::optional<Date> exemption_from;
    std::optional<Date> fixed_due;
    // A limit in hours: the start's time of day, where recorded, and so the time `due` ends at;
    // without one, date_only is set and the definition's date_only_limit counts instead.
    std::optional<TimeOfDay> start_time;
    std::optional<TimeOfDay> due_time;
    std::optional<TimeOfDay> stop_time;
    bool date_only = false;
    std::string variant_note;  // why a variant's limit applies: "under 5 on that day"
    int index = 0;             // the cycle's place in its schedule, 0 for the first
    std::string fixed_note;   // "28 Feb 2019 (admission_year 2020 - 1)"
    std::string window_note;  // set when the start came before its window opened
    bool due_unknown = false;
  };

  bool is(const std::vector<std::string>& events, const std::string& type) const;
  bool exemption_applies(const std::string& reason) const;
  // The cycle's exception excuses its limit: an exception with a window (SI 2020/471) covers only
  // a limit due inside it.
  const ExemptionWindow* window_for(const std::string& reason) const;
  bool exemption_covers(const Cycle& c, const std::optional<Date>& due) const;
  Unit unit() const;
  Unit pause_unit() const;
  // A new schedule: the cycles count again from the first (a new placement's visits).
  void start_schedule(const CaseEvent& event);
  void begin(const CaseEvent& event);
  // The child's age in whole years on `day`, from a date attribute; none (and a problem) when the
  // attribute is missing, not a date, or after `day`.
  std::optional<int> age_on(const std::string& attribute, Date day);
  bool in_time(const Cycle& c, Date due) const;  // the stop came on or before due (and its hour)
  void close_pause(Date on);
  void extend(const CaseEvent& event);
  void finish_cycle(Date as_of);
  std::optional<Date> due(const Cycle& c, std::optional<Date> paused_through = {});
  TimerStatus status(const Cycle& c, Phase phase, Date as_of);
  std::string explanation(const Cycle& c, const std::optional<Date>& due) const;
  std::optional<Date> attribute_date(const std::string& attribute);
  std::optional<Date> rule_date(const std::vector<DateRule>& rules, std::string& note);
  void problem(std::string message, std::optional<Date> date = {}, std::string event = {});

  const TimerDefinition& def_;
  const Attributes& attributes_;
  const CalendarContext& calendars_;
  Phase phase_ = Phase::pending;
  Cycle cycle_;
  std::vector<TimerCycle> history_;
  std::optional<std::pair<std::string, Date>> open_exception_;
  int cycle_index_ = 0;   // cycles begun since the schedule's start event, less one
  Mark schedule_mark_;    // the start event that began the schedule in force
  std::optional<Date> count_from_event_date_;  // latest occurrence of def_.count_from_event
  std::optional<Date> stops_count_from_;        // from stop_window_opens, once started
  std::optional<Date> early_stop_;  // "at least N before": the stop came before the anchor event
  Mark early_stop_mark_;
  std::vector<DataProblem> problems_;
};

}  // namespace timescales
