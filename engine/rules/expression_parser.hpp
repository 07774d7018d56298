// Parsing rule expressions: text to an unchecked syntax tree.
//
//   expr    := or
//   or      := and ("or" and)*
//   and     := not ("and" not)*
//   not     := "not" not | compare
//   compare := sum (("=="|"!="|"<"|"<="|">"|">=") sum | "in" list | "not" "in" list)?
//   sum     := primary (("+"|"-") primary)*
//   primary := NUMBER [unit words] | STRING | DATE | "true" | "false" | "(" expr ")"
//            | name ("." name)* | name "(" [expr ("," expr)*] ")" ("." name)*
//   list    := "[" expr ("," expr)* "]"
//
// A number followed by unit words is a duration: `3 working days`, `2 weeks`.
//
// Thread-safety: pure function; safe from any thread.
#pragma once

#include <string_view>

#include "engine/core/result.hpp"
#include "engine/rules/expression.hpp"

namespace timescales::rules {

// Errors carry the offending token's offset in `text` as SourcePosition::column (1-based) with
// line 0; the caller maps it onto the file (see SourceMap in rule_toml.cpp).
Result<ExprPtr> parse_expression(std::string_view text);

}  // namespace timescales::rules
