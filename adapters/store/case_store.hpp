// The case store: SQLite as the system of record for cases and every event the council ever
// told the engine.
//
// Opening creates the database if asked (owner-only, mode 0600), refuses one that others can
// read, switches on WAL (readers never block the nightly import), foreign keys and a busy
// timeout, and brings the schema up to date (schema.hpp). Events are append-only: a correction
// is a new event superseding the old one, and loading a case leaves superseded events out.
//
// Writes made through the convenience methods below each run in their own transaction unless
// the caller has begun one on connection(); bulk writers (the importer) use writer() inside a
// Transaction of their own.
//
// Thread-safety: one CaseStore per thread. Several processes may open the same file: SQLite
// serialises writers, and a writer waits up to the busy timeout for another to finish.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/store/case_records.hpp"
#include "adapters/store/case_writer.hpp"
#include "adapters/store/import_log.hpp"
#include "adapters/store/schema.hpp"
#include "adapters/store/sqlite_connection.hpp"

namespace timescales {

class CaseStore {
 public:
  enum class OpenMode { create_if_missing, must_exist };
  static constexpr int kBusyTimeoutMs = 10000;

  static Result<CaseStore> open(const std::filesystem::path& path,
                                OpenMode mode = OpenMode::must_exist);

  // The schema versions before and after opening (equal unless this open upgraded it).
  const MigrationOutcome& migration() const { return migration_; }
  sqlite::Connection& connection() { return *db_; }
  Result<CaseWriter> writer() { return CaseWriter::prepare(*db_); }

  Result<std::optional<CaseRecord>> find_case(const std::string& id);
  // Inserts, or merges into the stored case as CaseWriter::update_case does. True when anything
  // was written.
  Result<bool> upsert_case(const CaseRecord& record);
  // Fails when there is no such case.
  Status set_closed(const std::string& id, bool closed);

  // Appends an event (occurrence 1 unless told otherwise); an identical event already stored is
  // not added again and its id is returned with added = false.
  Result<AppendedEvent> append_event(const std::string& case_id, const CaseEvent& event,
                                     const EventSource& source, int occurrence = 1);
  // Records `replacement` as the correction of event `event_id`, which must belong to the same
  // case and not already be superseded. Returns the new event's id.
  Result<int64_t> supersede_event(int64_t event_id, const CaseEvent& replacement,
                                  const EventSource& source);

  // The case as the evaluator takes it: events in force (superseded ones left out) in the order
  // recorded, sequence numbered 1, 2, 3… in that order. nullopt when there is no such case.
  Result<std::optional<Case>> load_case(const std::string& id);
  // Every event of the case, superseded ones included, oldest first: its full history.
  Result<std::vector<StoredEvent>> event_history(const std::string& id);

  enum class Which { all, open };
  Result<std::vector<CaseSummary>> list_cases(Which which = Which::all);
  Result<std::vector<std::string>> open_case_ids();

  Result<int64_t> record_run(const RunRecord& run);
  Status record_import(const ImportLogEntry& entry);

 private:
  CaseStore(std::unique_ptr<sqlite::Connection> db, MigrationOutcome migration)
      : db_(std::move(db)), migration_(migration) {}
  // Boxed so that writers holding a pointer to the connection survive moving the store.
  std::unique_ptr<sqlite::Connection> db_;
  MigrationOutcome migration_;
};

}  // namespace timescales
