// A case as the engine sees it: which workflow it follows, its attributes, and the dated events
// the council recorded. Nothing here is evaluated; engine/evaluate/ turns a Case into clocks.
//
// Thread-safety: plain values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/calendar/date.hpp"
#include "engine/calendar/time_of_day.hpp"

namespace timescales {

struct CaseEvent {
  std::string type;    // an event name of the case's workflow: "received", "stage1_extended"
  Date date{};
  std::string reason;  // why, where the workflow asks ("complex", "school_closure"); may be empty
  // Position in the source (file order, or store order); breaks ties between same-day events.
  int sequence = 0;
  // The time of day, where the export records one (a child's return at 21:40); a clock counted
  // in hours runs from it. Most events carry only a date.
  std::optional<TimeOfDay> time{};
};

struct Case {
  std::string id;                        // the council's reference, "CMP-2025-0193"
  std::string workflow;                  // "complaints-statutory"
  std::optional<std::string> workflow_version;  // pinned version; otherwise the one in force at the start
  std::map<std::string, std::string> attributes;  // "team", "cohort", "admission_year", ...
  std::vector<CaseEvent> events;         // in recorded order; evaluation sorts by (date, sequence)
};

}  // namespace timescales
