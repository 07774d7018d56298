// The pages' mustache templates (adapters/web/templates/*.mustache), read once when the server
// starts and rendered with mstch, which HTML-escapes every {{value}}: whatever a case holds (a
// team called "<script>") reaches the browser as text. Templates never use the unescaped
// {{{triple}}} or {{& }} forms; load() refuses one that does, so a later edit cannot slip one in.
//
// Every template is also a partial of every other ({{> layout_top}} … {{> layout_bottom}} wrap
// each page in the one layout). mstch parses a template and every partial it is given on each
// render, so each page is given only the partials it names, directly or through another: the
// case page parses five templates, not all seventeen (its render was most of a page's time).
//
// Thread-safety: immutable once loaded; render() is safe from any thread.
#pragma once

#include <mstch/mstch.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "engine/core/result.hpp"

namespace timescales::web {

class PageTemplates {
 public:
  // Every *.mustache file of `dir`, by its name without the extension. Refuses a folder without
  // the layout, or a template that would write a value unescaped.
  static Result<std::unique_ptr<PageTemplates>> load(const std::filesystem::path& dir);

  bool has(const std::string& name) const { return templates_.count(name) != 0; }
  // The template `name` rendered with `context`; "" for a template that is not there.
  std::string render(const std::string& name, const mstch::node& context) const;

 private:
  std::map<std::string, std::string> templates_;
  // For each template, the partials it uses, by name, with their text.
  std::map<std::string, std::map<std::string, std::string>> partials_of_;
};

// The folder of the templates under a data folder (the source tree's adapters/web/templates).
std::filesystem::path default_templates_dir(const std::filesystem::path& data_dir);

}  // namespace timescales::web
