// The import's event check against the workflows this installation has: a row is rejected when
// its workflow is unknown or has no such event in any version.
//
// Thread-safety: the validator reads the library; it must not outlive it.
#pragma once

#include "adapters/import/event_importer.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales {

EventValidator workflow_event_validator(const WorkflowLibrary& workflows);

}  // namespace timescales
