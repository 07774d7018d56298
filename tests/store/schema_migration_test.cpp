// The schema is created and upgraded by the program: an old database is upgraded in one
// transaction with its data kept; a newer one, or one that is not ours, is refused untouched.
#include <catch2/catch.hpp>

#include "adapters/store/case_store.hpp"
#include "adapters/store/owner_only_file.hpp"
#include "adapters/store/sqlite_statement.hpp"
#include "store_test_support.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

// Version 1 as released, written out here by hand (not taken from schema.cpp) so the test
// proves an upgrade from what an old program really made.
constexpr const char* kVersion1Schema = R"sql(
CREATE TABLE schema_version (
  version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
CREATE TABLE cases (
  id TEXT PRIMARY KEY NOT NULL, workflow TEXT NOT NULL, workflow_version TEXT,
  attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
  owner TEXT, team TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL REFERENCES cases(id),
  type TEXT NOT NULL CHECK (type <> ''),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  reason TEXT NOT NULL DEFAULT '', occurrence INTEGER NOT NULL DEFAULT 1 CHECK (occurrence >= 1),
  source_file TEXT NOT NULL, source_row INTEGER, recorded_at TEXT NOT NULL,
  supersedes INTEGER REFERENCES events(id));
CREATE UNIQUE INDEX events_identity ON events(case_id, type, date, reason, occurrence);
CREATE UNIQUE INDEX events_superseded_once ON events(supersedes) WHERE supersedes IS NOT NULL;
CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction that supersedes the event'); END;
CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction that supersedes the event'); END;
INSERT INTO schema_version VALUES (1, 'cases and append-only events', '2025-06-01T09:00:00Z');
INSERT INTO cases VALUES ('CMP-2025-0001', 'complaints-statutory', NULL, '{"team":"CIN Widnes"}',
                          NULL, 'CIN Widnes', '2025-06-01T09:00:00Z', '2025-06-01T09:00:00Z');
INSERT INTO events(case_id, type, date, reason, source_file, source_row, recorded_at)
VALUES ('CMP-2025-0001', 'received', '2025-05-28', '', 'export-2025-06-01.csv', 2, '2025-06-01T09:00:00Z'),
       ('CMP-2025-0001', 'acknowledged', '2025-05-29', '', 'export-2025-06-01.csv', 3, '2025-06-01T09:00:00Z');
)sql";

void make_database(const std::filesystem::path& path, const std::string& sql) {
  REQUIRE(create_owner_only_file(path).ok());
  auto db = sqlite::Connection::open(path, sqlite::Connection::Mode::read_write);
  REQUIRE(db.ok());
  auto made = db->exec(sql);
  INFO((made.ok() ? std::string() : made.error().message));
  REQUIRE(made.ok());
}

}  // namespace

TEST_CASE("a version-1 database is upgraded to the current schema with its data kept") {
  TempDir dir;
  const auto path = dir / "old.db";
  make_database(path, kVersion1Schema);

  auto store = CaseStore::open(path);
  INFO((store.ok() ? "" : store.error().message));
  REQUIRE(store.ok());
  CHECK(store->migration().from == 1);
  CHECK(store->migration().to == latest_schema_version());
  CHECK(latest_schema_version() >= 2);

  auto& db = store->connection();
  CHECK(*db.query_int("SELECT max(version) FROM schema_version") == latest_schema_version());
  CHECK(*db.query_int("SELECT count(*) FROM schema_version") == latest_schema_version());
  CHECK(*db.query_text("SELECT applied_at FROM schema_version WHERE version = 1") ==
        "2025-06-01T09:00:00Z");

  // The data came through, and version 2's additions work on it.
  auto loaded = store->load_case("CMP-2025-0001");
  REQUIRE(loaded.ok());
  REQUIRE(loaded->has_value());
  const Case& c = **loaded;
  CHECK(c.workflow == "complaints-statutory");
  CHECK(c.attributes.at("team") == "CIN Widnes");
  REQUIRE(c.events.size() == 2);
  CHECK(c.events[0].type == "received");
  CHECK(to_iso(c.events[0].date) == "2025-05-28");
  CHECK(c.events[1].sequence == 2);

  auto open = store->open_case_ids();
  REQUIRE(open.ok());
  CHECK(*open == std::vector<std::string>{"CMP-2025-0001"});
  REQUIRE(store->set_closed("CMP-2025-0001", true).ok());
  CHECK(store->open_case_ids()->empty());

  RunRecord run;
  run.as_of = make_date(2025, 6, 2);
  run.flags.push_back({"CMP-2025-0001", "stage1_due_soon", "at_risk", "due in 2 working days"});
  auto recorded = store->record_run(run);
  REQUIRE(recorded.ok());
  CHECK(count_rows(db, "run_flags") == 1);
  CHECK(*db.query_text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("opening a current database again changes nothing") {
  TempDir dir;
  const auto path = dir / "cases.db";
  {
    auto created = CaseStore::open(path, CaseStore::OpenMode::create_if_missing);
    REQUIRE(created.ok());
    CHECK(created->migration().from == 0);
  }
  auto again = CaseStore::open(path);
  REQUIRE(again.ok());
  CHECK(again->migration().from == latest_schema_version());
  CHECK(again->migration().to == latest_schema_version());
}

TEST_CASE("a database newer than the program is refused and left untouched") {
  TempDir dir;
  const auto path = dir / "future.db";
  {
    auto created = CaseStore::open(path, CaseStore::OpenMode::create_if_missing);
    REQUIRE(created.ok());
    REQUIRE(created->connection()
                .exec("INSERT INTO schema_version VALUES (99, 'from the future', '2031-01-01T00:00:00Z')")
                .ok());
  }
  auto refused = CaseStore::open(path);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Catch::Contains("schema version 99") &&
                                          Catch::Contains("newer than this program") &&
                                          Catch::Contains("upgrade timescales"));
  auto db = sqlite::Connection::open(path, sqlite::Connection::Mode::read_write);
  REQUIRE(db.ok());
  CHECK(*db->query_int("SELECT max(version) FROM schema_version") == 99);
}

TEST_CASE("a failed upgrade leaves the old version in place") {
  TempDir dir;
  const auto path = dir / "clash.db";
  // A version-1 database where someone has already made a table that version 2 creates: the
  // upgrade fails part-way and must roll back all of it.
  make_database(path, std::string(kVersion1Schema) + "CREATE TABLE runs (x INTEGER);");
  auto refused = CaseStore::open(path);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Catch::Contains("nothing was changed"));
  auto db = sqlite::Connection::open(path, sqlite::Connection::Mode::read_write);
  REQUIRE(db.ok());
  CHECK(*db->query_int("SELECT max(version) FROM schema_version") == 1);
  CHECK(*db->query_int("SELECT count(*) FROM pragma_table_info('cases') WHERE name = 'closed'") == 0);
  CHECK(*db->query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'imports'") == 0);
}

TEST_CASE("an SQLite database that is not a case database is refused") {
  TempDir dir;
  const auto path = dir / "other.db";
  make_database(path, "CREATE TABLE something_else (x INTEGER);");
  auto refused = CaseStore::open(path);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Catch::Contains("not a timescales case database"));
}

TEST_CASE("a file that is not a database is refused with SQLite's reason") {
  TempDir dir;
  const auto path = dir / "notes.db";
  REQUIRE(create_owner_only_file(path).ok());
  {
    FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("these are not the pages you are looking for, padded out well past a header......."
               "...................................................................................",
               f);
    std::fclose(f);
  }
  auto refused = CaseStore::open(path);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Catch::Contains("not a database"));
}
