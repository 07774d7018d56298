#include "adapters/files/engine_data.hpp"

#include "adapters/files/rule_files.hpp"
#include "adapters/files/workflow_files.hpp"

namespace timescales {

Result<EngineData> load_engine_data(const std::filesystem::path& data_dir, std::vector<Error>* problems) {
  auto workflows = WorkflowFiles(data_dir).load();
  std::vector<Error> errors = workflows.errors;
  EngineData data;
  data.workflows = std::move(workflows.library);
  auto rules = load_rule_files(data_dir, data.workflows);
  errors.insert(errors.end(), rules.errors.begin(), rules.errors.end());
  data.rules = std::move(rules.rules);
  if (!errors.empty()) {
    if (problems) *problems = errors;
    return Error{errors.front().to_string() + (errors.size() > 1 ? " (and " + std::to_string(errors.size() - 1) +
                                                                         " more problems; run 'timescales check')"
                                                                   : "")};
  }
  return data;
}

}  // namespace timescales
