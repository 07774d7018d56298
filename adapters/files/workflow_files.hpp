// Loading workflow definitions from the data folder (workflows/*.toml) or from given paths.
//
// The engine parses; this reads the files and gathers every file's problems, so `timescales
// check` can list them all and the other commands can refuse to run on a broken definition.
//
// Thread-safety: no shared state; each call reads the files afresh.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales {

struct WorkflowFilesLoad {
  WorkflowLibrary library;    // every definition that loaded cleanly
  std::vector<Error> errors;  // each at file:line:column where the file says
  std::vector<std::filesystem::path> files;  // what was read, in order
};

class WorkflowFiles {
 public:
  explicit WorkflowFiles(std::filesystem::path data_dir) : data_dir_(std::move(data_dir)) {}

  std::filesystem::path folder() const { return data_dir_ / "workflows"; }
  // workflows/*.toml, sorted by name.
  std::vector<std::filesystem::path> shipped_paths() const;

  // Loads the given files (a folder stands for its *.toml files); all of workflows/ when empty.
  WorkflowFilesLoad load(const std::vector<std::filesystem::path>& paths = {}) const;

 private:
  std::filesystem::path data_dir_;
};

}  // namespace timescales
