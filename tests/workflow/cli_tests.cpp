// The command line as scripts use it: evaluate's JSON, check's exit status.
#include "support.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "adapters/json/case_json.hpp"
#include "tests/support/run_cli.hpp"

using namespace timescales;
using namespace timescales::testing;

namespace {

timescales::test::CliRun run(const std::string& args) {
  return timescales::test::run_cli(std::string("--data ") + TIMESCALES_SOURCE_DIR + " " + args);
}

const std::string kFixtures = std::string(TIMESCALES_SOURCE_DIR) + "/tests/fixtures/";

}  // namespace

TEST_CASE("evaluate --format json prints the contract's shape") {
  const auto r = run("evaluate --as-of 2026-01-05 --format json " + kFixtures + "cases/cmp-2025-0193.json");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["id"] == "CMP-2025-0193");
  CHECK(j["workflow"] == "complaints-statutory");
  CHECK(j["workflow_version"] == "2006");
  CHECK(j["state"] == "stage1");
  CHECK(j["as_of"] == "2026-01-05");
  CHECK(j["flags"].is_array());
  CHECK(j["problems"].empty());
  const auto& timers = j["timers"];
  auto stage1 = std::find_if(timers.begin(), timers.end(),
                             [](const auto& t) { return t["id"] == "stage1_response"; });
  REQUIRE(stage1 != timers.end());
  // 19 Dec + 20 WD -> 21 Jan, 12 left after 5 Jan (worked in complaints_statutory_tests.cpp)
  CHECK((*stage1)["kind"] == "deadline");
  CHECK((*stage1)["status"] == "running");
  CHECK((*stage1)["start"] == "2025-12-19");
  CHECK((*stage1)["due"] == "2026-01-21");
  CHECK((*stage1)["stopped"].is_null());
  CHECK((*stage1)["remaining"] == 12);
  CHECK((*stage1)["unit"] == "working days");
  CHECK((*stage1)["extended"] == true);
  CHECK((*stage1)["explanation"] ==
        "received 2025-12-19 + 20 working days (extended 2026-01-05: complex); skips 25, 26 Dec, 1 Jan");
}

TEST_CASE("evaluate prints an array for several cases, and refuses bad arguments with status 2") {
  auto r = run("evaluate --as-of 2026-01-05 --format json " + kFixtures + "cases/cmp-2025-0193.json " +
               kFixtures + "cases/ehcp-summer.json");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.is_array());
  REQUIRE(j.size() == 2);
  for (const auto& t : j[1]["timers"])
    if (t["id"] == "final_plan") CHECK(t["status"] == "exempt");  // worked in ehcp_tests.cpp

  r = run("evaluate --as-of 2026-02-30 --format json " + kFixtures + "cases/cmp-2025-0193.json");
  CHECK(r.status == 2);
  CHECK(r.out.find("--as-of") != std::string::npos);
  r = run("evaluate --as-of 2026-01-05 --format json " + kFixtures + "cases/no-such-case.json");
  CHECK(r.status == 2);
}

TEST_CASE("check passes the shipped workflows and fails a broken one with file:line:col") {
  auto r = run("check");
  INFO(r.out);
  CHECK(r.status == 0);
  r = run("check " + kFixtures + "broken-workflow.toml");
  INFO(r.out);
  CHECK(r.status == 2);  // bad input, as the README says (it was 1)
  // [[timer]] is on line 24 of the fixture (comment 1, [workflow] 2-6, states 8-14, event 16-17,
  // transition 19-22)
  CHECK(r.out.find("broken-workflow.toml:24:1: timer 'finish' has no 'source'") != std::string::npos);
}

TEST_CASE("graph prints DOT and Mermaid") {
  auto r = run("graph complaints-statutory");
  CHECK(r.status == 0);
  CHECK(r.out.find("\"new\" -> \"stage1\" [label=\"received\"]") != std::string::npos);
  r = run("graph complaints-statutory --format mermaid");
  CHECK(r.out.find("new --> stage1 : received") != std::string::npos);
  CHECK(run("graph no-such-workflow").status == 2);
}

TEST_CASE("case JSON: numbers become strings, errors are placed") {
  auto c = parse_case_json(R"({"id": "A", "workflow": "w", "attributes": {"admission_year": 2021},
      "events": [{"type": "x", "date": "2025-01-02"}, {"type": "y", "date": "2025-01-01"}]})",
                           "a.json");
  REQUIRE(c.ok());
  CHECK(c->attributes.at("admission_year") == "2021");
  CHECK(c->events[1].sequence == 1);
  CHECK(case_to_json(*c)["attributes"]["admission_year"] == "2021");

  auto bad = parse_case_json("{\"id\": \"A\",\n \"workflow\": }", "b.json");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().to_string().rfind("b.json:2:", 0) == 0);
  auto bad_date = parse_case_json(
      R"({"id": "A", "workflow": "w", "events": [{"type": "x", "date": "2025-02-30"}]})", "c.json");
  REQUIRE_FALSE(bad_date.ok());
  CHECK(bad_date.error().message.find("Feb 2025 has 28 days") != std::string::npos);
}

TEST_CASE("check refuses a [[target]] with a workflow timer's id, at its file:line:column, exit 2") {
  const auto dir = std::filesystem::temp_directory_path() / ("timescales-target-id-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "rules");
  const auto file = dir / "rules" / "clash.toml";
  std::ofstream(file) << "[[target]]\n"
                         "id = \"stage1_response\"\n"
                         "workflows = [\"complaints-statutory\"]\n"
                         "start = \"received\"\n"
                         "limit = \"5 working days\"\n"
                         "stopped_by = [\"stage1_responded\"]\n"
                         "source = \"a test\"\n";
  const auto r = run("check " + file.string());
  INFO(r.out);
  CHECK(r.status == 2);
  // Line 2, the value after `id = ` (5 characters): column 6.
  CHECK_THAT(r.out, Catch::Contains(file.string() + ":2:6: target id 'stage1_response' is already a timer"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("evaluate's file errors name the file once, and a folder is not 'no such file'") {
  const auto dir = std::filesystem::temp_directory_path() / ("timescales-case-errors-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto bad = dir / "bad.json";
  std::ofstream(bad) << "{\"id\": \"A\",\n \"workflow\": }";
  auto r = run("evaluate --as-of 2026-01-05 " + bad.string());
  INFO(r.out);
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains(bad.string() + ":2:"));
  CHECK(r.out.find(bad.string()) == r.out.rfind(bad.string()));  // once

  r = run("evaluate --as-of 2026-01-05 " + (dir / "absent.json").string());
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains("absent.json: no such file"));
  CHECK(r.out.find("absent.json") == r.out.rfind("absent.json"));

  r = run("evaluate --as-of 2026-01-05 " + dir.string());
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains(dir.string() + ": is a folder, not a file"));
  CHECK_THAT(r.out, !Catch::Contains("no such file"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("evaluate: a return at 21:40 is due at 21:40 three days on, and a bad time is refused by field") {
  // Returned Mon 2 Mar 2026 21:40 + 72 hours = Thu 5 Mar 2026 21:40; as of Wed 4 Mar: running.
  auto r = run("evaluate --as-of 2026-03-04 --format json " + kFixtures + "cases/miss-2026-0001.json");
  INFO(r.out);
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  const auto& t = j["timers"][0];
  CHECK(t["id"] == "return_interview");
  CHECK(t["status"] == "running");
  CHECK(t["due"] == "2026-03-05");
  CHECK(t["due_time"] == "21:40");
  CHECK(t["unit"] == "hours");
  // From the start of Wed 4 Mar to 21:40 on Thu 5 Mar: 24 + 21 whole hours.
  CHECK(t["remaining"] == 45);
  // The case's own events keep their times when written back out.
  auto c = parse_case_json(R"({"id": "A", "workflow": "missing-episode",
      "events": [{"type": "returned", "date": "2026-03-02", "time": "21:40:15"}]})", "a.json");
  REQUIRE(c.ok());
  CHECK(case_to_json(*c)["events"][0]["time"] == "21:40");
  auto bad = parse_case_json(R"({"id": "A", "workflow": "missing-episode",
      "events": [{"type": "returned", "date": "2026-03-02", "time": "25:00"}]})", "b.json");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "case A: event 1 (returned): \"time\": '25:00' is not a time of day: hours 00-23, minutes 00-59");
}
