// The schema is created and upgraded by the program: an old database is upgraded in one
// transaction with its data kept; a newer one, or one that is not ours, is refused untouched.
#include <catch2/catch.hpp>

#include "adapters/store/sqlite_case_store.hpp"
#include "adapters/store/owner_only_file.hpp"
#include "adapters/store/run_log.hpp"
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

// Version 2 as released, likewise by hand, with two recorded runs: run 1's timers are what
// version 3 must carry across, run 2's include a case with no timers, a timer with no due date
// and a name that needs escaping in JSON, and one timer whose case row a hand edit removed.
constexpr const char* kVersion2Schema = R"sql(
ALTER TABLE cases ADD COLUMN closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1));
CREATE INDEX cases_by_closed ON cases(closed, id);
CREATE TABLE imports (
  id INTEGER PRIMARY KEY AUTOINCREMENT, file_name TEXT NOT NULL, file_bytes INTEGER NOT NULL,
  mapping TEXT, imported_at TEXT NOT NULL, rows INTEGER NOT NULL, new_events INTEGER NOT NULL,
  duplicates INTEGER NOT NULL, ignored INTEGER NOT NULL, rejected INTEGER NOT NULL);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,
  as_of TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  started_at TEXT NOT NULL, finished_at TEXT NOT NULL, cases_evaluated INTEGER NOT NULL,
  flags_raised INTEGER NOT NULL, changes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(changes)));
CREATE TABLE run_definitions (
  run_id INTEGER NOT NULL REFERENCES runs(id), kind TEXT NOT NULL, name TEXT NOT NULL, version TEXT,
  content_hash TEXT NOT NULL, PRIMARY KEY (run_id, kind, name)) WITHOUT ROWID;
CREATE TABLE run_cases (
  run_id INTEGER NOT NULL REFERENCES runs(id), case_id TEXT NOT NULL REFERENCES cases(id),
  workflow_version TEXT, state TEXT NOT NULL, PRIMARY KEY (run_id, case_id)) WITHOUT ROWID;
CREATE TABLE run_timers (
  run_id INTEGER NOT NULL REFERENCES runs(id), case_id TEXT NOT NULL REFERENCES cases(id),
  timer TEXT NOT NULL, status TEXT NOT NULL, due TEXT, PRIMARY KEY (run_id, case_id, timer)) WITHOUT ROWID;
CREATE TABLE run_flags (
  id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL REFERENCES runs(id),
  case_id TEXT NOT NULL REFERENCES cases(id), rule TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'at_risk', 'overdue', 'breach', 'data_quality')),
  message TEXT NOT NULL);
CREATE INDEX run_flags_by_run ON run_flags(run_id, case_id);
CREATE INDEX run_flags_by_case ON run_flags(case_id, run_id);
INSERT INTO schema_version VALUES (2, 'closed cases, import log, evaluation runs and their flags',
                                   '2025-09-01T09:00:00Z');

INSERT INTO cases(id, workflow, created_at, updated_at) VALUES
  ('CMP-2025-0002', 'complaints-statutory', '2025-06-01T09:00:00Z', '2025-06-01T09:00:00Z'),
  ('EHC-2025-0001', 'ehcp-needs-assessment', '2025-06-01T09:00:00Z', '2025-06-01T09:00:00Z');
INSERT INTO runs VALUES
  (1, 'nightly', '2025-09-01', '2025-09-01T22:00:00Z', '2025-09-01T22:00:09Z', 3, 1, '[]'),
  (2, 'nightly', '2025-09-02', '2025-09-02T22:00:00Z', '2025-09-02T22:00:09Z', 3, 0, '[]');
INSERT INTO run_definitions VALUES (1, 'workflow', 'complaints-statutory', '2025.1', 'sha256:abc');
INSERT INTO run_flags(run_id, case_id, rule, severity, message)
VALUES (1, 'CMP-2025-0001', 'stage1_due_soon', 'at_risk', 'due in 2 working days');
INSERT INTO run_cases VALUES
  (1, 'CMP-2025-0001', '2025.1', 'stage1'), (1, 'CMP-2025-0002', NULL, 'stage2'),
  (1, 'EHC-2025-0001', '2024.2', 'assessment'),
  (2, 'CMP-2025-0001', '2025.1', 'stage1'), (2, 'CMP-2025-0002', NULL, 'closed');
INSERT INTO run_timers VALUES
  (1, 'CMP-2025-0001', 'stage1_response', 'running', '2025-06-11'),
  (1, 'CMP-2025-0001', 'acknowledgement', 'met', '2025-06-02'),
  (1, 'CMP-2025-0002', 'stage2_response', 'overdue', '2025-08-20'),
  (1, 'EHC-2025-0001', 'final_plan', 'running', '2025-11-20'),
  (1, 'EHC-2025-0001', 'decision_to_assess', 'met', '2025-07-15'),
  (2, 'CMP-2025-0001', 'stage1_response', 'running', '2025-06-11'),
  (2, 'CMP-2025-0001', 'local "quick" \ target', 'pending', NULL),
  (2, 'EHC-2025-0001', 'final_plan', 'running', '2025-11-20');
)sql";

constexpr const char* kEveryTimer =
    "SELECT run_id || '|' || case_id || '|' || timer || '|' || status || '|' || coalesce(due, 'NULL') "
    "|| '|' || typeof(due) FROM run_timers ORDER BY run_id, case_id, timer";

std::vector<std::string> column(sqlite::Connection& db, const std::string& sql) {
  auto stmt = db.prepare(sql);
  INFO((stmt.ok() ? "" : stmt.error().message));
  REQUIRE(stmt.ok());
  std::vector<std::string> out;
  for (;;) {
    auto row = stmt->step();
    REQUIRE(row.ok());
    if (!*row) break;
    out.push_back(stmt->column_text(0));
  }
  return out;
}

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

  auto store = SqliteCaseStore::open(path);
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

TEST_CASE("a version-2 database's run timers move into run_cases, and run_timers answers as before") {
  TempDir dir;
  const auto path = dir / "v2.db";
  make_database(path, std::string(kVersion1Schema) + kVersion2Schema);
  // What a council analyst's queries saw in version 2, read from the table itself.
  std::vector<std::string> before, latest_before;
  {
    auto db = sqlite::Connection::open(path, sqlite::Connection::Mode::read_write);
    REQUIRE(db.ok());
    before = column(*db, kEveryTimer);
    latest_before = column(*db, "SELECT case_id || '|' || timer || '|' || due FROM run_timers "
                                "WHERE run_id = (SELECT max(id) FROM runs) AND timer IN ('stage1_response', 'final_plan')");
  }
  REQUIRE(before.size() == 8);

  auto store = SqliteCaseStore::open(path);
  INFO((store.ok() ? "" : store.error().message));
  REQUIRE(store.ok());
  CHECK(store->migration().from == 2);
  CHECK(store->migration().to == latest_schema_version());
  auto& db = store->connection();
  CHECK(*db.query_text("SELECT type FROM sqlite_schema WHERE name = 'run_timers'") == "view");
  CHECK(column(db, "SELECT name FROM pragma_table_info('run_timers') ORDER BY cid") ==
        std::vector<std::string>{"run_id", "case_id", "timer", "status", "due"});
  CHECK(column(db, kEveryTimer) == before);
  CHECK(column(db, "SELECT case_id || '|' || timer || '|' || due FROM run_timers "
                   "WHERE run_id = (SELECT max(id) FROM runs) AND timer IN ('stage1_response', 'final_plan')") ==
        latest_before);

  // Each case's row holds its timers, by name; the orphaned timer has a case row of its own.
  CHECK(*db.query_text("SELECT timers FROM run_cases WHERE run_id = 1 AND case_id = 'CMP-2025-0001'") ==
        R"([["acknowledgement","met","2025-06-02"],["stage1_response","running","2025-06-11"]])");
  CHECK(*db.query_text("SELECT timers FROM run_cases WHERE run_id = 2 AND case_id = 'CMP-2025-0002'") == "[]");
  CHECK(*db.query_text("SELECT state || '/' || timers FROM run_cases WHERE run_id = 2 AND case_id = 'EHC-2025-0001'") ==
        R"(/[["final_plan","running","2025-11-20"]])");
  CHECK(*db.query_text("SELECT workflow_version || '/' || state FROM run_cases "
                       "WHERE run_id = 1 AND case_id = 'EHC-2025-0001'") == "2024.2/assessment");

  auto timers = run_timers(db, 2);
  REQUIRE(timers.ok());
  REQUIRE(timers->size() == 3);
  CHECK((*timers)[0].case_id == "CMP-2025-0001");
  CHECK((*timers)[0].timer == R"(local "quick" \ target)");
  CHECK((*timers)[0].status == "pending");
  CHECK_FALSE((*timers)[0].due.has_value());
  CHECK((*timers)[1].timer == "stage1_response");
  CHECK(to_iso(*(*timers)[1].due) == "2025-06-11");
  CHECK((*timers)[2].case_id == "EHC-2025-0001");
  CHECK(to_iso(*(*timers)[2].due) == "2025-11-20");
  CHECK(run_flags(db, 1)->size() == 1);
  CHECK(*db.query_text("PRAGMA integrity_check") == "ok");
  CHECK(*db.query_int("SELECT count(*) FROM pragma_foreign_key_check") == 0);

  // The next run prunes run 1's cases, and with them its timers.
  RunRecord run;
  run.as_of = make_date(2025, 9, 3);
  run.cases.push_back({"CMP-2025-0001", "2025.1", "stage1", {{"stage1_response", "running", make_date(2025, 6, 11)}}});
  auto recorded = store->record_run(run);
  REQUIRE(recorded.ok());
  CHECK(column(db, "SELECT DISTINCT run_id FROM run_timers ORDER BY 1") == std::vector<std::string>{"2", "3"});
  CHECK(*db.query_int("SELECT count(*) FROM run_cases WHERE run_id = 1") == 0);
  CHECK(count_rows(db, "runs") == 3);
}

TEST_CASE("run timers edited by hand in other JSON spellings read back as the view reads them") {
  TempDir dir;
  auto store = SqliteCaseStore::open(dir / "cases.db", SqliteCaseStore::OpenMode::create_if_missing);
  REQUIRE(store.ok());
  auto& db = store->connection();
  REQUIRE(db.exec(R"sql(
    INSERT INTO cases(id, workflow, created_at, updated_at) VALUES ('A', 'w', 'x', 'x'), ('B', 'w', 'x', 'x');
    INSERT INTO runs VALUES (1, 'nightly', '2026-01-05', 'x', 'x', 2, 0, '[]');
    INSERT INTO run_cases(run_id, case_id, state, timers) VALUES
      (1, 'A', 's', ' [ ["z", "met", null] , ["\u0061", "running", "2026-01-09", "extra"] ] '),
      (1, 'B', 's', '[["b","running","not a date"],["a","running",7]]');
  )sql").ok());
  const std::vector<std::string> expected = {"A|a|running|2026-01-09", "A|z|met|NULL", "B|a|running|7",
                                             "B|b|running|not a date"};
  CHECK(column(db, "SELECT case_id || '|' || timer || '|' || status || '|' || coalesce(due, 'NULL') "
                   "FROM run_timers WHERE run_id = 1 ORDER BY case_id, timer") == expected);
  auto timers = run_timers(db, 1);
  INFO((timers.ok() ? "" : timers.error().message));
  REQUIRE(timers.ok());
  REQUIRE(timers->size() == 4);
  CHECK((*timers)[0].timer == "a");
  CHECK(to_iso(*(*timers)[0].due) == "2026-01-09");
  CHECK((*timers)[1].timer == "z");
  CHECK_FALSE((*timers)[1].due.has_value());
  CHECK_FALSE((*timers)[2].due.has_value());  // not a date, as before: no due date
  CHECK_FALSE((*timers)[3].due.has_value());

  REQUIRE(db.exec("UPDATE run_cases SET timers = '[[1, 2, 3]]' WHERE case_id = 'B'").ok());
  auto refused = run_timers(db, 1);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Catch::Contains("case 'B'"));
}

TEST_CASE("opening a current database again changes nothing") {
  TempDir dir;
  const auto path = dir / "cases.db";
  {
    auto created = SqliteCaseStore::open(path, SqliteCaseStore::OpenMode::create_if_missing);
    REQUIRE(created.ok());
    CHECK(created->migration().from == 0);
  }
  auto again = SqliteCaseStore::open(path);
  REQUIRE(again.ok());
  CHECK(again->migration().from == latest_schema_version());
  CHECK(again->migration().to == latest_schema_version());
}

TEST_CASE("a database newer than the program is refused and left untouched") {
  TempDir dir;
  const auto path = dir / "future.db";
  {
    auto created = SqliteCaseStore::open(path, SqliteCaseStore::OpenMode::create_if_missing);
    REQUIRE(created.ok());
    REQUIRE(created->connection()
                .exec("INSERT INTO schema_version VALUES (99, 'from the future', '2031-01-01T00:00:00Z')")
                .ok());
  }
  auto refused = SqliteCaseStore::open(path);
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
  auto refused = SqliteCaseStore::open(path);
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
  auto refused = SqliteCaseStore::open(path);
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
  auto refused = SqliteCaseStore::open(path);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Catch::Contains("not a database"));
}
