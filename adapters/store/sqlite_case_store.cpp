#include "adapters/store/sqlite_case_store.hpp"

#include "adapters/store/sqlite_store_parts.hpp"
#include "adapters/store/import_log.hpp"
#include "adapters/store/rejected_rows.hpp"
#include "adapters/store/run_lease.hpp"
#include "adapters/store/run_recorder.hpp"

#include "adapters/store/owner_only_file.hpp"
#include "adapters/store/run_log.hpp"
#include "adapters/store/sqlite_statement.hpp"
#include "adapters/store/sqlite_transaction.hpp"
#include "adapters/store/timestamps.hpp"

#include <nlohmann/json.hpp>

namespace timescales {
namespace {

// "In force" = neither superseded by a later correction nor voided.
constexpr const char* kEventsInForce = R"sql(
SELECT e.id, e.type, e.date, e.reason, t.time FROM events e LEFT JOIN event_times t ON t.event_id = e.id
WHERE e.case_id = ?1 AND NOT EXISTS (SELECT 1 FROM events s WHERE s.supersedes = e.id)
  AND NOT EXISTS (SELECT 1 FROM event_amendments v WHERE v.event_id = e.id AND v.kind = 'voided')
ORDER BY e.id
)sql";

constexpr const char* kEventHistory = R"sql(
SELECT e.id, e.type, e.date, e.reason, e.occurrence, e.source_file, e.source_row, e.recorded_at,
       e.supersedes, (SELECT s.id FROM events s WHERE s.supersedes = e.id),
       a.kind, a.by_event, a.reason, a.recorded_at, r.recorded_by, t.time
FROM events e LEFT JOIN event_amendments a ON a.event_id = e.id
              LEFT JOIN event_recorders r ON r.event_id = e.id
              LEFT JOIN event_times t ON t.event_id = e.id
WHERE e.case_id = ?1 ORDER BY e.id
)sql";

constexpr const char* kEventForCorrection = R"sql(
SELECT e.case_id, e.type, e.date, (SELECT s.id FROM events s WHERE s.supersedes = e.id),
       (SELECT v.kind FROM event_amendments v WHERE v.event_id = e.id)
FROM events e WHERE e.id = ?1
)sql";

constexpr const char* kRecordRecorder = "INSERT INTO event_recorders (event_id, recorded_by) VALUES (?1, ?2)";

constexpr const char* kRecordAmendment =
    "INSERT INTO event_amendments (event_id, kind, by_event, reason, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)";

constexpr const char* kListCases = R"sql(
SELECT c.id, c.workflow, c.closed, c.updated_at, count(e.id), max(e.date)
FROM cases c
LEFT JOIN events e
  ON e.case_id = c.id AND NOT EXISTS (SELECT 1 FROM events s WHERE s.supersedes = e.id)
  AND NOT EXISTS (SELECT 1 FROM event_amendments v WHERE v.event_id = e.id AND v.kind = 'voided')
WHERE ?1 = 0 OR c.closed = 0
GROUP BY c.id
ORDER BY c.id
)sql";

// A search's filter on what the store holds; the cohort is an attribute.
constexpr const char* kFindCases = R"sql(
SELECT id, workflow, workflow_version, attributes, owner, team, closed, created_at, updated_at
FROM cases
WHERE (?1 = '' OR workflow = ?1) AND (?2 = '' OR team = ?2) AND (?3 = '' OR owner = ?3)
  AND (?4 = '' OR json_extract(attributes, '$.cohort') = ?4) AND (?5 = 0 OR closed = 0)
  AND (?6 = '[]' OR workflow IN (SELECT value FROM json_each(?6)))
ORDER BY id
)sql";

constexpr const char* kOpenCaseIds = "SELECT id FROM cases WHERE closed = 0 ORDER BY id";

// Begins a transaction unless the caller already has one open on this connection.
Result<std::optional<sqlite::Transaction>> own_transaction(sqlite::Connection& db) {
  if (db.in_transaction()) return std::optional<sqlite::Transaction>{};
  auto tx = sqlite::Transaction::begin(db);
  if (!tx) return tx.error();
  return std::optional<sqlite::Transaction>{std::move(*tx)};
}

Status commit(std::optional<sqlite::Transaction>& tx) {
  return tx ? tx->commit() : Status{Ok{}};
}

// The event's time of day (schema 7), from column `column`: none where NULL.
Status read_time(sqlite::Statement& stmt, int column, int64_t event_id, CaseEvent& event) {
  if (stmt.column_is_null(column)) return Ok{};
  auto time = parse_time_of_day(stmt.column_text(column));
  if (!time) return Error{"event " + std::to_string(event_id) + ": its time of day: " + time.error().message};
  event.time = *time;
  return Ok{};
}

// Who recorded event `event_id`, when somebody is named (an import's rows name only their file).
Status record_recorder(sqlite::Connection& db, int64_t event_id, const std::string& recorded_by) {
  if (recorded_by.empty()) return Ok{};
  auto stmt = db.prepare(kRecordRecorder);
  if (!stmt) return stmt.error();
  stmt->bind(1, event_id).bind(2, recorded_by);
  return stmt->run();
}

Status configure(sqlite::Connection& db) {
  db.set_busy_timeout(SqliteCaseStore::kBusyTimeoutMs);
  if (auto on = db.exec("PRAGMA foreign_keys = ON"); !on) return on.error();
  auto fk = db.query_int("PRAGMA foreign_keys");
  if (!fk) return fk.error();
  if (*fk != 1) return Error{db.path().string() + ": this SQLite cannot enforce foreign keys"};
  // WAL lets `case list` and reports read while the nightly import writes.
  auto journal = db.query_text("PRAGMA journal_mode = WAL");
  if (!journal) return journal.error();
  if (*journal != "wal") {
    return Error{db.path().string() + ": cannot use write-ahead logging (journal mode stays '" +
                 *journal + "'); keep the database on a local disk, not a network share"};
  }
  // FULL: a commit reported to the user survives a power cut, not only a crash.
  if (auto sync = db.exec("PRAGMA synchronous = FULL"); !sync) return sync.error();
  // An import's transaction touches every page of the events index. With SQLite's default 2 MiB
  // cache, pages spill to the WAL and are written again each time they change; 64 MiB (used only
  // as needed) keeps a nightly export's pages in memory until the commit writes each once.
  return db.exec("PRAGMA cache_size = -65536");
}

}  // namespace

Result<SqliteCaseStore> SqliteCaseStore::open(const std::filesystem::path& path, OpenMode mode) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  // Permission denied on its folder is not "no database here": creating one would fail too.
  if (ec && ec != std::errc::no_such_file_or_directory)
    return Error{path.string() + ": cannot open the case database: " + ec.message()};
  if (!exists) {
    if (mode == OpenMode::must_exist) {
      return Error{path.string() + ": no case database here (create one with: timescales init --db " +
                   path.string() + ")"};
    }
    auto created = create_owner_only_file(path);
    // Another process may have created it in the meantime; the checks below still apply.
    if (!created && !std::filesystem::exists(path, ec)) return created.error();
  }
  if (std::filesystem::is_directory(path, ec)) return Error{path.string() + " is a directory"};
  if (auto private_file = check_owner_only(path); !private_file) return private_file.error();

  auto db = sqlite::Connection::open(path, sqlite::Connection::Mode::read_write);
  if (!db) return db.error();
  auto connection = std::make_unique<sqlite::Connection>(std::move(*db));
  if (auto configured = configure(*connection); !configured) return configured.error();
  auto migrated = migrate_schema(*connection);
  if (!migrated) return migrated.error();

  // SQLite gives these the main file's mode; checked rather than trusted.
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::filesystem::path companion = path.string() + suffix;
    if (std::filesystem::exists(companion, ec)) {
      if (auto private_file = check_owner_only(companion); !private_file)
        return private_file.error();
    }
  }
  return SqliteCaseStore{std::move(connection), *migrated};
}

Result<std::optional<CaseRecord>> SqliteCaseStore::find_case(const std::string& id) {
  auto w = writer();
  if (!w) return w.error();
  return w->find_case(id);
}

Result<bool> SqliteCaseStore::upsert_case(const CaseRecord& record) {
  auto tx = own_transaction(*db_);
  if (!tx) return tx.error();
  auto w = writer();
  if (!w) return w.error();
  auto existing = w->find_case(record.id);
  if (!existing) return existing.error();
  const std::string now = utc_timestamp_now();
  bool changed = true;
  if (!*existing) {
    if (auto inserted = w->insert_case(record, now); !inserted) return inserted.error();
  } else {
    auto updated = w->update_case(record, now);
    if (!updated) return updated.error();
    changed = *updated;
    if (record.closed != (*existing)->closed) {
      auto closed = w->set_closed(record.id, record.closed, now);
      if (!closed) return closed.error();
      changed = true;
    }
  }
  if (auto committed = commit(*tx); !committed) return committed.error();
  return changed;
}

Status SqliteCaseStore::replace_case_details(const CaseRecord& record) {
  auto stmt = db_->prepare(
      "UPDATE cases SET attributes = ?2, owner = ?3, team = ?4, updated_at = ?5 WHERE id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, record.id).bind(2, attributes_to_json(record.attributes)).bind(3, record.owner).bind(4, record.team)
      .bind(5, utc_timestamp_now());
  if (auto ran = stmt->run(); !ran) return ran.error();
  if (db_->changes() == 0) return Error{ErrorKind::not_found, "no case '" + record.id + "' in " + db_->path().string()};
  return Ok{};
}

Status SqliteCaseStore::set_closed(const std::string& id, bool closed) {
  auto w = writer();
  if (!w) return w.error();
  auto existing = w->find_case(id);
  if (!existing) return existing.error();
  if (!*existing) return Error{ErrorKind::not_found, "no case '" + id + "' in " + db_->path().string()};
  auto set = w->set_closed(id, closed, utc_timestamp_now());
  if (!set) return set.error();
  return Ok{};
}

Result<AppendedEvent> SqliteCaseStore::append_event(const std::string& case_id, const CaseEvent& event,
                                              const EventSource& source, int occurrence) {
  // The event and who recorded it go in together.
  auto tx = own_transaction(*db_);
  if (!tx) return tx.error();
  auto w = writer();
  if (!w) return w.error();
  auto appended = w->append_event(case_id, event, occurrence, source, utc_timestamp_now());
  if (!appended) return appended.error();
  if (!appended->added) {
    auto existing = w->find_event(case_id, event, occurrence);
    if (!existing) return existing.error();
    appended->id = existing->value_or(0);
  } else if (auto kept = record_recorder(*db_, appended->id, source.recorded_by); !kept) {
    return kept.error();
  }
  if (auto committed = commit(*tx); !committed) return committed.error();
  return appended;
}

namespace {

// The event to be put right, checked to be in force: its case, or why it cannot be amended.
Result<std::string> event_in_force(sqlite::Connection& db, int64_t event_id, const char* doing) {
  auto original = db.prepare(kEventForCorrection);
  if (!original) return original.error();
  original->bind(1, event_id);
  auto found = original->step();
  if (!found) return found.error();
  if (!*found) return Error{ErrorKind::not_found, "there is no event " + std::to_string(event_id) + " to " + doing};
  std::string case_id = original->column_text(0);
  if (!original->column_is_null(3))
    return Error{ErrorKind::conflict, "event " + std::to_string(event_id) + " was already corrected by event " +
                                          std::to_string(original->column_int(3)) + "; " + doing + " that one instead"};
  if (!original->column_is_null(4))
    return Error{ErrorKind::conflict, "event " + std::to_string(event_id) + " was voided; there is nothing in force to " + doing};
  original->reset();
  return case_id;
}

Status record_amendment(sqlite::Connection& db, int64_t event_id, const char* kind, std::optional<int64_t> by_event,
                        const std::string& reason, const std::string& now) {
  auto stmt = db.prepare(kRecordAmendment);
  if (!stmt) return stmt.error();
  stmt->bind(1, event_id).bind(2, std::string(kind)).bind(4, reason).bind(5, now);
  if (by_event) stmt->bind(3, *by_event);
  return stmt->run();
}

}  // namespace

Result<int64_t> SqliteCaseStore::supersede_event(int64_t event_id, const CaseEvent& replacement,
                                                 const EventSource& source, const std::string& reason) {
  auto tx = own_transaction(*db_);
  if (!tx) return tx.error();
  auto case_id = event_in_force(*db_, event_id, "correct");
  if (!case_id) return case_id.error();
  auto w = writer();
  if (!w) return w.error();
  // A correction may restate an event identical to one in force, so it takes the next free
  // occurrence rather than colliding with (and being swallowed as) a duplicate.
  auto occurrence = w->next_occurrence(*case_id, replacement);
  if (!occurrence) return occurrence.error();
  const std::string now = utc_timestamp_now();
  auto appended = w->append_event(*case_id, replacement, *occurrence, source, now, event_id);
  if (!appended) return appended.error();
  if (!appended->added) return Error{ErrorKind::io, "the correction of event " + std::to_string(event_id) +
                                     " could not be recorded"};
  if (auto kept = record_recorder(*db_, appended->id, source.recorded_by); !kept) return kept.error();
  if (!reason.empty())
    if (auto kept = record_amendment(*db_, event_id, "corrected", appended->id, reason, now); !kept) return kept.error();
  if (auto committed = commit(*tx); !committed) return committed.error();
  return appended->id;
}

Status SqliteCaseStore::void_event(int64_t event_id, const std::string& reason) {
  if (reason.empty()) return Error{"a void needs a reason: why was the event recorded in error?"};
  auto tx = own_transaction(*db_);
  if (!tx) return tx.error();
  auto case_id = event_in_force(*db_, event_id, "void");
  if (!case_id) return case_id.error();
  const std::string now = utc_timestamp_now();
  if (auto kept = record_amendment(*db_, event_id, "voided", std::nullopt, reason, now); !kept) return kept.error();
  // The case changed: its updated_at says so, as for any other event.
  auto touched = db_->prepare("UPDATE cases SET updated_at = ?2 WHERE id = ?1");
  if (!touched) return touched.error();
  if (auto ran = touched->bind(1, *case_id).bind(2, now).run(); !ran) return ran.error();
  return commit(*tx);
}

Result<std::optional<std::string>> SqliteCaseStore::case_of_event(int64_t event_id) {
  auto stmt = db_->prepare("SELECT case_id FROM events WHERE id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, event_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>{stmt->column_text(0)};
}

Result<std::map<std::string, int64_t>> SqliteCaseStore::events_by_source() {
  auto stmt = db_->prepare("SELECT source_file, COUNT(*) FROM events GROUP BY source_file");
  if (!stmt) return stmt.error();
  std::map<std::string, int64_t> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    out[stmt->column_text(0)] = stmt->column_int(1);
  }
  return out;
}

Result<std::optional<Case>> SqliteCaseStore::load_case(const std::string& id) {
  auto record = find_case(id);
  if (!record) return record.error();
  if (!*record) return std::optional<Case>{};
  Case c;
  c.id = id;
  c.workflow = (*record)->workflow;
  c.workflow_version = (*record)->workflow_version;
  c.attributes = (*record)->attributes;

  auto events = db_->prepare(kEventsInForce);
  if (!events) return events.error();
  events->bind(1, id);
  for (int sequence = 1;; ++sequence) {
    auto row = events->step();
    if (!row) return row.error();
    if (!*row) break;
    auto date = parse_iso_date(events->column_text(2));
    if (!date) return Error{"event " + std::to_string(events->column_int(0)) + " of case '" + id +
                            "': " + date.error().message};
    c.events.push_back({events->column_text(1), *date, events->column_text(3), sequence});
    if (auto timed = read_time(*events, 4, events->column_int(0), c.events.back()); !timed) return timed.error();
  }
  return std::optional<Case>{std::move(c)};
}

Result<std::vector<StoredEvent>> SqliteCaseStore::event_history(const std::string& id) {
  auto stmt = db_->prepare(kEventHistory);
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  std::vector<StoredEvent> out;
  for (int sequence = 1;; ++sequence) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    StoredEvent e;
    e.id = stmt->column_int(0);
    e.case_id = id;
    auto date = parse_iso_date(stmt->column_text(2));
    if (!date) return Error{"event " + std::to_string(e.id) + ": " + date.error().message};
    e.event = {stmt->column_text(1), *date, stmt->column_text(3), sequence};
    if (auto timed = read_time(*stmt, 15, e.id, e.event); !timed) return timed.error();
    e.occurrence = static_cast<int>(stmt->column_int(4));
    e.source.file = stmt->column_text(5);
    if (!stmt->column_is_null(6)) e.source.row = stmt->column_int(6);
    e.recorded_at = stmt->column_text(7);
    if (!stmt->column_is_null(8)) e.supersedes = stmt->column_int(8);
    if (!stmt->column_is_null(9)) e.superseded_by = stmt->column_int(9);
    e.source.recorded_by = stmt->column_text(14);
    if (!stmt->column_is_null(10)) {
      EventAmendment a;
      a.kind = stmt->column_text(10) == "voided" ? EventAmendment::Kind::voided : EventAmendment::Kind::corrected;
      if (!stmt->column_is_null(11)) a.by_event = stmt->column_int(11);
      a.reason = stmt->column_text(12);
      a.recorded_at = stmt->column_text(13);
      e.voided = a.kind == EventAmendment::Kind::voided;
      e.amended = std::move(a);
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<CaseSummary>> SqliteCaseStore::list_cases(Which which) {
  auto stmt = db_->prepare(kListCases);
  if (!stmt) return stmt.error();
  stmt->bind(1, int64_t{which == Which::open ? 1 : 0});
  std::vector<CaseSummary> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({stmt->column_text(0), stmt->column_text(1), stmt->column_int(2) != 0,
                   stmt->column_int(4), stmt->column_optional_text(5), stmt->column_text(3)});
  }
  return out;
}

Result<std::vector<std::string>> SqliteCaseStore::open_case_ids() {
  auto stmt = db_->prepare(kOpenCaseIds);
  if (!stmt) return stmt.error();
  std::vector<std::string> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(stmt->column_text(0));
  }
  return out;
}

Result<std::vector<CaseRecord>> SqliteCaseStore::find_cases(const CaseFilter& f) {
  auto stmt = db_->prepare(kFindCases);
  if (!stmt) return stmt.error();
  stmt->bind(1, f.workflow).bind(2, f.team).bind(3, f.owner).bind(4, f.cohort).bind(5, int64_t{f.open_only ? 1 : 0});
  stmt->bind(6, nlohmann::json(f.workflows).dump());
  std::vector<CaseRecord> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    CaseRecord r;
    r.id = stmt->column_text(0);
    r.workflow = stmt->column_text(1);
    r.workflow_version = stmt->column_optional_text(2);
    r.attributes = attributes_from_json(stmt->column_text(3));
    r.owner = stmt->column_optional_text(4);
    r.team = stmt->column_optional_text(5);
    r.closed = stmt->column_int(6) != 0;
    r.created_at = stmt->column_text(7);
    r.updated_at = stmt->column_text(8);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::unique_ptr<UnitOfWork>> SqliteCaseStore::begin(Work work) { return begin_unit_of_work(*db_, work); }

Result<std::unique_ptr<CaseBatchWriter>> SqliteCaseStore::batch_writer() {
  auto w = writer();
  if (!w) return w.error();
  return std::unique_ptr<CaseBatchWriter>(std::make_unique<CaseWriter>(std::move(*w)));
}

Result<std::unique_ptr<CaseLookup>> SqliteCaseStore::snapshot_lookup() { return open_snapshot_lookup(db_->path()); }

Result<std::unique_ptr<CaseScan>> SqliteCaseStore::scan() { return scan_connection(*db_); }

Result<std::unique_ptr<CaseScan>> SqliteCaseStore::snapshot_scan() { return open_snapshot_scan(db_->path()); }

Result<std::unique_ptr<RunRecording>> SqliteCaseStore::start_run(const RunRecord& header) {
  // One run recorded in this store at a time, whichever way it is recorded: the lease also tells
  // the recorder that any run still unfinished has died, so its rows may go.
  auto lease = RunLease::take(db_->path());
  if (!lease) return lease.error();
  auto recorder = RunRecorder::start(*db_, header, std::move(*lease));
  if (!recorder) return recorder.error();
  return std::unique_ptr<RunRecording>(std::make_unique<RunRecorder>(std::move(*recorder)));
}

Result<std::optional<StoredRun>> SqliteCaseStore::latest_run(const std::string& kind) {
  return timescales::latest_run(*db_, kind);
}

Result<std::vector<StoredTimer>> SqliteCaseStore::run_timers(int64_t run_id) {
  return timescales::run_timers(*db_, run_id);
}

Result<std::vector<RunFlag>> SqliteCaseStore::run_flags(int64_t run_id) { return timescales::run_flags(*db_, run_id); }

Result<int64_t> SqliteCaseStore::record_run(const RunRecord& run) {
  return timescales::record_run(*db_, run);
}

Status SqliteCaseStore::record_import(const ImportLogEntry& entry) {
  return timescales::record_import(*db_, entry);
}

Status SqliteCaseStore::record_rejected_rows(const std::vector<RejectedRowRecord>& rows) {
  auto tx = own_transaction(*db_);
  if (!tx) return tx.error();
  if (auto recorded = timescales::record_rejected_rows(*db_, rows); !recorded) return recorded;
  return commit(*tx);
}

Result<std::vector<RejectedRowsOfCase>> SqliteCaseStore::rejected_rows(const std::vector<std::string>& case_ids) {
  return rejected_rows_of_cases(*db_, case_ids);
}

}  // namespace timescales
