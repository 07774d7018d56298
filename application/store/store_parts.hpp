// The parts a case store (case_store.hpp) hands out for work longer than one call: a unit of
// work, a scan of the whole caseload, case lookups for another thread, a batch writer for
// imports, and the recording of a run. Each is an interface; the store's implementation is
// behind it.
//
// Thread-safety: each part is used by one thread at a time. A part made by snapshot_lookup() or
// snapshot_scan() has a connection of its own and may be used on another thread than the store;
// every other part shares the store's connection and its thread. No part may outlive its store.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "application/store/case_records.hpp"
#include "engine/core/result.hpp"
#include "engine/evaluate/evaluation.hpp"

namespace timescales {

// Everything done between begin() and commit() is kept together or not at all: destroying a
// unit that was not committed rolls it back.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  virtual Status commit() = 0;
};

// Every case in the store, a chunk at a time, in reference order (byte order), each with its
// events in force numbered as load_case numbers them: a national caseload is read in the memory
// of a few thousand cases.
class CaseScan {
 public:
  virtual ~CaseScan() = default;
  // Cases in the store when the scan began (for progress; the scan itself does not rely on it).
  virtual int64_t case_count() const = 0;
  // Replaces `out` with the next (at most) `limit` cases; `out` is left empty at the end. An
  // event whose date does not parse fails the scan, naming the event and the case.
  virtual Status next(std::vector<StoredCase>& out, size_t limit) = 0;
};

// Looking cases up, for an import's reading thread.
class CaseLookup {
 public:
  virtual ~CaseLookup() = default;
  virtual Result<std::optional<CaseRecord>> find_case(const std::string& id) = 0;
  // The case's events in force, oldest first (id, event, occurrence; no source or history), so
  // that an import can tell a row restating a stored event differently (a possible correction)
  // from a new event. Empty for a case the store does not have.
  virtual Result<std::vector<StoredEvent>> events_in_force(const std::string& id) = 0;
};

// Writing cases and events many rows at a time, for imports of a million rows. It neither
// begins nor commits: the caller's unit of work holds a whole file.
class CaseBatchWriter {
 public:
  // How many event rows the writer takes to a statement; an import sizes its chunks by it.
  static constexpr size_t kEventBatch = 64;

  virtual ~CaseBatchWriter() = default;

  // Whether the store holds any case at all: an import into an empty store need not look each
  // case up.
  virtual Result<bool> has_cases() = 0;
  virtual Result<std::optional<CaseRecord>> find_case(const std::string& id) = 0;
  // Merges into the stored case as CaseStore::upsert_case does. True when anything changed.
  virtual Result<bool> update_case(const CaseRecord& record, const std::string& now) = 0;
  virtual Result<bool> set_closed(const std::string& case_id, bool closed, const std::string& now) = 0;
  // Insert the rows as given; an event whose identity is already stored is skipped. An event's
  // case must exist by the end of the unit of work (Work::import) or of the call (otherwise).
  virtual Status insert_cases(const CaseRow* rows, size_t count, const std::string& now) = 0;
  virtual Status insert_events(const EventRow* rows, size_t count, const std::string& source_file,
                               const std::string& recorded_at) = 0;
  // The same, one at a time and buffered; flush_events() (cases first, then events) before
  // committing.
  virtual Status queue_case(const CaseRecord& record, const std::string& now) = 0;
  virtual Status queue_event(const std::string& case_id, const CaseEvent& event, int occurrence,
                             const EventSource& source, const std::string& recorded_at) = 0;
  virtual Status flush_events() = 0;
  // Events written through insert_events() and the queue so far, and how many of them were new.
  virtual int64_t batched_events_written() const = 0;
  virtual int64_t batched_events_added() const = 0;
};

// A run's record as the run goes: its row first, then each case's state and timers and each
// flag as they come, then its counts (CaseStore::start_run). Begun outside a unit of work, each
// call but finish() is made inside a write unit of the caller's (a chunk's worth per unit), and
// finish() marks the run finished in a unit of its own; until then, and for good if the
// recording is dropped without finish(), no reader of runs sees any of it. Begun inside the
// caller's write unit, everything is in that unit: a failure leaves the caller to roll back, and
// nothing of the run is then recorded.
class RunRecording {
 public:
  virtual ~RunRecording() = default;
  // Fails when the case was already added, or has two timers of one name; rows may be written a
  // batch at a time, so the failure may come from a later call (at the latest, finish()).
  virtual Status add_case(const RunCase& c) = 0;
  // The same as add_case(run_case_of(evaluation)), without making the RunCase.
  virtual Status add_case(const Evaluation& evaluation) = 0;
  virtual Status add_flag(const RunFlag& f) = 0;
  // Lets a run drop, chunk by chunk, the per-case rows that runs before the last two hold for
  // cases first_case..last_case; finish() drops whatever is left.
  virtual Status prune_cases(std::string_view first_case, std::string_view last_case) = 0;
  // Writes what is pending, the counts and the finish time, marking the run finished (in the
  // caller's unit of work if one is open, else in one of its own); returns the run's id. Call once.
  virtual Result<int64_t> finish() = 0;
};

}  // namespace timescales
