// Everything the engine needs from the data folder to assess cases: the workflow library and the
// rule set, loaded together so a rule is always checked against the workflows it will run on.
//
// Thread-safety: no shared state; each call reads the files afresh. The result is immutable.
#pragma once

#include <filesystem>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/rules/rule.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales {

struct EngineData {
  WorkflowLibrary workflows;
  rules::RuleSet rules;
};

// Refuses (with every problem, each at file:line:col) if any definition or rule is broken: a
// nightly run on half the rules would report a council compliant that is not.
Result<EngineData> load_engine_data(const std::filesystem::path& data_dir, std::vector<Error>* problems = nullptr);

}  // namespace timescales
