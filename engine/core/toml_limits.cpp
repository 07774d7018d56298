#include "engine/core/toml_limits.hpp"

#include <algorithm>

namespace timescales {

Status check_toml_limits(std::string_view text, const std::string& file) {
  if (text.size() > kMaxTomlBytes)
    return Error::at({file, 0, 0}, "the file is " + std::to_string(text.size()) +
                                       " bytes; a TOML file may be at most " + std::to_string(kMaxTomlBytes) +
                                       " bytes (8 MiB)");
  // A small lexer that knows only where strings and comments are, so dots inside them don't count.
  enum class In { key_or_value, comment, basic, literal, multiline_basic, multiline_literal };
  In in = In::key_or_value;
  int line = 1, dots = 0, brackets = 0;
  std::size_t line_start = 0;
  auto starts = [&](std::size_t i, std::string_view s) { return text.substr(i, s.size()) == s; };
  auto line_too_long = [&](std::size_t end) -> Status {
    if (end - line_start <= kMaxTomlLineBytes) return Ok{};
    return Error::at({file, line, 1}, "this line is " + std::to_string(end - line_start) +
                                          " characters long; a TOML line may be at most " +
                                          std::to_string(kMaxTomlLineBytes));
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      if (auto s = line_too_long(i); !s) return s;
      ++line;
      line_start = i + 1;
      if (brackets == 0) dots = 0;  // an array may run over several lines: one statement, one count
      // A comment or a one-line string ends with its line (an unclosed one is toml++'s to report).
      if (in == In::comment || in == In::basic || in == In::literal) in = In::key_or_value;
      continue;
    }
    switch (in) {
      case In::key_or_value:
        if (c == '#') {
          in = In::comment;
        } else if (c == '"') {
          if (starts(i, "\"\"\"")) { in = In::multiline_basic; i += 2; } else { in = In::basic; }
        } else if (c == '\'') {
          if (starts(i, "'''")) { in = In::multiline_literal; i += 2; } else { in = In::literal; }
        } else if (c == '[' || c == '{') {
          ++brackets;
        } else if (c == ']' || c == '}') {
          brackets = std::max(0, brackets - 1);
        } else if (c == '.' && ++dots > kMaxTomlDots) {
          return Error::at({file, line, static_cast<int>(i - line_start + 1)},
                           "more than " + std::to_string(kMaxTomlDots) +
                               " dotted keys in one statement; a key this long is refused before it is read");
        }
        break;
      case In::comment:
        break;
      case In::basic:
      case In::multiline_basic:
        if (c == '\\') {
          if (i + 1 < text.size() && text[i + 1] != '\n') ++i;  // the escaped character; a line end stays
        } else if (in == In::basic && c == '"') {
          in = In::key_or_value;
        } else if (in == In::multiline_basic && starts(i, "\"\"\"")) {
          in = In::key_or_value;
          i += 2;
        }
        break;
      case In::literal:
        if (c == '\'') in = In::key_or_value;
        break;
      case In::multiline_literal:
        if (starts(i, "'''")) {
          in = In::key_or_value;
          i += 2;
        }
        break;
    }
  }
  return line_too_long(text.size());
}

}  // namespace timescales
