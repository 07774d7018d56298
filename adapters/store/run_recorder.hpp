// Writing one run's record as the run goes: the run's row, then each case's state and timers and
// each flag as they come, then the run's counts. A national nightly run cannot hold every case's
// record until the end, and would take seconds to write them all after it; this lets it write a
// chunk's while the next is read and assessed. record_run (run_log.hpp) is a recorder fed a
// whole RunRecord.
//
// The run's row is unfinished (finished_at '') until finish() marks it finished, and readers of
// runs (run_log.hpp) see finished runs only. So a run may be recorded in two ways:
// - whole, inside the caller's transaction (open when start() is called): nothing of it is seen
//   before the commit, and a failure leaves the caller to roll back;
// - a unit at a time (no transaction open at start()): start() commits the unfinished row in a
//   transaction of its own, the caller writes the cases and flags in short write transactions of
//   its own (the nightly run: one a chunk), and finish() marks the run finished in one more.
//   Between them other writers get in; a run that dies half-way leaves an unfinished row, which
//   is never read, and whose per-case rows the next run prunes.
// A run recorded a unit at a time holds the store's RunLease (run_lease.hpp) from start() to
// finish(): that is how the next run knows an unfinished row without a holder to be dead.
//
// Thread-safety: one thread at a time, and never at the same time as anything else using the
// connection (SQLite connections are not shared between threads here). Other statements may run
// on it between calls: the recorder's pending rows are its own until it writes them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "application/store/case_records.hpp"
#include "application/store/store_parts.hpp"
#include "adapters/store/run_lease.hpp"
#include "adapters/store/sqlite_connection.hpp"
#include "adapters/store/sqlite_statement.hpp"
#include "engine/evaluate/evaluation.hpp"

namespace timescales {

class RunRecorder final : public RunRecording {
 public:
  // Inserts the run's row, unfinished (kind, as_of, started_at, definitions, changes_json of
  // `header`; its cases and flags are not read), with no cases yet: inside the transaction open on
  // `db`, or, when none is, in one of its own, committed before this returns. `lease`, when given,
  // is kept until finish(): holding it, the recorder prunes the rows of runs left unfinished too.
  static Result<RunRecorder> start(sqlite::Connection& db, const RunRecord& header,
                                   std::optional<RunLease> lease = std::nullopt);

  RunRecorder(RunRecorder&&) noexcept;
  RunRecorder& operator=(RunRecorder&&) = delete;
  ~RunRecorder() override;

  // Fails when the case was already added, or has two timers of one name; written a batch at a
  // time, so the failure may come from a later call (at the latest, finish()).
  Status add_case(const RunCase& c) override;
  // The same as add_case(run_case_of(evaluation)), without making the RunCase: a national run
  // adds half a million cases.
  Status add_case(const Evaluation& evaluation) override;
  Status add_flag(const RunFlag& f) override;

  // Deletes the per-case rows that runs other than this one and the last finished before it hold
  // for cases first_case..last_case (by reference): finished runs before those two, and, with the
  // lease held, runs left unfinished. Lets a run spread the pruning over its chunks instead of
  // doing it all at its end; finish() deletes whatever is left.
  Status prune_cases(std::string_view first_case, std::string_view last_case) override;

  // Writes what is pending and the run's counts (cases and flags added) and finish time
  // (finished_at of the header, or now), marking the run finished, and prunes what prune_cases()
  // would have for every case: in the transaction open on the connection, or in one of its own.
  // Releases the lease. Call once; the recorder is done with afterwards.
  Result<int64_t> finish() override;

 private:
  class CaseRows;
  RunRecorder(sqlite::Connection& db, int64_t run_id, std::string finished_at, sqlite::Statement insert_flag);
  // The runs whose per-case rows this run prunes (runs_to_prune_), found by a seek each.
  Status find_runs_to_prune();

  sqlite::Connection& db_;
  int64_t run_id_;
  std::string finished_at_;
  sqlite::Statement insert_flag_;
  std::unique_ptr<CaseRows> rows_;
  std::optional<RunLease> lease_;       // held from start() to finish() when given
  std::vector<int64_t> runs_to_prune_;  // runs with per-case rows to lose, newest first
  std::optional<sqlite::Statement> prune_range_;
  int64_t cases_ = 0;
  int64_t flags_ = 0;
};

}  // namespace timescales
