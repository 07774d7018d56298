#include "adapters/files/output_files.hpp"

#include "adapters/files/text_files.hpp"

namespace timescales {

bool is_outputs_file(const std::filesystem::path& p) { return p.filename() == kOutputsFile; }
bool is_measures_file(const std::filesystem::path& p) { return p.filename() == kMeasuresFile; }

OutputFilesLoad load_output_files(const std::filesystem::path& data_dir, const WorkflowLibrary& workflows,
                                  const rules::RuleSet& rules) {
  return load_output_files(data_dir / "rules" / kOutputsFile, data_dir / "rules" / kMeasuresFile, workflows, rules);
}

OutputFilesLoad load_output_files(const std::optional<std::filesystem::path>& outputs_file,
                                  const std::optional<std::filesystem::path>& measures_file,
                                  const WorkflowLibrary& workflows, const rules::RuleSet& rules) {
  OutputFilesLoad load;
  const outputs::Vocabulary names(workflows, rules);
  auto keep = [&](std::vector<Error> errors) { load.errors.insert(load.errors.end(), errors.begin(), errors.end()); };
  if (outputs_file) {
    load.files.push_back(*outputs_file);
    if (auto text = read_text_file(*outputs_file); !text) {
      load.errors.push_back(text.error());
    } else if (auto parsed = outputs::parse_output_declarations(*text, outputs_file->string()); !parsed) {
      load.errors.push_back(parsed.error());
    } else {
      load.declared.outputs = std::move(*parsed);
      keep(outputs::resolve_output_declarations(load.declared.outputs, names));
    }
  }
  if (measures_file) {
    load.files.push_back(*measures_file);
    if (auto text = read_text_file(*measures_file); !text) {
      load.errors.push_back(text.error());
    } else if (auto parsed = reports::parse_measures(*text, measures_file->string()); !parsed) {
      load.errors.push_back(parsed.error());
    } else {
      load.declared.measures = std::move(*parsed);
      keep(reports::resolve_measures(load.declared.measures, names));
    }
  }
  return load;
}

Result<DeclaredOutputs> load_declared_outputs(const std::filesystem::path& data_dir, const WorkflowLibrary& workflows,
                                              const rules::RuleSet& rules) {
  auto load = load_output_files(data_dir, workflows, rules);
  if (!load.errors.empty()) return load.errors.front();
  return std::move(load.declared);
}

}  // namespace timescales
