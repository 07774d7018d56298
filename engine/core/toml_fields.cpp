#include "engine/core/toml_fields.hpp"

#include <sstream>

#include "engine/core/toml_limits.hpp"

namespace timescales {

Result<toml::table> parse_toml(std::string_view text, const std::string& file) {
  // Bounded before toml++ sees it: some inputs overflow its stack (toml_limits.hpp).
  if (auto bounded = check_toml_limits(text, file); !bounded) return bounded.error();
  try {
    return toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return Error::at({file, static_cast<int>(where.line), static_cast<int>(where.column)},
                     std::string(e.description()));
  }
}

std::string toml_basic_string(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

SourcePosition position_of(const toml::node& node, const std::string& file) {
  const auto& where = node.source().begin;
  return {file, static_cast<int>(where.line), static_cast<int>(where.column)};
}

Error TomlFields::error(std::string_view key, std::string message) const {
  const toml::node* node = table_.get(key);
  return Error::at(position_of(node ? *node : table_, file_), std::move(message));
}

Error TomlFields::error_here(std::string message) const {
  return Error::at(position_of(table_, file_), std::move(message));
}

Result<std::string> TomlFields::string(std::string_view key) const {
  const toml::node* node = table_.get(key);
  if (!node) return error(key, "missing '" + std::string(key) + "'");
  if (auto s = node->value<std::string>()) return *s;
  return error(key, "'" + std::string(key) + "' must be a string");
}

Result<std::string> TomlFields::string_or(std::string_view key, std::string fallback) const {
  if (!has(key)) return fallback;
  return string(key);
}

Result<int64_t> TomlFields::integer(std::string_view key) const {
  const toml::node* node = table_.get(key);
  if (!node) return error(key, "missing '" + std::string(key) + "'");
  if (node->is_integer()) return *node->value<int64_t>();
  return error(key, "'" + std::string(key) + "' must be a whole number");
}

Result<int64_t> TomlFields::integer_or(std::string_view key, int64_t fallback) const {
  if (!has(key)) return fallback;
  return integer(key);
}

Result<bool> TomlFields::boolean_or(std::string_view key, bool fallback) const {
  const toml::node* node = table_.get(key);
  if (!node) return fallback;
  if (auto b = node->value<bool>()) return *b;
  return error(key, "'" + std::string(key) + "' must be true or false");
}

Result<Date> TomlFields::date(std::string_view key) const {
  const toml::node* node = table_.get(key);
  if (!node) return error(key, "missing '" + std::string(key) + "'");
  if (auto d = node->value<toml::date>()) {
    std::ostringstream text;
    text << *d;
    auto parsed = parse_iso_date(text.str());
    if (!parsed) return error(key, parsed.error().message);
    return *parsed;
  }
  if (auto s = node->value<std::string>()) {
    auto parsed = parse_iso_date(*s);
    if (!parsed) return error(key, "'" + std::string(key) + "': " + parsed.error().message);
    return *parsed;
  }
  return error(key, "'" + std::string(key) + "' must be a date such as 2025-09-03");
}

Result<const toml::array*> TomlFields::table_array(std::string_view key) const {
  const toml::node* node = table_.get(key);
  if (!node) return static_cast<const toml::array*>(nullptr);
  const toml::array* arr = node->as_array();
  if (!arr || !arr->is_array_of_tables())
    return error(key, "'" + std::string(key) + "' must be a list of tables ([[" + std::string(key) + "]])");
  return arr;
}

Result<const toml::table*> TomlFields::subtable(std::string_view key) const {
  const toml::node* node = table_.get(key);
  if (!node) return static_cast<const toml::table*>(nullptr);
  if (const toml::table* t = node->as_table()) return t;
  return error(key, "'" + std::string(key) + "' must be a table ([" + std::string(key) + "])");
}

}  // namespace timescales
