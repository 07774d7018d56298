// Writing one run's record as the run goes: the run's row, then each case's state and timers and
// each flag as they come, then the run's counts. A national nightly run cannot hold every case's
// record until the end, and would take seconds to write them all after it; this lets it write a
// chunk's while the next is read and assessed. record_run (run_log.hpp) is a recorder fed a
// whole RunRecord.
//
// Inside the caller's transaction, which must be open on the connection: a failure leaves the
// caller to roll back, and nothing of the run is then recorded.
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
#include "adapters/store/sqlite_connection.hpp"
#include "adapters/store/sqlite_statement.hpp"
#include "engine/evaluate/evaluation.hpp"

namespace timescales {

class RunRecorder final : public RunRecording {
 public:
  // Inserts the run's row (kind, as_of, started_at, definitions, changes_json of `header`; its
  // cases and flags are not read) with no cases yet.
  static Result<RunRecorder> start(sqlite::Connection& db, const RunRecord& header);

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

  // Deletes the per-case rows that runs before the last two (this one and the one before) hold
  // for cases first_case..last_case (by reference). Lets a run spread the pruning over its
  // chunks instead of doing it all at its end; finish() deletes whatever is left.
  Status prune_cases(std::string_view first_case, std::string_view last_case) override;

  // Writes what is pending and the run's counts (cases and flags added) and finish time
  // (finished_at of the header, or now), and prunes the per-case rows of runs before the last
  // two. Call once; the recorder is done with afterwards.
  Result<int64_t> finish() override;

 private:
  class CaseRows;
  RunRecorder(sqlite::Connection& db, int64_t run_id, std::string finished_at, sqlite::Statement insert_flag);

  sqlite::Connection& db_;
  int64_t run_id_;
  std::string finished_at_;
  sqlite::Statement insert_flag_;
  std::unique_ptr<CaseRows> rows_;
  int64_t oldest_kept_ = 0;             // runs before this one lose their per-case rows
  std::vector<int64_t> runs_to_prune_;  // those that have any, newest first
  std::optional<sqlite::Statement> prune_range_;
  int64_t cases_ = 0;
  int64_t flags_ = 0;
};

}  // namespace timescales
