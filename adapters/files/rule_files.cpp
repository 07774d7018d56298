#include "adapters/files/rule_files.hpp"

#include <algorithm>

#include "adapters/files/text_files.hpp"

namespace timescales {
namespace {

// Files in rules/ that are not alert rules: the outputs' declarations (output_files.hpp) and the
// roles' access (access_file.hpp).
bool is_rule_file(const std::filesystem::path& p) {
  return p.extension() == ".toml" && p.filename() != "measures.toml" && p.filename() != "outputs.toml" &&
         p.filename() != "access.toml";
}

void add_folder(const std::filesystem::path& folder, std::vector<std::filesystem::path>& out) {
  std::vector<std::filesystem::path> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
    if (entry.is_regular_file() && is_rule_file(entry.path())) found.push_back(entry.path());
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
}

}  // namespace

rules::VocabularyLookup vocabulary_of(const WorkflowLibrary& workflows) {
  return [&workflows](const std::string& id) -> std::optional<rules::RuleVocabulary> {
    const auto versions = workflows.versions(id);
    if (versions.empty()) return std::nullopt;
    rules::RuleVocabulary v;
    for (const auto* definition : versions) {
      for (const auto& t : definition->timers) v.timers.insert(t.id);
      for (const auto& e : definition->events) v.events.insert(e.id);
    }
    return v;
  };
}

RuleFilesLoad load_rule_files(const std::filesystem::path& data_dir, const WorkflowLibrary& workflows,
                              const std::vector<std::filesystem::path>& paths) {
  RuleFilesLoad load;
  if (paths.empty()) add_folder(data_dir / "rules", load.files);
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) add_folder(p, load.files);
    else load.files.push_back(p);
  }
  const auto lookup = vocabulary_of(workflows);
  for (const auto& file : load.files) {
    auto text = read_text_file(file);
    if (!text) {
      load.errors.push_back(text.error());
      continue;
    }
    auto set = rules::parse_rule_file(*text, file.string(), lookup);
    if (!set) {
      load.errors.push_back(set.error());
      continue;
    }
    if (auto merged = rules::merge_rule_sets(load.rules, std::move(*set)); !merged)
      load.errors.push_back(merged.error());
  }
  return load;
}

}  // namespace timescales
