// Recalculation: a bank holiday announced after last night's run moves the due dates it should,
// and only those, case by case.
#include <catch2/catch.hpp>

#include "tests/support/run_cli.hpp"

#include <cstdio>
#include <filesystem>

#include "adapters/store/sqlite_case_store.hpp"

namespace fs = std::filesystem;
using namespace timescales;

namespace {

using timescales::test::run_cli;

void add_complaint(CaseStore& store, const std::string& id, const char* received) {
  CaseRecord record;
  record.id = id;
  record.workflow = "complaints-statutory";
  REQUIRE(store.upsert_case(record).ok());
  REQUIRE(store.append_event(id, {"received", *parse_iso_date(received), "", 0}, {"test", std::nullopt}).ok());
}

}  // namespace

TEST_CASE("recalc reports the cases a newly announced bank holiday moves") {
  const fs::path dir = fs::temp_directory_path() / ("timescales-recalc-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::copy(fs::path(TIMESCALES_SOURCE_DIR) / "rules", dir / "rules", fs::copy_options::recursive);
  fs::copy(fs::path(TIMESCALES_SOURCE_DIR) / "workflows", dir / "workflows", fs::copy_options::recursive);
  fs::remove(dir / "rules" / "calendars" / "england-and-wales.local.toml");
  const std::string data = "--data " + dir.string() + " ";
  const std::string db = (dir / "cases.db").string();
  {
    auto store = SqliteCaseStore::open(db, SqliteCaseStore::OpenMode::create_if_missing);
    REQUIRE(store.ok());
    // Received Mon 16 Nov 2026: 10 working days are 17-20, 23-27, 30 Nov -> due Mon 30 Nov.
    add_complaint(*store, "CMP-A", "2026-11-16");
    // Received Mon 2 Nov 2026: due 16 Nov (3-6, 9-13, 16), before the new holiday: unmoved.
    add_complaint(*store, "CMP-B", "2026-11-02");
  }
  auto night = run_cli(data + "nightly --db " + db + " --as-of 2026-11-20 --out " + (dir / "out").string());
  REQUIRE(night.status == 0);
  // A mistyped future date is not counted by the engine, but the nightly run lists it.
  {
    auto store = SqliteCaseStore::open(db, SqliteCaseStore::OpenMode::must_exist);
    REQUIRE(store.ok());
    REQUIRE(store->append_event("CMP-B", {"acknowledged", *parse_iso_date("2062-11-03"), "", 0}, {"test", std::nullopt}).ok());
  }
  auto typo = run_cli(data + "nightly --db " + db + " --as-of 2026-11-20 --out " + (dir / "out").string());
  CHECK(typo.status == 1);
  CHECK_THAT(typo.out, Catch::Contains("data problems in 1 case:"));

  auto unchanged = run_cli(data + "recalc --db " + db);
  CHECK(unchanged.status == 0);
  CHECK_THAT(unchanged.out, Catch::Contains("0 changed"));

  // A bank holiday is announced for Fri 27 Nov 2026.
  const fs::path feed = dir / "bank-holidays.json";
  {
    FILE* f = std::fopen(feed.c_str(), "w");
    std::fputs(R"({"england-and-wales": {"division": "england-and-wales", "events": [
      {"title": "New Year's Day", "date": "2026-01-01"}, {"title": "Good Friday", "date": "2026-04-03"},
      {"title": "Easter Monday", "date": "2026-04-06"}, {"title": "Early May bank holiday", "date": "2026-05-04"},
      {"title": "Spring bank holiday", "date": "2026-05-25"}, {"title": "Summer bank holiday", "date": "2026-08-31"},
      {"title": "Announced bank holiday", "date": "2026-11-27"},
      {"title": "Christmas Day", "date": "2026-12-25"}, {"title": "Boxing Day", "date": "2026-12-28"}]}})", f);
    std::fclose(f);
  }
  REQUIRE(run_cli(data + "calendar import-govuk " + feed.string()).status == 0);

  auto moved = run_cli(data + "recalc --db " + db);
  CHECK(moved.status == 0);
  CHECK_THAT(moved.out, Catch::Contains("1 changed"));
  // CMP-A loses 27 Nov: 17-20, 23-26, 30 Nov, 1 Dec -> due Tue 1 Dec.
  CHECK_THAT(moved.out, Catch::Contains("CMP-A\n  stage1_response: due 2026-11-30 -> 2026-12-01"));
  CHECK_THAT(moved.out, !Catch::Contains("CMP-B"));

  // The recalculation was recorded: a second one finds nothing new.
  CHECK_THAT(run_cli(data + "recalc --db " + db).out, Catch::Contains("0 changed"));

  // Five runs so far (two nightly, three recalcs); only the last two keep their per-case timers.
  {
    auto store = SqliteCaseStore::open(db, SqliteCaseStore::OpenMode::must_exist);
    REQUIRE(store.ok());
    auto count = store->connection().prepare("SELECT COUNT(DISTINCT run_id), MIN(run_id) FROM run_timers");
    REQUIRE(count.ok());
    auto row = count->step();
    REQUIRE(row.ok());
    CHECK(count->column_int(0) == 2);
    CHECK(count->column_int(1) == 4);
    auto runs = store->connection().prepare("SELECT COUNT(*) FROM runs");
    REQUIRE(runs.ok());
    REQUIRE(runs->step().ok());
    CHECK(runs->column_int(0) == 5);
  }
  fs::remove_all(dir);
}
