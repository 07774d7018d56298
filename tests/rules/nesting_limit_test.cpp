// Issue 18, defect 1: an expression nested too deeply is refused with a clear error at the token
// where it goes over kMaxExpressionDepth (100), instead of overflowing the stack in the parser,
// the checker or the interpreter. Inputs are the ones that crashed: ~900 and 5,000 '(', 20,000
// `not`, chains of 10,000 `+` and `and`.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "engine/rules/expression_parser.hpp"
#include "engine/rules/interpreter.hpp"
#include "engine/rules/rule_loader.hpp"
#include "engine/rules/type_checker.hpp"
#include "tests/support/run_cli.hpp"

using namespace timescales;
using namespace timescales::rules;

namespace {

const RuleVocabulary kNone{{}, {}};

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Parses and checks; "ok" or "message @column".
std::string outcome(const std::string& text) {
  auto parsed = parse_expression(text);
  if (!parsed) return parsed.error().message + " @" + std::to_string(parsed.error().where->column);
  std::vector<std::string> slots;
  auto checked = check_expression(**parsed, kNone, std::nullopt, slots);
  if (!checked) return checked.error().message + " @" + std::to_string(checked.error().where->column);
  return "ok";
}

bool value_of(const std::string& text) {
  auto parsed = parse_expression(text);
  REQUIRE(parsed.ok());
  std::vector<std::string> slots;
  REQUIRE(check_expression(**parsed, kNone, std::nullopt, slots).ok());
  RuleScope scope{};
  const Value v = evaluate(**parsed, scope, slots);
  REQUIRE(std::holds_alternative<bool>(v));
  return std::get<bool>(v);
}

const std::string kTooDeep = "expression nested deeper than 100 levels";

}  // namespace

TEST_CASE("Brackets nested past the limit are refused at the first bracket over it") {
  // The 101st '(' is at offset 100, column 101.
  CHECK(outcome(repeat("(", 900) + "true" + repeat(")", 900)) == kTooDeep + " @101");
  CHECK(outcome(repeat("(", 5000) + "true" + repeat(")", 5000)) == kTooDeep + " @101");
  CHECK(outcome(repeat("(", 200000)) == kTooDeep + " @101");  // unclosed, too
  // 100 brackets is at the limit, and still works.
  CHECK(value_of(repeat("(", 100) + "true" + repeat(")", 100)));
}

TEST_CASE("A long run of `not` is refused at the first one over the limit") {
  // "not " is 4 characters: the 101st starts at offset 400, column 401.
  CHECK(outcome(repeat("not ", 20000) + "true") == kTooDeep + " @401");
  // 100 `not`s (an even number) of true is true.
  CHECK(value_of(repeat("not ", 100) + "true"));
  CHECK_FALSE(value_of(repeat("not ", 99) + "true"));
}

TEST_CASE("A chain of operators counts one level per operator") {
  // "1" then " + 1" repeated: the k-th '+' is at offset 2 + 4(k-1), and a chain of k operators is
  // k levels deep, so the 101st '+' (offset 402, column 403) is the one over the limit.
  CHECK(outcome("1" + repeat(" + 1", 10000) + " == 1") == kTooDeep + " @403");
  CHECK(outcome("1" + repeat(" - 1", 10000) + " == 1") == kTooDeep + " @403");
  // "true" then " and true" (9 characters): the 101st 'and' at offset 5 + 9*100 = 905, column 906.
  CHECK(outcome("true" + repeat(" and true", 10000)) == kTooDeep + " @906");
  // " or true" is 8 characters: the 101st 'or' at offset 5 + 8*100 = 805, column 806.
  CHECK(outcome("true" + repeat(" or true", 10000)) == kTooDeep + " @806");
  // 100 `and`s are at the limit, and true.
  CHECK(value_of("true" + repeat(" and true", 100)));
  // 99 `+` (99 levels) add up to 100; the `==` on top makes 100 levels.
  CHECK(value_of("1" + repeat(" + 1", 99) + " == 100"));
  CHECK(outcome("1" + repeat(" + 1", 100) + " == 101") == kTooDeep + " @403");  // the `==` at offset 1 + 400 + 1
}

TEST_CASE("Lists and call arguments count as levels too") {
  CHECK(outcome(repeat("is_set(", 5000)) == kTooDeep + " @" + std::to_string(7 * 100 + 7));
  CHECK(outcome("1 in [" + repeat("(", 5000) + "1" + repeat(")", 5000) + "]") == kTooDeep + " @" + std::to_string(6 + 99 + 1));
}

TEST_CASE("A rules file nesting 5,000 brackets deep gives file:line:column and exit 2, not a crash") {
  const std::string when = repeat("(", 5000) + "true" + repeat(")", 5000);
  const std::string text = "[[rule]]\nid = \"deep\"\nworkflows = [\"complaints-statutory\"]\nwhen = '" + when +
                           "'\nseverity = \"info\"\naudience = [\"x\"]\nmessage = \"m\"\n";
  auto set = parse_rule_file(text, "deep.toml", [](const std::string&) -> std::optional<RuleVocabulary> {
    return RuleVocabulary{};
  });
  REQUIRE_FALSE(set.ok());
  // Line 4; the quote is column 8, so offset 100 of the expression is column 8 + 1 + 100.
  CHECK(set.error().to_string() == "deep.toml:4:109: " + kTooDeep);

  const auto dir = std::filesystem::temp_directory_path() / "timescales-nesting-test" / "rules";
  std::filesystem::create_directories(dir);
  const auto file = dir / "deep.toml";
  std::ofstream(file) << text;
  const auto run = test::run_cli("check " + file.string());
  CHECK(run.status == 2);  // bad input (README); was 1 before issue 16
  CHECK_THAT(run.out, Catch::Contains("deep.toml:4:109: " + kTooDeep));
  std::filesystem::remove_all(dir.parent_path());
}
