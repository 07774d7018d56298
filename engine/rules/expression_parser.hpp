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
// Limits: the checker, the interpreter and the tree's destructor all recurse over the tree, so its
// depth is bounded here, where it is built, and an expression over the limit is refused with
// "expression nested deeper than 100 levels" at the token where it went over. Counted as one
// level each: a bracket, a `not`, a call's arguments, a list, and every operator in a chain
// (`a + b + c` is two levels: the chain folds to the left, so its tree is as deep as it is long).
// A rule written by hand is a few levels deep; 100 leaves room for a generated one and keeps the
// deepest recursion a few hundred small frames (comfortably inside a thread's stack, sanitizers too).
//
// Thread-safety: pure function; safe from any thread.
#pragma once

#include <string_view>

#include "engine/core/result.hpp"
#include "engine/rules/expression.hpp"

namespace timescales::rules {

inline constexpr int kMaxExpressionDepth = 100;

// Errors carry the offending token's offset in `text` as SourcePosition::column (1-based) with
// line 0; the caller maps it onto the file (see SourceMap in rule_toml.cpp).
Result<ExprPtr> parse_expression(std::string_view text);

}  // namespace timescales::rules
