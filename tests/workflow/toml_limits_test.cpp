// Issue 18, defect 9 (third part): a TOML file beyond the limits of engine/core/toml_limits.hpp
// is refused, naming the file (and line and column), before toml++ reads it; a table header of
// 100,000 dotted keys used to overflow the stack inside toml++.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "adapters/import/import_mapping.hpp"
#include "engine/calendar/calendar_toml.hpp"
#include "engine/core/toml_fields.hpp"
#include "engine/core/toml_limits.hpp"
#include "engine/rules/rule_loader.hpp"
#include "engine/workflow/workflow_toml.hpp"
#include "tests/support/run_cli.hpp"

using namespace timescales;

namespace {

std::string dotted_header(int keys) {
  std::string s = "[";
  for (int i = 1; i < keys; ++i) s += "a.";
  return s + "a]\nx = 1\n";
}

std::string error_of(const std::string& text) {
  auto parsed = parse_toml(text, "f.toml");
  if (parsed) return "ok";
  return parsed.error().to_string();
}

}  // namespace

TEST_CASE("A header of 100,000 dotted keys is refused before toml++ reads it, by every reader") {
  const std::string text = "# a comment\n" + dotted_header(100000);
  // Line 2; dots 1..256 are allowed, the 257th is refused: "[" then "a." repeated, so dot k is at
  // column 1 + 2k, and the 257th at column 515.
  const std::string expected =
      "f.toml:2:515: more than 256 dotted keys in one statement; a key this long is refused before it is read";
  CHECK(error_of(text) == expected);
  CHECK(load_workflow(text, "f.toml").errors.at(0).to_string() == expected);
  CHECK(parse_holiday_schedule(text, "f.toml").error().to_string() == expected);
  CHECK(parse_holiday_changes(text, "f.toml", "england-and-wales").error().to_string() == expected);
  CHECK(parse_school_calendar(text, "f.toml").error().to_string() == expected);
  CHECK(parse_import_mapping(text, "f.toml").error().to_string() == expected);
  CHECK(rules::parse_rule_file(text, "f.toml", [](const std::string&) { return std::nullopt; })
            .error()
            .to_string() == expected);
  // At the limit, toml++ reads it: 257 keys have 256 dots.
  CHECK(error_of(dotted_header(257)) == "ok");
}

TEST_CASE("Dots in strings and comments do not count, an array over several lines counts as one") {
  const std::string many(5000, '.');
  CHECK(error_of("x = \"" + many + "\"\n") == "ok");
  CHECK(error_of("x = '" + many + "'\n") == "ok");
  CHECK(error_of("x = \"\"\"\n" + many + "\n\\\"\"\" " + many + "\"\"\"\n") == "ok");
  CHECK(error_of("x = '''\n" + many + "\n'''\n") == "ok");
  CHECK(error_of("# " + many + "\nx = 1\n") == "ok");
  CHECK(error_of("x = \"\\\"" + many + "\" # " + many + "\n") == "ok");
  // 300 decimal numbers, one a line, inside one array: one statement of 300 dots.
  std::string array = "x = [\n";
  for (int i = 0; i < 300; ++i) array += "  1.5,\n";
  array += "]\n";
  CHECK_THAT(error_of(array), Catch::StartsWith("f.toml:258:4: more than 256 dotted keys"));
  // The same numbers, one a statement, are fine.
  std::string keys;
  for (int i = 0; i < 300; ++i) keys += "x" + std::to_string(i) + " = 1.5\n";
  CHECK(error_of(keys) == "ok");
}

TEST_CASE("A line longer than 64 KiB, or a file larger than 8 MiB, is refused naming the file") {
  const std::string long_line = "x = \"" + std::string(kMaxTomlLineBytes, 'y') + "\"\n";
  CHECK(error_of("a = 1\n" + long_line) ==
        "f.toml:2:1: this line is " + std::to_string(kMaxTomlLineBytes + 6) +
            " characters long; a TOML line may be at most 65536");
  std::string big;
  while (big.size() <= kMaxTomlBytes) big += "# " + std::string(1000, 'z') + "\n";
  CHECK(error_of(big) == "f.toml: the file is " + std::to_string(big.size()) +
                             " bytes; a TOML file may be at most 8388608 bytes (8 MiB)");
}

TEST_CASE("check refuses a workflow file of 100,000 dotted keys with exit 2, naming the file") {
  const auto dir = std::filesystem::temp_directory_path() / ("timescales-toml-limits-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "dotted.toml";
  std::ofstream(file) << dotted_header(100000);
  const auto run = test::run_cli("check " + file.string());
  CHECK(run.status == 2);  // bad input (README); was 1 before issue 16
  CHECK_THAT(run.out, Catch::Contains(file.string() + ":1:515: more than 256 dotted keys"));
  std::filesystem::remove_all(dir);
}
