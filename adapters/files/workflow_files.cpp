#include "adapters/files/workflow_files.hpp"

#include <algorithm>

#include "adapters/files/text_files.hpp"
#include "engine/workflow/workflow_toml.hpp"

namespace timescales {
namespace {

std::vector<std::filesystem::path> toml_files_in(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".toml") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<std::filesystem::path> WorkflowFiles::shipped_paths() const {
  return toml_files_in(folder());
}

WorkflowFilesLoad WorkflowFiles::load(const std::vector<std::filesystem::path>& paths) const {
  WorkflowFilesLoad out;
  if (paths.empty()) {
    out.files = shipped_paths();
    if (out.files.empty())
      out.errors.push_back(Error{"no workflow definitions in " + folder().string()});
  }
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      const auto inside = toml_files_in(p);
      out.files.insert(out.files.end(), inside.begin(), inside.end());
    } else {
      out.files.push_back(p);
    }
  }
  for (const auto& file : out.files) {
    auto text = read_text_file(file);
    if (!text) {
      out.errors.push_back(text.error());
      continue;
    }
    auto load = load_workflow(*text, file.string());
    for (auto& e : load.errors) out.errors.push_back(std::move(e));
    if (!load.definition) continue;
    auto added = out.library.add(std::move(*load.definition));
    if (!added) out.errors.push_back(added.error());
  }
  return out;
}

}  // namespace timescales
