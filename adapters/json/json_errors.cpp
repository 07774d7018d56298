#include "adapters/json/json_errors.hpp"

namespace timescales {
namespace {

// nlohmann reports a byte offset; officers fix files by line and column.
SourcePosition position_at(std::string_view text, std::size_t byte, const std::string& file) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {file, line, column};
}

}  // namespace

Error json_exception_error(const nlohmann::json::exception& e, std::string_view text, const std::string& file) {
  std::string what = e.what();
  if (const auto* parse = dynamic_cast<const nlohmann::json::parse_error*>(&e)) {
    if (auto p = what.find("syntax error"); p != std::string::npos) what = what.substr(p);
    return Error::at(position_at(text, parse->byte > 0 ? parse->byte - 1 : 0, file), what);
  }
  if (auto close = what.find("] "); what.rfind("[json.exception.", 0) == 0 && close != std::string::npos)
    what = what.substr(close + 2);
  // out_of_range 406: "number overflow parsing '1e400'". The exception has no position, so point at
  // where that number is first written.
  if (e.id == 406) {
    const auto open = what.find('\'');
    const auto close = what.rfind('\'');
    if (open != std::string::npos && close > open) {
      const std::string number = what.substr(open + 1, close - open - 1);
      const auto at = text.find(number);
      return Error::at(position_at(text, at == std::string_view::npos ? 0 : at, file),
                       "the number " + number + " is too large to read (the largest is about 1.8e308)");
    }
  }
  return Error::at({file, 0, 0}, what);
}

}  // namespace timescales
