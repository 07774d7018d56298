#include "adapters/web/page_templates.hpp"

#include <algorithm>

#include "adapters/files/text_files.hpp"

namespace timescales::web {

namespace fs = std::filesystem;

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
  return templates;
}

std::string PageTemplates::render(const std::string& name, const mstch::node& context) const {
  auto found = templates_.find(name);
  if (found == templates_.end()) return "";
  return mstch::render(found->second, context, templates_);
}

fs::path default_templates_dir(const fs::path& data_dir) { return data_dir / "adapters" / "web" / "templates"; }

}  // namespace timescales::web
