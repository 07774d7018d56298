// The stored-case commands that use the engine: `case show` and `evaluate --db`.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/run_cli.hpp"

namespace fs = std::filesystem;
using timescales::test::run_cli;

TEST_CASE("case show and evaluate --db assess stored cases, with flags and why") {
  const fs::path dir = fs::temp_directory_path() / ("timescales-storecli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string db = "--db " + (dir / "cases.db").string();
  REQUIRE(run_cli("init " + db).status == 0);
  // Received Mon 5 Jan 2026: Stage 1 due 19 Jan (6-9, 12-16, 19 Jan); acknowledged in time.
  REQUIRE(run_cli("case add-event " + db + " --workflow complaints-statutory CMP-9 received 2026-01-05").status == 0);
  REQUIRE(run_cli("case add-event " + db + " CMP-9 acknowledged 2026-01-06").status == 0);
  auto bad = run_cli("case add-event " + db + " CMP-9 stage4_requested 2026-01-07");
  CHECK(bad.status == 2);
  CHECK_THAT(bad.out, Catch::Contains("has no event 'stage4_requested'"));

  // On Wed 14 Jan three working days remain (15, 16, 19 Jan): the at-risk rule fires.
  auto show = run_cli("case show " + db + " CMP-9 --as-of 2026-01-14");
  CHECK(show.status == 0);
  CHECK_THAT(show.out, Catch::Contains("2026-01-05  received  from command line"));
  CHECK_THAT(show.out, Catch::Contains("stage1_response (deadline): running, due Mon 19 Jan 2026, 3 working days left"));
  CHECK_THAT(show.out, Catch::Contains("why: at_risk by rule stage1-response-at-risk because "
                                       "stage1_response.status = running, stage1_response.remaining = 3"));
  CHECK(run_cli("case show " + db + " CMP-404").status == 2);

  auto evaluated = run_cli("evaluate " + db + " --as-of 2026-01-14");
  REQUIRE(evaluated.status == 0);
  const auto json = nlohmann::json::parse(evaluated.out);
  REQUIRE(json.is_array());
  REQUIRE(json.size() == 1);
  CHECK(json[0]["id"] == "CMP-9");
  bool found = false;
  for (const auto& t : json[0]["timers"])
    if (t["id"] == "stage1_response") {
      found = true;
      CHECK(t["due"] == "2026-01-19");
      CHECK(t["remaining"] == 3);
    }
  CHECK(found);
  REQUIRE(json[0]["flags"].size() == 1);
  CHECK(json[0]["flags"][0]["rule"] == "stage1-response-at-risk");
  fs::remove_all(dir);
}
