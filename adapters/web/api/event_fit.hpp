// Whether an event recorded through the API fits the case's state. The CaseRegister accepts any
// event its workflow has (a misplaced one from an overnight import is a data problem the case
// shows, since the case system may be right and the workflow out of date); an officer's or an
// integration's call recording one now is refused instead (engine contract §6: 422 naming it),
// as the form offers only the events the state allows.
//
// The engine decides, not this file: the case is evaluated with the event and without it, and the
// event fits when the replay accepts it and every event accepted before is accepted still (an
// event dated earlier can change the state a later one met).
//
// Thread-safety: as the CaseAssessor given (one thread).
#pragma once

#include <cstddef>
#include <optional>

#include "application/cases/case_assessor.hpp"

namespace timescales::web::api {

// `before`: the case as stored (its events in force, in the order recorded). `replacing`: the
// index in before.events of the event a correction replaces. `event`: the new one. Refusals
// are invalid_input about "type" (or "date" for an event dated before everything else in the case
// that cannot begin it).
Status check_event_fits(CaseAssessor& assessor, const Case& before, const CaseEvent& event,
                        std::optional<size_t> replacing, Date today);

}  // namespace timescales::web::api
