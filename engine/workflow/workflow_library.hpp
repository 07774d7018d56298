// Every version of every workflow, side by side, and the rule for which one a case follows.
//
// A case follows the version it pins, else the version in force on its start date (its earliest
// event). When several are in force that day (the SEND Regulations 2014 and their 2020
// coronavirus modification), the one that came into force most recently wins: a temporary
// modification overrides the standing law while it lasts.
//
// Thread-safety: add() mutates; once filled, const access is safe from any thread.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/case/case.hpp"
#include "engine/core/result.hpp"
#include "engine/workflow/workflow_definition.hpp"

namespace timescales {

struct VersionChoice {
  const WorkflowDefinition* definition = nullptr;
  std::string note;  // non-empty when the choice was a fallback the case's data should explain
};

class WorkflowLibrary {
 public:
  // Refuses a second definition with the same id and version.
  Status add(WorkflowDefinition definition);

  std::vector<std::string> ids() const;
  // Oldest in force first.
  std::vector<const WorkflowDefinition*> versions(const std::string& id) const;
  const WorkflowDefinition* find(const std::string& id, const std::string& version) const;
  // The newest version, by in_force_from.
  const WorkflowDefinition* latest(const std::string& id) const;
  const WorkflowDefinition* in_force(const std::string& id, Date on) const;

  // The version `c` is evaluated under. An unknown workflow or pinned version is an error; a
  // start date before every version falls back to the earliest, with a note.
  Result<VersionChoice> for_case(const Case& c) const;

 private:
  using Versions = std::vector<std::shared_ptr<const WorkflowDefinition>>;  // by in_force_from
  const Versions* list(const std::string& id) const;  // null when none
  std::map<std::string, Versions> by_id_;
};

// The date a case began for choosing its version: its earliest event, if it has any.
std::optional<Date> case_start_date(const Case& c);

}  // namespace timescales
