#include "adapters/store/case_store.hpp"

#include "adapters/store/owner_only_file.hpp"
#include "adapters/store/run_log.hpp"
#include "adapters/store/sqlite_statement.hpp"
#include "adapters/store/sqlite_transaction.hpp"
#include "adapters/store/timestamps.hpp"

namespace timescales {
namespace {

// "In force" = not superseded by a later correction.
constexpr const char* kEventsInForce = R"sql(
SELECT e.id, e.type, e.date, e.reason FROM events e
WHERE e.case_id = ?1 AND NOT EXISTS (SELECT 1 FROM events s WHERE s.supersedes = e.id)
ORDER BY e.id
)sql";

constexpr const char* kEventHistory = R"sql(
SELECT e.id, e.type, e.date, e.reason, e.occurrence, e.source_file, e.source_row, e.recorded_at,
       e.supersedes, (SELECT s.id FROM events s WHERE s.supersedes = e.id)
FROM events e WHERE e.case_id = ?1 ORDER BY e.id
)sql";

constexpr const char* kEventForCorrection = R"sql(
SELECT e.case_id, e.type, e.date, (SELECT s.id FROM events s WHERE s.supersedes = e.id)
FROM events e WHERE e.id = ?1
)sql";

constexpr const char* kListCases = R"sql(
SELECT c.id, c.workflow, c.closed, c.updated_at, count(e.id), max(e.date)
FROM cases c
LEFT JOIN events e
  ON e.case_id = c.id AND NOT EXISTS (SELECT 1 FROM events s WHERE s.supersedes = e.id)
WHERE ?1 = 0 OR c.closed = 0
GROUP BY c.id
ORDER BY c.id
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

Status configure(sqlite::Connection& db) {
  db.set_busy_timeout(CaseStore::kBusyTimeoutMs);
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

Result<CaseStore> CaseStore::open(const std::filesystem::path& path, OpenMode mode) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
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
  return CaseStore{std::move(connection), *migrated};
}

Result<std::optional<CaseRecord>> CaseStore::find_case(const std::string& id) {
  auto w = writer();
  if (!w) return w.error();
  return w->find_case(id);
}

Result<bool> CaseStore::upsert_case(const CaseRecord& record) {
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

Status CaseStore::set_closed(const std::string& id, bool closed) {
  auto w = writer();
  if (!w) return w.error();
  auto existing = w->find_case(id);
  if (!existing) return existing.error();
  if (!*existing) return Error{"no case '" + id + "' in " + db_->path().string()};
  auto set = w->set_closed(id, closed, utc_timestamp_now());
  if (!set) return set.error();
  return Ok{};
}

Result<AppendedEvent> CaseStore::append_event(const std::string& case_id, const CaseEvent& event,
                                              const EventSource& source, int occurrence) {
  auto w = writer();
  if (!w) return w.error();
  auto appended = w->append_event(case_id, event, occurrence, source, utc_timestamp_now());
  if (!appended) return appended.error();
  if (!appended->added) {
    auto existing = w->find_event(case_id, event, occurrence);
    if (!existing) return existing.error();
    appended->id = existing->value_or(0);
  }
  return appended;
}

Result<int64_t> CaseStore::supersede_event(int64_t event_id, const CaseEvent& replacement,
                                           const EventSource& source) {
  auto tx = own_transaction(*db_);
  if (!tx) return tx.error();
  auto original = db_->prepare(kEventForCorrection);
  if (!original) return original.error();
  original->bind(1, event_id);
  auto found = original->step();
  if (!found) return found.error();
  if (!*found) return Error{"there is no event " + std::to_string(event_id) + " to correct"};
  const std::string case_id = original->column_text(0);
  if (!original->column_is_null(3)) {
    return Error{"event " + std::to_string(event_id) + " was already corrected by event " +
                 std::to_string(original->column_int(3)) + "; correct that one instead"};
  }
  original->reset();

  auto w = writer();
  if (!w) return w.error();
  // A correction may restate an event identical to one in force, so it takes the next free
  // occurrence rather than colliding with (and being swallowed as) a duplicate.
  auto occurrence = w->next_occurrence(case_id, replacement);
  if (!occurrence) return occurrence.error();
  auto appended =
      w->append_event(case_id, replacement, *occurrence, source, utc_timestamp_now(), event_id);
  if (!appended) return appended.error();
  if (!appended->added) return Error{"the correction of event " + std::to_string(event_id) +
                                     " could not be recorded"};
  if (auto committed = commit(*tx); !committed) return committed.error();
  return appended->id;
}

Result<std::optional<Case>> CaseStore::load_case(const std::string& id) {
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
  }
  return std::optional<Case>{std::move(c)};
}

Result<std::vector<StoredEvent>> CaseStore::event_history(const std::string& id) {
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
    e.occurrence = static_cast<int>(stmt->column_int(4));
    e.source.file = stmt->column_text(5);
    if (!stmt->column_is_null(6)) e.source.row = stmt->column_int(6);
    e.recorded_at = stmt->column_text(7);
    if (!stmt->column_is_null(8)) e.supersedes = stmt->column_int(8);
    if (!stmt->column_is_null(9)) e.superseded_by = stmt->column_int(9);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<CaseSummary>> CaseStore::list_cases(Which which) {
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

Result<std::vector<std::string>> CaseStore::open_case_ids() {
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

Result<int64_t> CaseStore::record_run(const RunRecord& run) {
  return timescales::record_run(*db_, run);
}

Status CaseStore::record_import(const ImportLogEntry& entry) {
  return timescales::record_import(*db_, entry);
}

}  // namespace timescales
