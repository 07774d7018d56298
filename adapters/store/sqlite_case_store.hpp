// The case store in SQLite: one file, for a council on one machine (the README's demo and the
// nightly run), implementing application/store/case_store.hpp. All of the SQL is in
// adapters/store/; nothing outside this folder includes SQLite.
//
// Opening creates the database if asked (owner-only, mode 0600), refuses one that others can
// read, switches on WAL (readers never block the nightly import), foreign keys and a busy
// timeout, and brings the schema up to date (schema.hpp).
//
// Units of work are SQLite transactions: write units BEGIN IMMEDIATE (the write lock up front,
// so two importers queue on the busy timeout instead of one failing half-way); Work::import
// defers foreign-key checks to the commit; Work::run_record switches them off for the unit (every
// row it writes names the run's committed row or a case the run read, and cases are never
// deleted). The snapshot parts (snapshot_scan, snapshot_lookup) read through a second, read-only
// connection: under WAL it sees the last commit when it began, for as long as it is kept, while
// this connection (or any other) commits.
//
// A waiting writer retries every millisecond for up to the busy timeout (sqlite_connection.hpp),
// so that it gets in between a nightly run's short units. A run recorded a unit at a time holds
// the store's run lease (run_lease.hpp, "<file>-run.lock") from start_run to finish.
//
// Thread-safety: one SqliteCaseStore per thread; the snapshot parts may go to another thread.
// Several processes may open the same file: SQLite serialises writers, and a writer waits up to
// the busy timeout for another to finish.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/store/case_writer.hpp"
#include "adapters/store/schema.hpp"
#include "adapters/store/sqlite_connection.hpp"
#include "application/store/case_store.hpp"

namespace timescales {

class SqliteCaseStore final : public CaseStore {
 public:
  enum class OpenMode { create_if_missing, must_exist };
  static constexpr int kBusyTimeoutMs = 10000;

  static Result<SqliteCaseStore> open(const std::filesystem::path& path,
                                      OpenMode mode = OpenMode::must_exist);

  // The schema versions before and after opening (equal unless this open upgraded it).
  const MigrationOutcome& migration() const { return migration_; }
  // For the SQLite store's own tests and tools (schema checks); nothing else uses it.
  sqlite::Connection& connection() { return *db_; }
  Result<CaseWriter> writer() { return CaseWriter::prepare(*db_); }

  std::string location() const override { return db_->path().string(); }
  Result<std::unique_ptr<UnitOfWork>> begin(Work work = Work::write) override;
  bool in_unit_of_work() const override { return db_->in_transaction(); }

  Result<std::optional<CaseRecord>> find_case(const std::string& id) override;
  Result<bool> upsert_case(const CaseRecord& record) override;
  Status replace_case_details(const CaseRecord& record) override;
  Status set_closed(const std::string& id, bool closed) override;
  Result<AppendedEvent> append_event(const std::string& case_id, const CaseEvent& event,
                                     const EventSource& source, int occurrence = 1) override;
  Result<int64_t> supersede_event(int64_t event_id, const CaseEvent& replacement,
                                  const EventSource& source, const std::string& reason = "") override;
  Status void_event(int64_t event_id, const std::string& reason) override;
  Result<std::optional<std::string>> case_of_event(int64_t event_id) override;
  Result<std::map<std::string, int64_t>> events_by_source() override;
  Result<std::optional<Case>> load_case(const std::string& id) override;
  Result<std::vector<StoredEvent>> event_history(const std::string& id) override;

  Result<std::vector<CaseSummary>> list_cases(Which which = Which::all) override;
  Result<std::vector<std::string>> open_case_ids() override;
  Result<std::vector<CaseRecord>> find_cases(const CaseFilter& filter) override;

  Result<std::unique_ptr<CaseBatchWriter>> batch_writer() override;
  Result<std::unique_ptr<CaseLookup>> snapshot_lookup() override;
  Result<std::unique_ptr<CaseScan>> scan() override;
  Result<std::unique_ptr<CaseScan>> snapshot_scan() override;

  Result<std::unique_ptr<RunRecording>> start_run(const RunRecord& header) override;
  Result<int64_t> record_run(const RunRecord& run) override;
  Result<std::optional<StoredRun>> latest_run(const std::string& kind = "") override;
  Result<std::vector<StoredTimer>> run_timers(int64_t run_id) override;
  Result<std::vector<RunFlag>> run_flags(int64_t run_id) override;
  Status record_import(const ImportLogEntry& entry) override;
  Status record_rejected_rows(const std::vector<RejectedRowRecord>& rows) override;
  Result<std::vector<RejectedRowsOfCase>> rejected_rows(const std::vector<std::string>& case_ids = {}) override;

 private:
  SqliteCaseStore(std::unique_ptr<sqlite::Connection> db, MigrationOutcome migration)
      : db_(std::move(db)), migration_(migration) {}
  // Boxed so that writers holding a pointer to the connection survive moving the store.
  std::unique_ptr<sqlite::Connection> db_;
  MigrationOutcome migration_;
};

}  // namespace timescales
