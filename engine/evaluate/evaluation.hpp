// What evaluating a case produces (engine contract §2): the state the case is in, every clock
// with its status and due date and the working behind it, and what was wrong with the case's own
// data. Rules (engine/rules/) read these; adapters render them as JSON, tables and reports.
//
// Thread-safety: plain values.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/calendar/date.hpp"
#include "engine/calendar/duration.hpp"
#include "engine/calendar/time_of_day.hpp"

namespace timescales {

enum class TimerStatus { pending, running, paused, met, missed, overdue, exempt, cancelled };
std::string_view timer_status_name(TimerStatus s);  // "pending", "running", ...

// One finished cycle of a timer that has run more than once (each annual review; the review
// report after each review meeting).
struct TimerCycle {
  Date start{};
  std::optional<Date> due;
  std::optional<Date> stopped;
  TimerStatus status = TimerStatus::pending;
};

// What kind of clock a result is: a workflow's timer (engine/workflow/timer_definition.hpp) or a
// council's own local target beside one (rules' [[target]]).
enum class ClockKind { deadline, minimum, fixed, recurring, local_target };
std::string_view clock_kind_name(ClockKind k);  // "deadline", ..., "local_target" (the contract's)

struct TimerResult {
  std::string id;       // "stage1_response"
  ClockKind kind = ClockKind::deadline;
  TimerStatus status = TimerStatus::pending;
  std::optional<Date> start;
  std::optional<Date> due;
  // A limit in hours from an event with a time of day ends at a time: 72 hours from a return at
  // 21:40 is due at 21:40 on `due`. None for every other clock.
  std::optional<TimeOfDay> due_time;
  std::optional<Date> stopped;
  std::optional<int> remaining;  // units from as-of to due (negative once past); none when stopped
  Unit unit = Unit::calendar_days;
  bool extended = false;
  bool paused = false;
  std::string exemption;    // the statutory exception's reason, when exempt
  std::string explanation;  // "received 2025-12-19 + 20 working days (extended ...); skips 25, 26 Dec, 1 Jan"
  std::string source;       // the regulation: "SI 2006/1738 reg 14(2)"
  std::optional<int> remaining_days;  // calendar days from as-of to due, whatever the unit
  bool configurable = false;          // an unconfirmed (⚠) figure the council may override
  std::string basis = "statute";      // "statute", "guidance" or "council" (TimerBasis)
  std::string wording;  // the limit in the law's own words; empty when the timeline is left out
  std::vector<TimerCycle> previous_cycles;  // oldest first; empty for a timer that ran once
};

struct DataProblem {
  std::string message;             // "stage1_responded on 2025-12-01 is before received on 2025-12-19"
  std::optional<Date> date;        // of the offending event, when there is one
  std::string event;               // its type, when there is one
  std::string timer;               // the timer it affects, when it is about one
};

// One recorded event as the replay saw it, for `timescales explain`.
struct TimelineEntry {
  Date date{};
  std::string event;
  std::string reason;
  std::string from_state;
  std::string to_state;
  bool accepted = true;  // false: listed in problems and ignored
};

// Whether an evaluation keeps the replay's timeline (and each timer's wording). Only `timescales
// explain` reads them; a run over every case leaves them out, as they would be most of each
// case's memory and much of the work.
enum class Timeline { keep, leave_out };

struct Evaluation {
  std::string case_id;
  std::string workflow;
  std::string workflow_version;
  std::string state;
  Date as_of{};
  std::vector<TimerResult> timers;
  std::vector<DataProblem> problems;
  std::vector<TimelineEntry> timeline;  // in replay order; empty when left out (Timeline)
  // The case's events the replay accepted, as indices into Case::events in replay order. Kept
  // whatever the Timeline: the local targets (rules' [[target]]) count from these, so an event
  // the workflow refused (listed in `problems`) moves no clock, statutory or local.
  std::vector<std::size_t> accepted_events;
};

}  // namespace timescales
