#include "adapters/store/sqlite_store_parts.hpp"

#include <optional>

#include "adapters/store/bulk_case_reader.hpp"
#include "adapters/store/case_writer.hpp"
#include "adapters/store/sqlite_case_store.hpp"
#include "adapters/store/sqlite_statement.hpp"
#include "adapters/store/sqlite_transaction.hpp"

namespace timescales {
namespace {

// A transaction as a unit of work. For Work::run_record the connection's foreign-key checks are
// off for the unit: the setting can change only outside a transaction, so it is switched before
// BEGIN and back after the transaction has ended, whichever way it ends.
class SqliteUnitOfWork final : public UnitOfWork {
 public:
  static Result<std::unique_ptr<UnitOfWork>> begin(sqlite::Connection& db, CaseStore::Work work) {
    const bool unchecked = work == CaseStore::Work::run_record;
    if (unchecked)
      if (auto off = db.exec("PRAGMA foreign_keys = OFF"); !off) return off.error();
    auto tx = sqlite::Transaction::begin(
        db, work == CaseStore::Work::read ? sqlite::Transaction::Kind::deferred : sqlite::Transaction::Kind::immediate);
    if (!tx) {
      if (unchecked) (void)db.exec("PRAGMA foreign_keys = ON");
      return tx.error();
    }
    std::unique_ptr<SqliteUnitOfWork> unit(new SqliteUnitOfWork(db, std::move(*tx), unchecked));
    // Cases and their events are written in separate batches; checking the events' foreign key
    // at the commit lets the batches go in any order and still refuses an event without its case.
    if (work == CaseStore::Work::import)
      if (auto deferred = db.exec("PRAGMA defer_foreign_keys = ON"); !deferred) return deferred.error();
    return std::unique_ptr<UnitOfWork>(std::move(unit));
  }
  ~SqliteUnitOfWork() override {
    tx_.reset();  // rolls back unless committed
    if (unchecked_) (void)db_.exec("PRAGMA foreign_keys = ON");
  }
  Status commit() override {
    if (!tx_) return Error{"the unit of work has already ended"};
    auto committed = tx_->commit();
    tx_.reset();
    return committed;
  }

 private:
  SqliteUnitOfWork(sqlite::Connection& db, sqlite::Transaction tx, bool unchecked)
      : db_(db), tx_(std::move(tx)), unchecked_(unchecked) {}
  sqlite::Connection& db_;
  std::optional<sqlite::Transaction> tx_;
  bool unchecked_;
};

// A read-only connection of its own, in one read transaction, so that every read through it sees
// one commit: the last one when it began.
Result<sqlite::Connection> snapshot_connection(const std::filesystem::path& path) {
  auto opened = sqlite::Connection::open(path, sqlite::Connection::Mode::read_only);
  if (!opened) return opened.error();
  opened->set_busy_timeout(SqliteCaseStore::kBusyTimeoutMs);
  return std::move(*opened);
}

class SnapshotLookup final : public CaseLookup {
 public:
  static Result<std::unique_ptr<CaseLookup>> open(const std::filesystem::path& path) {
    auto db = snapshot_connection(path);
    if (!db) return db.error();
    std::unique_ptr<SnapshotLookup> lookup(new SnapshotLookup(std::move(*db)));
    auto read = sqlite::Transaction::begin(lookup->db_, sqlite::Transaction::Kind::deferred);
    if (!read) return read.error();
    lookup->read_.emplace(std::move(*read));
    auto writer = CaseWriter::prepare(lookup->db_);
    if (!writer) return writer.error();
    lookup->lookup_.emplace(std::move(*writer));
    return std::unique_ptr<CaseLookup>(std::move(lookup));
  }
  Result<std::optional<CaseRecord>> find_case(const std::string& id) override { return lookup_->find_case(id); }

  Result<std::vector<StoredEvent>> events_in_force(const std::string& id) override {
    if (!events_) {
      auto prepared = db_.prepare(R"sql(
SELECT e.id, e.type, e.date, e.reason, e.occurrence FROM events e
WHERE e.case_id = ?1 AND NOT EXISTS (SELECT 1 FROM events s WHERE s.supersedes = e.id)
  AND NOT EXISTS (SELECT 1 FROM event_amendments v WHERE v.event_id = e.id AND v.kind = 'voided')
ORDER BY e.id
)sql");
      if (!prepared) return prepared.error();
      events_.emplace(std::move(*prepared));
    }
    sqlite::Statement& s = *events_;
    s.bind(1, id);
    std::vector<StoredEvent> out;
    while (true) {
      auto row = s.step();
      if (!row) {
        s.reset();
        return row.error();
      }
      if (!*row) break;
      StoredEvent e;
      e.id = s.column_int(0);
      e.case_id = id;
      e.event.type = s.column_text(1);
      auto date = parse_iso_date(s.column_text(2));
      if (!date) {
        s.reset();
        return Error{"case '" + id + "': event " + std::to_string(e.id) + ": " + date.error().message};
      }
      e.event.date = *date;
      e.event.reason = s.column_text(3);
      e.occurrence = static_cast<int>(s.column_int(4));
      out.push_back(std::move(e));
    }
    s.reset();
    return out;
  }

 private:
  explicit SnapshotLookup(sqlite::Connection db) : db_(std::move(db)) {}
  // Declared in the order they are made; destroyed in reverse, statements first.
  sqlite::Connection db_;
  std::optional<sqlite::Transaction> read_;
  std::optional<CaseWriter> lookup_;
  std::optional<sqlite::Statement> events_;
};

class ConnectionScan final : public CaseScan {
 public:
  explicit ConnectionScan(BulkCaseReader reader) : reader_(std::move(reader)) {}
  int64_t case_count() const override { return reader_.case_count(); }
  Status next(std::vector<StoredCase>& out, size_t limit) override { return reader_.next(out, limit); }

 private:
  BulkCaseReader reader_;
};

// The scan's read ends when it is destroyed: the nightly run lets it go before committing, since
// an open read would keep the commit's checkpoint from passing it.
class SnapshotScan final : public CaseScan {
 public:
  static Result<std::unique_ptr<CaseScan>> open(const std::filesystem::path& path) {
    auto db = snapshot_connection(path);
    if (!db) return db.error();
    std::unique_ptr<SnapshotScan> scan(new SnapshotScan(std::move(*db)));
    auto read = sqlite::Transaction::begin(*scan->db_, sqlite::Transaction::Kind::deferred);
    if (!read) return read.error();
    scan->read_.emplace(std::move(*read));
    auto reader = BulkCaseReader::open(*scan->db_);
    if (!reader) return reader.error();
    scan->reader_.emplace(std::move(*reader));
    return std::unique_ptr<CaseScan>(std::move(scan));
  }
  int64_t case_count() const override { return reader_->case_count(); }
  Status next(std::vector<StoredCase>& out, size_t limit) override { return reader_->next(out, limit); }

 private:
  explicit SnapshotScan(sqlite::Connection db) : db_(std::make_unique<sqlite::Connection>(std::move(db))) {}
  std::unique_ptr<sqlite::Connection> db_;  // boxed: the reader holds its address
  std::optional<sqlite::Transaction> read_;
  std::optional<BulkCaseReader> reader_;
};

}  // namespace

Result<std::unique_ptr<UnitOfWork>> begin_unit_of_work(sqlite::Connection& db, CaseStore::Work work) {
  return SqliteUnitOfWork::begin(db, work);
}

Result<std::unique_ptr<CaseScan>> scan_connection(sqlite::Connection& db) {
  auto reader = BulkCaseReader::open(db);
  if (!reader) return reader.error();
  return std::unique_ptr<CaseScan>(std::make_unique<ConnectionScan>(std::move(*reader)));
}

Result<std::unique_ptr<CaseScan>> open_snapshot_scan(const std::filesystem::path& path) { return SnapshotScan::open(path); }

Result<std::unique_ptr<CaseLookup>> open_snapshot_lookup(const std::filesystem::path& path) {
  return SnapshotLookup::open(path);
}

}  // namespace timescales
