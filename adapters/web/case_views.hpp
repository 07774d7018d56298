// How a case's assessment reads on a page, shared by the case page and the record-an-event
// check (which shows the clocks as they would be after the event): each clock with its status,
// due date, what remains in its own unit and the engine's own explanation of the date; the flags
// with why each was raised; the problems with the case's data. Everything shown is the engine's
// (TimerResult, Flag, DataProblem): nothing is counted here.
//
// Thread-safety: pure functions.
#pragma once

#include <mstch/mstch.hpp>

#include "engine/rules/case_assessment.hpp"

namespace timescales::web {

// "clocks" (statutory limits), "other_clocks" (guidance and council standards), "flags",
// "problems", and "has_…" for each, added to `data`.
void add_assessment(mstch::map& data, const CaseAssessment& a);

// "3 working days left", "2 calendar days over"; "" for a stopped clock.
std::string remaining_in_unit(const TimerResult& t);

}  // namespace timescales::web
