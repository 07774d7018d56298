// Evaluating one case against its workflow on an as-of date: replay the events, move the case
// through its states, and run every clock (engine contract §2-3).
//
// Events are replayed in (date, sequence) order. An event the workflow does not allow in the
// state the case is in, dated before the case began, or dated after the as-of date is listed in
// `problems` and skipped; evaluation always carries on, so one bad record never hides the rest of
// a case. Pure: no I/O, no clock reading.
//
// Thread-safety: pure functions over const inputs; safe from any thread.
#pragma once

#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/case/case.hpp"
#include "engine/evaluate/evaluation.hpp"
#include "engine/workflow/workflow_definition.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales {

// `calendars.working` must be the definition's division calendar; `calendars.school` may be null
// (school-day clocks then report a DataProblem).
Evaluation evaluate_case(const WorkflowDefinition& definition, const Case& c, Date as_of,
                         const CalendarContext& calendars, Timeline timeline = Timeline::keep);

// Chooses the version (WorkflowLibrary::for_case) and evaluates under it. An unknown workflow or
// version gives an Evaluation holding only that problem.
Evaluation evaluate_case(const WorkflowLibrary& library, const Case& c, Date as_of,
                         const CalendarContext& calendars, Timeline timeline = Timeline::keep);

}  // namespace timescales
