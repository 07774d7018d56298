// The case store: the system of record for cases and every event the council ever told the
// engine, and the record of each evaluation run. This is the interface every store implements:
// SQLite (adapters/store/sqlite_case_store.hpp) today; the contract suite in tests/store/contract/
// is what any other (PostgreSQL) must pass. Nothing outside a store's own implementation knows
// which database it is.
//
// The contract:
// - Events are append-only. A correction is a new event superseding the old one; a void says an
//   event was recorded in error and nothing takes its place. Both keep the old event in the
//   history with the reason given; neither leaves it in force. An event is corrected or voided
//   at most once (a second attempt is a conflict).
// - An event's identity is (case, type, date, reason, occurrence): appending an event already
//   stored adds nothing and says so, which makes imports idempotent.
// - Work is done in units of work (begin()): everything in one is committed together or not at
//   all, and a unit that ends without commit() is rolled back whole. A convenience method called
//   outside a unit of work runs in a unit of its own.
// - A scan sees one consistent store from its first case to its last, whatever is written
//   meanwhile by others.
// - A run is recorded under a row of its own that readers of runs (latest_run, run_timers,
//   run_flags, and so the reports and recalculations) see only once the run is finished. A
//   nightly run records itself a unit at a time (start_run), so that it holds the store for
//   writing only a chunk at a time and never for its whole length; a run that dies half-way is
//   never read, and the next run prunes what it left. One run is recorded at a time.
// - Failures are Errors with a kind (engine/core/result.hpp): not_found for a case or event that
//   is not there, conflict for a write that contradicts what is stored, busy when another writer
//   held the store for longer than the store waits (its busy timeout), io for the rest.
//
// Busy is a value, never a crash, and never what a user should read: nothing of the failed call
// or of its unit of work was written, so the caller retries the whole unit (or the convenience
// call), from its beginning, a few times with a short pause (the server: up to about a second in
// all, then "try again" in the user's words, never "database is locked"). A store waits on its
// own first: a write beside a nightly run waits at most one of the run's units, well under a
// second (tests/nightly/nightly_concurrency_test.cpp); an import holds the store for its file.
//
// Thread-safety: one CaseStore per thread, except where a method says otherwise. Several
// processes may open one store; their writers queue.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "application/store/case_records.hpp"
#include "application/store/store_parts.hpp"
#include "engine/core/result.hpp"

namespace timescales {

// Which cases a search of the caseload reads, by what the store holds of each case (the engine's
// view of a case — its state and clocks — is worked out afterwards, by the caseload search).
// An empty field matches every case.
struct CaseFilter {
  std::string workflow;
  std::string team;
  std::string owner;
  std::string cohort;  // the `cohort` attribute ("child_in_care")
  bool open_only = true;
  std::vector<std::string> workflows;  // any of these (a role's scope); with `workflow`, both hold
};

class CaseStore {
 public:
  enum class Which { all, open };
  // What a unit of work is for. Each is a write unit except `read`.
  enum class Work {
    read,        // reads that must agree with one another
    write,       // an ordinary change
    import,      // cases and their events may be written in either order: references between
                 // them are checked when the unit commits, not row by row
    run_record,  // a part of a run's record, whose rows name only the run (started before) and
                 // cases the run read: a store may skip checking those references (half a million
                 // rows a night; cases are never deleted)
  };

  virtual ~CaseStore() = default;

  // Where the store is, for messages ("demo.db").
  virtual std::string location() const = 0;

  // --- Units of work ------------------------------------------------------------------------
  // A write unit takes the store for writing at once, so that it cannot fail half-way for
  // another writer having come in meanwhile. Units do not nest.
  virtual Result<std::unique_ptr<UnitOfWork>> begin(Work work = Work::write) = 0;
  virtual bool in_unit_of_work() const = 0;

  // --- One case -----------------------------------------------------------------------------
  virtual Result<std::optional<CaseRecord>> find_case(const std::string& id) = 0;
  // Inserts, or merges into the stored case: the workflow is replaced, attributes are merged key
  // by key (a key the record lacks keeps its stored value), and version, owner and team are
  // replaced when given. True when anything was written.
  virtual Result<bool> upsert_case(const CaseRecord& record) = 0;
  // Replaces the stored case's attributes, owner and team with the record's (workflow, version
  // and closed are kept). Fails (not_found) when there is no such case.
  virtual Status replace_case_details(const CaseRecord& record) = 0;
  // Fails (not_found) when there is no such case.
  virtual Status set_closed(const std::string& id, bool closed) = 0;

  // Appends an event (occurrence 1 unless told otherwise); an identical event already stored is
  // not added again and its id is returned with added = false.
  virtual Result<AppendedEvent> append_event(const std::string& case_id, const CaseEvent& event,
                                             const EventSource& source, int occurrence = 1) = 0;
  // Records `replacement` as the correction of event `event_id`, which must belong to the same
  // case and be in force. `reason` (why it was wrong) is kept with the history when given.
  // Returns the new event's id.
  virtual Result<int64_t> supersede_event(int64_t event_id, const CaseEvent& replacement,
                                          const EventSource& source, const std::string& reason = "") = 0;
  // Takes event `event_id`, which must be in force, out of force: it was recorded in error.
  // `reason` is required.
  virtual Status void_event(int64_t event_id, const std::string& reason) = 0;
  // The case event `event_id` belongs to, in force or not; nullopt when there is no such event.
  // (Event ids are unique across the store, so an officer can name an event by its id alone.)
  virtual Result<std::optional<std::string>> case_of_event(int64_t event_id) = 0;

  // The case as the evaluator takes it: events in force in the order recorded, sequence
  // numbered 1, 2, 3… in that order. nullopt when there is no such case.
  virtual Result<std::optional<Case>> load_case(const std::string& id) = 0;
  // Every event of the case, corrected and voided ones included, oldest first: its history.
  virtual Result<std::vector<StoredEvent>> event_history(const std::string& id) = 0;

  // --- The caseload -------------------------------------------------------------------------
  virtual Result<std::vector<CaseSummary>> list_cases(Which which = Which::all) = 0;
  virtual Result<std::vector<std::string>> open_case_ids() = 0;
  // The cases matching `filter`, by reference.
  virtual Result<std::vector<CaseRecord>> find_cases(const CaseFilter& filter) = 0;
  // How many events (in force or not) came from each source: "command line", "demo", an export's
  // file name. Tells a demonstration store from one holding a council's cases.
  virtual Result<std::map<std::string, int64_t>> events_by_source() = 0;

  // --- Bulk paths ---------------------------------------------------------------------------
  // Writes through statements prepared once, for imports; inside the caller's write unit.
  virtual Result<std::unique_ptr<CaseBatchWriter>> batch_writer() = 0;
  // Case lookups of the store as last committed, through a connection of the lookup's own, so
  // another thread may use it while this store writes. Inside a write unit begun before, that is
  // exactly what the unit saw when it began.
  virtual Result<std::unique_ptr<CaseLookup>> snapshot_lookup() = 0;
  // Every case with its events in force, a chunk at a time, in reference order (byte order):
  // scan() on this store's own connection (inside a unit of work for one consistent view);
  // snapshot_scan() through a connection of its own, seeing the store as last committed for its
  // whole length, so another thread may read while this store records.
  virtual Result<std::unique_ptr<CaseScan>> scan() = 0;
  virtual Result<std::unique_ptr<CaseScan>> snapshot_scan() = 0;

  // --- The run log and the import log -------------------------------------------------------
  // Starts recording a run: its row first, unfinished, so not yet read by latest_run and the
  // rest. Called outside a unit of work, the row is committed at once and the run is recorded a
  // unit at a time: the caller writes its cases, flags and prunings inside write units of its own
  // (Work::run_record, each short), and finish() marks it finished in one more. Called inside the
  // caller's write unit, everything goes in that unit. Fails (conflict) while another run
  // started so is being recorded in the store, in any process. A run whose recording ends without
  // finish() — an error, a crash — stays unfinished, is never read, and its per-case rows are
  // pruned by the next run.
  virtual Result<std::unique_ptr<RunRecording>> start_run(const RunRecord& header) = 0;
  // Records a whole run in its own unit of work (or the caller's) and returns its id.
  virtual Result<int64_t> record_run(const RunRecord& run) = 0;
  // The most recent finished run of that kind ("" for any kind), if there has been one.
  virtual Result<std::optional<StoredRun>> latest_run(const std::string& kind = "") = 0;
  // The timers the run recorded, ordered by case and timer name; none while it is unfinished.
  virtual Result<std::vector<StoredTimer>> run_timers(int64_t run_id) = 0;
  // The flags the run raised, by case; none while it is unfinished.
  virtual Result<std::vector<RunFlag>> run_flags(int64_t run_id) = 0;
  virtual Status record_import(const ImportLogEntry& entry) = 0;
  // Rows an import rejected, against their cases (which need not be stored: a case's only row
  // may be the one rejected). In the caller's unit of work, so a rolled-back import keeps none.
  virtual Status record_rejected_rows(const std::vector<RejectedRowRecord>& rows) = 0;
  // Each case's latest day of rejected rows, for the cases named (none named: every case that
  // has any), in reference order; a case without rejected rows is left out.
  virtual Result<std::vector<RejectedRowsOfCase>> rejected_rows(const std::vector<std::string>& case_ids = {}) = 0;
};

}  // namespace timescales
