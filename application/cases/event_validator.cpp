#include "application/cases/event_validator.hpp"

namespace timescales {

EventValidator workflow_event_validator(const WorkflowLibrary& workflows) {
  return [&workflows](const std::string& workflow, const std::string& event) -> Status {
    const auto versions = workflows.versions(workflow);
    if (versions.empty()) return Error{"unknown workflow '" + workflow + "'"};
    for (const auto* w : versions)
      if (w->event(event)) return Ok{};
    return Error{workflow + " has no event '" + event + "'"};
  };
}

}  // namespace timescales
