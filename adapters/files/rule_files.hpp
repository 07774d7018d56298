// Loading alert rules and local targets from the data folder (rules/*.toml) or given paths,
// checked against the workflows they name. Calendars (rules/calendars/) and report measures
// (rules/measures.toml) live beside them but have loaders of their own.
//
// Thread-safety: no shared state; each call reads the files afresh.
#pragma once

#include <filesystem>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/rules/rule.hpp"
#include "engine/rules/rule_loader.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales {

struct RuleFilesLoad {
  rules::RuleSet rules;       // everything that loaded cleanly
  std::vector<Error> errors;  // each at file:line:column
  std::vector<std::filesystem::path> files;
};

// The timers and events of every version of a workflow in the library.
rules::VocabularyLookup vocabulary_of(const WorkflowLibrary& workflows);

// rules/*.toml under `data_dir` when `paths` is empty; a folder in `paths` stands for its *.toml.
RuleFilesLoad load_rule_files(const std::filesystem::path& data_dir, const WorkflowLibrary& workflows,
                              const std::vector<std::filesystem::path>& paths = {});

}  // namespace timescales
