// Issue 18, defect 2: a case file holding a number too large for a double (nlohmann throws
// out_of_range, not parse_error) is refused with a message and exit 2, where it used to abort
// (signal 6, exit 134).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "adapters/json/case_json.hpp"
#include "tests/support/run_cli.hpp"

using namespace timescales;
namespace fs = std::filesystem;

TEST_CASE("A number too large for a double in a case file is an error with its position") {
  auto top = parse_case_json("1e999", "a.json");
  REQUIRE_FALSE(top.ok());
  CHECK(top.error().to_string() == "a.json:1:1: the number 1e999 is too large to read (the largest is about 1.8e308)");
  // Line 2 is ` "attributes":{"n":1e400}...`: a space, `"attributes":` (13), `{"n":` (5), so the
  // number starts at column 1 + 13 + 5 + 1 = 20.
  auto attribute = parse_case_json("{\"id\":\"A\",\"workflow\":\"complaints-statutory\",\n \"attributes\":{\"n\":1e400},\"events\":[]}", "b.json");
  REQUIRE_FALSE(attribute.ok());
  CHECK(attribute.error().to_string() == "b.json:2:20: the number 1e400 is too large to read (the largest is about 1.8e308)");
  // A syntax error still reads as before.
  auto syntax = parse_case_json("{\"id\": \"A\",\n \"workflow\": }", "c.json");
  REQUIRE_FALSE(syntax.ok());
  CHECK_THAT(syntax.error().to_string(), Catch::StartsWith("c.json:2:14: syntax error"));
}

TEST_CASE("evaluate and explain refuse such a case file with exit 2 and a message, not a signal") {
  const auto dir = fs::temp_directory_path() / ("timescales-hostile-json-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "top.json") << "1e999";
  std::ofstream(dir / "attribute.json") << R"({"id":"A","workflow":"complaints-statutory","attributes":{"n":1e400},"events":[]})";
  for (const char* name : {"top.json", "attribute.json"}) {
    INFO(name);
    const std::string file = (dir / name).string();
    for (const std::string command : {"evaluate --as-of 2026-01-05 ", "explain --as-of 2026-01-05 "}) {
      const auto run = test::run_cli(command + file);
      CHECK(run.status == 2);
      CHECK_THAT(run.out, Catch::Contains(file + ":1:") && Catch::Contains("is too large to read"));
    }
  }
  fs::remove_all(dir);
}
