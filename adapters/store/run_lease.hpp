// The right to record a run incrementally in one store: at most one holder at a time, across
// processes, and released by the kernel when its holder dies. A run recorded a chunk at a time
// (run_recorder.hpp) leaves its row unfinished between its units; the lease is what tells a run
// that has died half-way (its row unfinished, no lease held) from one still going, so that the
// next run may treat the first's rows as dead and prune them.
//
// An advisory flock on "<database>-run.lock" beside the database (created owner-only, never
// removed: removing a lock file others may hold open would let two holders in). Not the database
// file itself: a second descriptor on it, once closed, would drop SQLite's own POSIX locks.
//
// Thread-safety: a lease belongs to whoever holds it; two leases of one store, on any threads or
// in any processes, exclude each other.
#pragma once

#include <filesystem>

#include "engine/core/result.hpp"

namespace timescales {

class RunLease {
 public:
  // Takes the lease of the database at `db`, or fails at once (conflict) when another holds it.
  static Result<RunLease> take(const std::filesystem::path& db);

  RunLease(RunLease&& other) noexcept;
  RunLease& operator=(RunLease&&) = delete;
  RunLease(const RunLease&) = delete;
  RunLease& operator=(const RunLease&) = delete;
  ~RunLease();  // releases it

 private:
  explicit RunLease(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace timescales
