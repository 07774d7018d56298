#include "adapters/import/import_config.hpp"

#include <fnmatch.h>

#include "adapters/files/text_files.hpp"
#include "adapters/import/mapping_check.hpp"
#include "engine/core/toml_fields.hpp"

namespace timescales {
namespace {

namespace fs = std::filesystem;

Status only_known_keys(const toml::table& table, const std::string& file,
                       std::initializer_list<std::string_view> known, std::string_view where) {
  for (const auto& [key, node] : table) {
    bool found = false;
    for (auto k : known) found = found || key.str() == k;
    if (!found) {
      std::string allowed;
      for (auto k : known) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
      return Error::at(position_of(node, file), "unknown key '" + std::string(key.str()) + "' in " +
                                                    std::string(where) + " (expected one of: " + allowed + ")");
    }
  }
  return Ok{};
}

// A mapping's errors keep their own file:line:column; the rule that named it is added.
Result<std::shared_ptr<const ImportMapping>> load_mapping(const fs::path& path, const SourcePosition& named_at,
                                                          const WorkflowLibrary& workflows) {
  auto text = read_text_file(path);
  if (!text) {
    if (named_at.line == 0) return text.error();
    return Error::at(named_at, "mapping " + path.string() + ": " + text.error().message);
  }
  auto parsed = parse_import_mapping(*text, path.string());
  if (!parsed) return parsed.error();
  auto problems = check_import_mapping(*parsed, workflows);
  if (!problems.empty()) return problems.front();
  return std::make_shared<const ImportMapping>(std::move(*parsed));
}

}  // namespace

std::vector<Error> ImportConfig::problems() const {
  std::vector<Error> out;
  for (const auto& rule : exports)
    if (rule.problem) out.push_back(*rule.problem);
  return out;
}

const ExportRule* ImportConfig::rule_for(const std::string& file_name) const {
  for (const auto& rule : exports)
    if (::fnmatch(rule.pattern.c_str(), file_name.c_str(), FNM_PERIOD) == 0) return &rule;
  return nullptr;
}

bool is_import_config_text(std::string_view text) {
  return text.find("[[export]]") != std::string_view::npos;
}
bool is_import_mapping_text(std::string_view text) {
  return text.find("[mapping]") != std::string_view::npos;
}

Result<ImportConfig> parse_import_config(std::string_view text, const fs::path& file, const WorkflowLibrary& workflows) {
  const std::string name = file.string();
  auto parsed = parse_toml(text, name);
  if (!parsed) return parsed.error();
  const TomlFields top(*parsed, name);
  if (auto ok = only_known_keys(*parsed, name, {"max_rejected_share", "archive", "rejects", "export"},
                                "the import configuration");
      !ok)
    return ok.error();
  const fs::path base = file.parent_path();
  ImportConfig config;
  config.file = name;
  if (const toml::node* share = parsed->get("max_rejected_share")) {
    const auto value = share->is_integer() ? std::optional<double>(static_cast<double>(*share->value<int64_t>()))
                                           : share->value<double>();
    if (!value || *value < 0 || *value > 1)
      return Error::at(position_of(*share, name), "'max_rejected_share' must be a number from 0 to 1 (0.2 is a fifth)");
    config.max_rejected_share = *value;
  }
  for (auto [key, slot] : {std::pair{"archive", &config.archive}, {"rejects", &config.rejects}}) {
    if (!top.has(key)) continue;
    auto folder = top.string(key);
    if (!folder) return folder.error();
    if (folder->empty()) return top.error(key, "'" + std::string(key) + "' must name a folder");
    *slot = base / *folder;
  }
  auto rules = top.table_array("export");
  if (!rules) return rules.error();
  if (!*rules || (*rules)->empty())
    return top.error_here("no [[export]]: give each export's file-name pattern and its mapping");
  for (const auto& node : **rules) {
    const toml::table& table = *node.as_table();
    const TomlFields fields(table, name);
    if (auto ok = only_known_keys(table, name, {"pattern", "mapping"}, "[[export]]"); !ok) return ok.error();
    ExportRule rule;
    rule.where = position_of(node, name);
    auto pattern = fields.string("pattern");
    if (!pattern) return pattern.error();
    if (pattern->empty() || pattern->find('/') != std::string::npos)
      return fields.error("pattern", "'pattern' must be a file-name pattern such as \"complaints-*.csv\"");
    rule.pattern = *pattern;
    if (fields.has("mapping")) {
      auto mapping = fields.string("mapping");
      if (!mapping) return mapping.error();
      const SourcePosition named_at = position_of(*table.get("mapping"), name);
      rule.mapping_file = base / *mapping;
      auto loaded = load_mapping(*rule.mapping_file, named_at, workflows);
      if (loaded) rule.mapping = std::move(*loaded);
      else rule.problem = loaded.error();
    }
    config.exports.push_back(std::move(rule));
  }
  return config;
}

Result<ImportConfig> load_import_config(const fs::path& file, const WorkflowLibrary& workflows) {
  auto text = read_text_file(file);
  if (!text) return text.error();
  return parse_import_config(*text, file, workflows);
}

Result<ImportConfig> single_mapping_config(const std::optional<fs::path>& mapping, const WorkflowLibrary& workflows) {
  ImportConfig config;
  ExportRule rule;
  rule.pattern = "*.csv";
  if (mapping) {
    rule.mapping_file = *mapping;
    auto loaded = load_mapping(*mapping, {mapping->string(), 0, 0}, workflows);
    if (loaded) rule.mapping = std::move(*loaded);
    else rule.problem = loaded.error();
  }
  config.exports.push_back(std::move(rule));
  return config;
}

}  // namespace timescales
