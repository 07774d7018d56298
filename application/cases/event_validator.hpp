// The one check of an event against the workflows an installation has, shared by every way in:
// `case add-event`, the import (a row is rejected with its reason) and the HTTP API. An event is
// accepted when its workflow is known and some version of it has such an event; whether the event
// fits the case's state is the evaluation's business (a misplaced event is a data problem there,
// not a refusal here, because the case system may be right and the workflow out of date).
//
// Thread-safety: the validator reads the library; it must not outlive it. Safe to call from
// several threads at once (the library is immutable).
#pragma once

#include <functional>
#include <string>

#include "engine/core/result.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales {

// Says whether a workflow has such an event; an error's message is the reason
// ("unknown workflow 'complaints'", "complaints-statutory has no event 'stage4_requested'").
using EventValidator = std::function<Status(const std::string& workflow, const std::string& event)>;

EventValidator workflow_event_validator(const WorkflowLibrary& workflows);

}  // namespace timescales
