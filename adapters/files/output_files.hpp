// Loading what the outputs read (rules/outputs.toml: digests, the calendar feed, the report's and
// the SEND tracking's sections) and the quarterly measures (rules/measures.toml), each name
// checked against the workflows and the rules' local targets, and resolved once for the run.
//
// Thread-safety: no shared state; each call reads the files afresh. The result is immutable.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "adapters/outputs/output_declarations.hpp"
#include "adapters/reports/performance_measures.hpp"
#include "engine/core/result.hpp"
#include "engine/rules/rule.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales {

inline constexpr const char* kOutputsFile = "outputs.toml";
inline constexpr const char* kMeasuresFile = "measures.toml";

struct DeclaredOutputs {
  outputs::OutputDeclarations outputs;
  reports::MeasureSet measures;
};

struct OutputFilesLoad {
  DeclaredOutputs declared;    // what loaded; trust it only when there are no errors
  std::vector<Error> errors;   // each at file:line:column
  std::vector<std::filesystem::path> files;
};

// <data_dir>/rules/outputs.toml and <data_dir>/rules/measures.toml, for `timescales check`.
OutputFilesLoad load_output_files(const std::filesystem::path& data_dir, const WorkflowLibrary& workflows,
                                  const rules::RuleSet& rules);
// The files given (either may be left out), for `timescales check FILE`.
OutputFilesLoad load_output_files(const std::optional<std::filesystem::path>& outputs_file,
                                  const std::optional<std::filesystem::path>& measures_file,
                                  const WorkflowLibrary& workflows, const rules::RuleSet& rules);
// Whether `p` is one of these files (by name), for `timescales check` to send it here.
bool is_outputs_file(const std::filesystem::path& p);
bool is_measures_file(const std::filesystem::path& p);

// The same, refusing on the first problem: a run whose report silently left out a section
// would look like a council with nothing to report.
Result<DeclaredOutputs> load_declared_outputs(const std::filesystem::path& data_dir, const WorkflowLibrary& workflows,
                                              const rules::RuleSet& rules);

}  // namespace timescales
