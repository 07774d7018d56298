#include "adapters/web/page_templates.hpp"

#include <algorithm>
#include <vector>

#include "adapters/files/text_files.hpp"

namespace timescales::web {

namespace fs = std::filesystem;

namespace {

// The names of the partials a template names ({{> name}}, {{>name}}).
std::vector<std::string> partial_names(const std::string& text) {
  std::vector<std::string> names;
  for (size_t at = text.find("{{>"); at != std::string::npos; at = text.find("{{>", at + 3)) {
    const size_t end = text.find("}}", at + 3);
    if (end == std::string::npos) break;
    std::string name = text.substr(at + 3, end - at - 3);
    const auto first = name.find_first_not_of(" \t");
    const auto last = name.find_last_not_of(" \t");
    if (first != std::string::npos) names.push_back(name.substr(first, last - first + 1));
  }
  return names;
}

}  // namespace

Result<std::unique_ptr<PageTemplates>> PageTemplates::load(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Error(ErrorKind::io, dir.string() + ": no such folder of page templates");
  auto templates = std::unique_ptr<PageTemplates>(new PageTemplates);
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".mustache") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto text = read_text_file(file);
    if (!text) return text.error();
    // Mustache's unescaped forms would let a case's own text become markup.
    for (const char* unescaped : {"{{{", "{{&"})
      if (auto at = text->find(unescaped); at != std::string::npos)
        return Error(ErrorKind::invalid_input,
                     file.string() + ": uses '" + unescaped + "', which writes a value unescaped; use {{value}}");
    templates->templates_[file.stem().string()] = std::move(*text);
  }
  for (const char* needed : {"layout_top", "layout_bottom", "error"})
    if (!templates->has(needed))
      return Error(ErrorKind::io, dir.string() + ": has no " + needed + ".mustache");
  for (const auto& [name, text] : templates->templates_) {
    auto& partials = templates->partials_of_[name];
    std::vector<std::string> todo = partial_names(text);
    while (!todo.empty()) {
      const std::string partial = todo.back();
      todo.pop_back();
      auto found = templates->templates_.find(partial);
      // A partial that is not there renders as nothing, as mustache says.
      if (found == templates->templates_.end() || !partials.emplace(partial, found->second).second) continue;
      for (auto& further : partial_names(found->second)) todo.push_back(std::move(further));
    }
  }
  return templates;
}

std::string PageTemplates::render(const std::string& name, const mstch::node& context) const {
  auto found = templates_.find(name);
  if (found == templates_.end()) return "";
  return mstch::render(found->second, context, partials_of_.at(name));
}

fs::path default_templates_dir(const fs::path& data_dir) { return data_dir / "adapters" / "web" / "templates"; }

}  // namespace timescales::web
