// Reading typed fields out of a parsed TOML table, with every error placed at file:line:column.
//
// The engine parses TOML from text it is handed (the adapters read the files), so definitions,
// rules and calendars stay pure data in and values out. Each reader says which key was wrong and
// why, at the position of the offending value (or of its table, when a key is missing).
//
// Thread-safety: a TomlFields borrows its table; use it from one thread while the table lives.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "engine/calendar/date.hpp"
#include "engine/core/result.hpp"

namespace timescales {

// Parses a whole document; a syntax error comes back as "file:line:col: <what toml++ says>".
// A document beyond the limits of toml_limits.hpp is refused before it is parsed.
Result<toml::table> parse_toml(std::string_view text, const std::string& file);

SourcePosition position_of(const toml::node& node, const std::string& file);

// `s` as a TOML basic string, quotes included, that toml++ reads back as exactly `s`: `"` and `\`
// escaped, every control character (U+0000 to U+001F, U+007F) as its escape (\n, \t, \u0000…),
// everything else (UTF-8 included) as it is. `s` must be valid UTF-8, as every string read from
// TOML or JSON is.
std::string toml_basic_string(std::string_view s);

class TomlFields {
 public:
  TomlFields(const toml::table& table, const std::string& file) : table_(table), file_(file) {}

  const toml::table& table() const { return table_; }
  const std::string& file() const { return file_; }
  bool has(std::string_view key) const { return table_.contains(key); }

  Result<std::string> string(std::string_view key) const;
  Result<std::string> string_or(std::string_view key, std::string fallback) const;
  Result<int64_t> integer(std::string_view key) const;
  Result<int64_t> integer_or(std::string_view key, int64_t fallback) const;
  Result<bool> boolean_or(std::string_view key, bool fallback) const;
  // A TOML local date (2025-09-03) or a string "2025-09-03".
  Result<Date> date(std::string_view key) const;
  // Nullptr when absent; an error when present and not an array of tables.
  Result<const toml::array*> table_array(std::string_view key) const;
  Result<const toml::table*> subtable(std::string_view key) const;

  // An error positioned at the key's value, or at this table when the key is absent.
  Error error(std::string_view key, std::string message) const;
  Error error_here(std::string message) const;

 private:
  const toml::table& table_;
  const std::string& file_;
};

}  // namespace timescales
