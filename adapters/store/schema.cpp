#include "adapters/store/schema.hpp"

#include <vector>

#include "adapters/store/sqlite_statement.hpp"
#include "adapters/store/sqlite_transaction.hpp"
#include "adapters/store/timestamps.hpp"

namespace timescales {
namespace {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// Version 1: cases and their append-only events.
//
// events_identity is the key that makes importing idempotent. It is (case, event type, date,
// reason, occurrence), where occurrence numbers rows that are otherwise identical within one
// export (two `advice_received` on the same day are occurrences 1 and 2). The source file and
// row are recorded for provenance but deliberately left out of the key: tonight's export is
// named differently from last night's, and every row after a newly added one shifts down, so a
// key holding them would import the overlap a second time.
//
// Corrections never rewrite a row: a new event names the one it supersedes, each event can be
// superseded at most once (events_superseded_once), and the triggers refuse UPDATE and DELETE.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE schema_version (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TEXT NOT NULL
);

CREATE TABLE cases (
  id               TEXT PRIMARY KEY NOT NULL,
  workflow         TEXT NOT NULL,
  workflow_version TEXT,
  attributes       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
  owner            TEXT,
  team             TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);

CREATE TABLE events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id     TEXT NOT NULL REFERENCES cases(id),
  type        TEXT NOT NULL CHECK (type <> ''),
  date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  reason      TEXT NOT NULL DEFAULT '',
  occurrence  INTEGER NOT NULL DEFAULT 1 CHECK (occurrence >= 1),
  source_file TEXT NOT NULL,
  source_row  INTEGER,
  recorded_at TEXT NOT NULL,
  supersedes  INTEGER REFERENCES events(id)
);
CREATE UNIQUE INDEX events_identity ON events(case_id, type, date, reason, occurrence);
CREATE UNIQUE INDEX events_superseded_once ON events(supersedes) WHERE supersedes IS NOT NULL;

CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: record a correction that supersedes the event');
END;
CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: record a correction that supersedes the event');
END;
)sql";

// Version 2: closing cases, the import log, and the record of each evaluation run: the
// definitions and calendars in force (by content hash), each case's state and timers, and the
// flags raised, so a later run can say what moved.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE cases ADD COLUMN closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1));
CREATE INDEX cases_by_closed ON cases(closed, id);

CREATE TABLE imports (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  file_name   TEXT NOT NULL,
  file_bytes  INTEGER NOT NULL,
  mapping     TEXT,
  imported_at TEXT NOT NULL,
  rows        INTEGER NOT NULL,
  new_events  INTEGER NOT NULL,
  duplicates  INTEGER NOT NULL,
  ignored     INTEGER NOT NULL,
  rejected    INTEGER NOT NULL
);

CREATE TABLE runs (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL,
  as_of           TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  started_at      TEXT NOT NULL,
  finished_at     TEXT NOT NULL,
  cases_evaluated INTEGER NOT NULL,
  flags_raised    INTEGER NOT NULL,
  changes         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(changes))
);

CREATE TABLE run_definitions (
  run_id       INTEGER NOT NULL REFERENCES runs(id),
  kind         TEXT NOT NULL,
  name         TEXT NOT NULL,
  version      TEXT,
  content_hash TEXT NOT NULL,
  PRIMARY KEY (run_id, kind, name)
) WITHOUT ROWID;

CREATE TABLE run_cases (
  run_id           INTEGER NOT NULL REFERENCES runs(id),
  case_id          TEXT NOT NULL REFERENCES cases(id),
  workflow_version TEXT,
  state            TEXT NOT NULL,
  PRIMARY KEY (run_id, case_id)
) WITHOUT ROWID;

CREATE TABLE run_timers (
  run_id  INTEGER NOT NULL REFERENCES runs(id),
  case_id TEXT NOT NULL REFERENCES cases(id),
  timer   TEXT NOT NULL,
  status  TEXT NOT NULL,
  due     TEXT,
  PRIMARY KEY (run_id, case_id, timer)
) WITHOUT ROWID;

CREATE TABLE run_flags (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id   INTEGER NOT NULL REFERENCES runs(id),
  case_id  TEXT NOT NULL REFERENCES cases(id),
  rule     TEXT NOT NULL,
  severity TEXT NOT NULL
           CHECK (severity IN ('info', 'at_risk', 'overdue', 'breach', 'data_quality')),
  message  TEXT NOT NULL
);
CREATE INDEX run_flags_by_run ON run_flags(run_id, case_id);
CREATE INDEX run_flags_by_case ON run_flags(case_id, run_id);
)sql";

// Version 3: a run's timers as a JSON array in its case's row, one row a case instead of one a
// timer (a national nightly run recorded three million timer rows, twelve seconds of inserts).
// Each element is [timer, status, due or null], in the evaluation's order; version 2's rows
// come across in timer-name order. run_timers becomes a view with the old table's columns, so
// the council's own queries over it keep working.
//
// Version 2 wrote a run's timers beside its cases, so every timer has its case row; one that
// does not (a hand edit) is given a case row with no state rather than being lost.
//
// The view uses json_extract rather than ->>, which SQLite before 3.38 cannot parse: a view an
// analyst's older sqlite3 cannot read would make it refuse the whole database.
constexpr const char* kVersion3 = R"sql(
ALTER TABLE run_cases ADD COLUMN timers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(timers));

INSERT INTO run_cases(run_id, case_id, state)
SELECT DISTINCT t.run_id, t.case_id, '' FROM run_timers t
WHERE NOT EXISTS (SELECT 1 FROM run_cases c WHERE c.run_id = t.run_id AND c.case_id = t.case_id);

UPDATE run_cases SET timers = (
  SELECT json_group_array(json_array(t.timer, t.status, t.due))
  FROM (SELECT timer, status, due FROM run_timers
        WHERE run_id = run_cases.run_id AND case_id = run_cases.case_id ORDER BY timer) t);

DROP TABLE run_timers;

CREATE VIEW run_timers(run_id, case_id, timer, status, due) AS
SELECT c.run_id, c.case_id, json_extract(t.value, '$[0]'), json_extract(t.value, '$[1]'),
       json_extract(t.value, '$[2]')
FROM run_cases c, json_each(c.timers) t;
)sql";

// Version 4: why an event was put right. A correction already names the event it supersedes
// (events.supersedes); an event recorded in error is voided, with nothing in its place. Either way
// the officer's reason is kept here, one row per event put right, never updated or deleted, and
// the event stays in the history. An event voided is no longer in force, as one superseded.
constexpr const char* kVersion4 = R"sql(
CREATE TABLE event_amendments (
  event_id    INTEGER PRIMARY KEY REFERENCES events(id),
  kind        TEXT NOT NULL CHECK (kind IN ('corrected', 'voided')),
  by_event    INTEGER REFERENCES events(id),
  reason      TEXT NOT NULL CHECK (reason <> ''),
  recorded_at TEXT NOT NULL,
  CHECK ((kind = 'corrected') = (by_event IS NOT NULL))
);

CREATE TRIGGER event_amendments_are_append_only_update BEFORE UPDATE ON event_amendments
BEGIN
  SELECT RAISE(ABORT, 'event amendments are append-only');
END;
CREATE TRIGGER event_amendments_are_append_only_delete BEFORE DELETE ON event_amendments
BEGIN
  SELECT RAISE(ABORT, 'event amendments are append-only');
END;
)sql";

// Version 5: rows an import rejected, kept against the case they named, so the digest and the
// case page can say "1 row rejected for this case" beside an alert it may explain. The case is
// not a reference: the rejected row may be the only one its case has. Rows are only added.
constexpr const char* kVersion5 = R"sql(
CREATE TABLE rejected_rows (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id     TEXT NOT NULL CHECK (case_id <> ''),
  event       TEXT NOT NULL DEFAULT '',
  file_name   TEXT NOT NULL,
  line        INTEGER NOT NULL,
  reason      TEXT NOT NULL,
  rejected_at TEXT NOT NULL
);
CREATE INDEX rejected_rows_by_case ON rejected_rows(case_id, rejected_at);
)sql";

// Version 6: the web service's accounts and the audit log, in the same database as the cases so
// that one file (and its backup) is the whole system of record. Secrets are kept only as their
// argon2id hash (passwords) or SHA-256 digest (sessions, API tokens, calendar feeds): a copy of
// the file signs nobody in. `event_recorders` says who recorded an event through the service or
// the command line ("user:ann", "token:case-system", "cli:root"); an import's events name their
// file in events.source_file instead. The audit log is only ever added to.
constexpr const char* kVersion6 = R"sql(
CREATE TABLE event_recorders (
  event_id    INTEGER PRIMARY KEY REFERENCES events(id),
  recorded_by TEXT NOT NULL CHECK (recorded_by <> '')
);

CREATE TABLE users (
  name          TEXT PRIMARY KEY CHECK (name <> ''),
  role          TEXT NOT NULL CHECK (role IN ('complaints_officer', 'send_team', 'team_manager', 'manager', 'admin')),
  team          TEXT NOT NULL DEFAULT '',
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  password_hash TEXT NOT NULL CHECK (password_hash <> ''),
  created_at    INTEGER NOT NULL,
  CHECK ((role = 'team_manager') = (team <> ''))
);

CREATE TABLE failed_sign_ins (
  name TEXT NOT NULL,
  at   INTEGER NOT NULL
);
CREATE INDEX failed_sign_ins_by_name ON failed_sign_ins(name, at);

CREATE TABLE sessions (
  digest     TEXT PRIMARY KEY,
  user       TEXT NOT NULL REFERENCES users(name),
  csrf_token TEXT NOT NULL CHECK (csrf_token <> ''),
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user);

CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL CHECK (name <> ''),
  role       TEXT NOT NULL CHECK (role IN ('complaints_officer', 'send_team', 'team_manager', 'manager', 'admin')),
  team       TEXT NOT NULL DEFAULT '',
  digest     TEXT NOT NULL UNIQUE,
  revoked    INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
  created_at INTEGER NOT NULL,
  CHECK ((role = 'team_manager') = (team <> ''))
);
CREATE UNIQUE INDEX api_tokens_name_in_force ON api_tokens(name) WHERE revoked = 0;

CREATE TABLE calendar_feeds (
  user   TEXT PRIMARY KEY REFERENCES users(name),
  digest TEXT NOT NULL UNIQUE
);

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      INTEGER NOT NULL,
  actor   TEXT NOT NULL CHECK (actor <> ''),
  action  TEXT NOT NULL CHECK (action <> ''),
  case_id TEXT NOT NULL DEFAULT '',
  detail  TEXT NOT NULL DEFAULT '',
  via     TEXT NOT NULL CHECK (via <> '')
);
CREATE INDEX audit_log_by_case ON audit_log(case_id, id);
CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
)sql";

// Version 7: the time of day an event happened, where the record has one (a child's return at
// 21:40: the return home interview is due 72 hours later, at 21:40). Beside the events rather
// than a column of theirs: few events carry a time, and the nightly read of every event is
// answered from the events_identity index alone, which a new column would not be in. Like the
// events, a time is never changed: a correction records the event again.
constexpr const char* kVersion7 = R"sql(
CREATE TABLE event_times (
  event_id INTEGER PRIMARY KEY REFERENCES events(id),
  time     TEXT NOT NULL CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]' AND time < '24:00')
);
CREATE TRIGGER event_times_are_append_only_update BEFORE UPDATE ON event_times
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: record a correction that supersedes the event');
END;
CREATE TRIGGER event_times_are_append_only_delete BEFORE DELETE ON event_times
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: record a correction that supersedes the event');
END;
)sql";

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1, "cases and append-only events", kVersion1},
      {2, "closed cases, import log, evaluation runs and their flags", kVersion2},
      {3, "a run's timers kept in its case's row; run_timers a view", kVersion3},
      {4, "reasons for corrections, and voided events", kVersion4},
      {5, "rows an import rejected, kept against their cases", kVersion5},
      {6, "accounts, sessions, API tokens, calendar feeds, the audit log; who recorded an event", kVersion6},
      {7, "the time of day of an event, where recorded", kVersion7},
  };
  return list;
}

Result<bool> has_table(sqlite::Connection& db, const char* name) {
  auto stmt = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, name);
  return stmt->step();
}

Error newer_than_program(const sqlite::Connection& db, int version) {
  return Error{db.path().string() + " has schema version " + std::to_string(version) +
               ", newer than this program understands (" +
               std::to_string(migrations().back().version) +
               "): upgrade timescales before using this database"};
}

}  // namespace

int latest_schema_version() { return migrations().back().version; }

Result<int> schema_version_of(sqlite::Connection& db) {
  auto versioned = has_table(db, "schema_version");
  if (!versioned) return versioned.error();
  if (!*versioned) {
    auto tables = db.query_int("SELECT count(*) FROM sqlite_schema");
    if (!tables) return tables.error();
    if (*tables > 0)
      return Error{db.path().string() + " is an SQLite database, but not a timescales case database"};
    return 0;
  }
  auto version = db.query_int("SELECT coalesce(max(version), 0) FROM schema_version");
  if (!version) return version.error();
  return static_cast<int>(*version);
}

Result<MigrationOutcome> migrate_schema(sqlite::Connection& db) {
  const int latest = latest_schema_version();
  auto current = schema_version_of(db);
  if (!current) return current.error();
  if (*current > latest) return newer_than_program(db, *current);
  // Most opens find the schema current; checking before taking the write lock keeps them from
  // queueing behind an import that is running.
  if (*current == latest) return MigrationOutcome{latest, latest};

  auto tx = sqlite::Transaction::begin(db);
  if (!tx) return tx.error();
  // Another process may have migrated while this one waited for the lock: read it again.
  current = schema_version_of(db);
  if (!current) return current.error();
  if (*current > latest) return newer_than_program(db, *current);
  const MigrationOutcome outcome{*current, latest};
  const std::string now = utc_timestamp_now();
  for (const Migration& m : migrations()) {
    if (m.version <= *current) continue;
    auto applied = db.exec(m.sql);
    if (!applied) {
      return Error{"upgrading the schema to version " + std::to_string(m.version) +
                   " failed, nothing was changed: " + applied.error().message};
    }
    auto stmt = db.prepare(
        "INSERT INTO schema_version(version, description, applied_at) VALUES (?1, ?2, ?3)");
    if (!stmt) return stmt.error();
    stmt->bind(1, int64_t{m.version}).bind(2, m.description).bind(3, now);
    if (auto ran = stmt->run(); !ran) return ran.error();
  }
  if (auto committed = tx->commit(); !committed) return committed.error();
  return outcome;
}

}  // namespace timescales
