// The bounds on a TOML document, checked before toml++ sees it.
//
// toml++ recurses once per part of a dotted key, so a table header of 100,000 dotted keys
// (`[a.a.a.…]`) overflows the stack inside it (issue 18). Every TOML the program reads (workflows,
// rules, calendars, school calendars, import mappings, local change files) is parsed by
// parse_toml (toml_fields.hpp), which calls check_toml_limits first; the limits live here only:
//
//   kMaxTomlBytes      8 MiB per document; the largest shipped file is 12 KB.
//   kMaxTomlLineBytes  64 KiB per line; the longest shipped line is ~200 characters, and a rule's
//                      expression is limited to 100 levels of nesting anyway (expression_parser.hpp).
//   kMaxTomlDots       256 '.' per statement (a header, or a key and its value, which inside
//                      brackets may run over several lines), outside strings and comments: the
//                      dots of dotted keys, and of any decimal numbers there. toml++ survives
//                      ~30,000 nested keys without sanitizers; no real key has more than a few
//                      (`timer.extension.limit` has two).
//
// Nesting of arrays and inline tables is bounded by toml++ itself (TOML_MAX_NESTED_VALUES, 256).
//
// Thread-safety: pure function; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/core/result.hpp"

namespace timescales {

inline constexpr std::size_t kMaxTomlBytes = 8 * 1024 * 1024;
inline constexpr std::size_t kMaxTomlLineBytes = 64 * 1024;
inline constexpr int kMaxTomlDots = 256;

// Ok, or an error naming `file` (and the line and column where the limit was passed).
Status check_toml_limits(std::string_view text, const std::string& file);

}  // namespace timescales
