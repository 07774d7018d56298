// The audit log as a server writes it: lines from every request thread, written by a thread of
// the trail's own, as many as are waiting in one transaction.
//
// Why not a commit per line: every read of a case is audited, and a synced commit costs about
// 2 ms (WAL, synchronous=FULL), so one per request would cap the server near 450 audited reads
// a second, and each read would also wait behind whatever else holds the store's write lock (a
// nightly run's write units). Batched, a read waits for nothing.
//
// What a caller is promised:
//   Wait::until_written  returns once the line is committed, or with the error that stopped it
//                        (a write's line: the request is not answered as done until it is).
//   Wait::queued         returns once the line is queued; it is committed within one batch, a
//                        few milliseconds (a read's line). If the process is killed in those
//                        milliseconds, the line is lost: the price of not waiting.
// While the store refuses the lines (a full disk, a lock held for longer than the store's busy
// timeout), they are kept and retried every second, and every record() returns the error: a
// server that cannot audit answers no request that must be audited. The queue is bounded: when
// it is full, record() waits up to 5 seconds for room, then returns a busy error.
//
// Thread-safety: record() and flush() from any number of threads; close() once, after the
// threads that record have stopped (the destructor closes).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "application/accounts/account_store.hpp"

namespace timescales {

class AuditTrail {
 public:
  enum class Wait { queued, until_written };

  struct Limits {
    size_t max_queued = 100'000;
    std::chrono::milliseconds wait_for_room{5000};
    std::chrono::milliseconds retry_after{1000};
  };

  // `store` is the trail's own connection, used only by its thread.
  explicit AuditTrail(std::unique_ptr<AccountStore> store) : AuditTrail(std::move(store), Limits{}) {}
  AuditTrail(std::unique_ptr<AccountStore> store, Limits limits);
  ~AuditTrail();
  AuditTrail(const AuditTrail&) = delete;
  AuditTrail& operator=(const AuditTrail&) = delete;

  Status record(AuditEntry entry, Wait wait);
  // Returns once every line queued before the call is committed (or the error that stops them).
  Status flush();
  // Writes what is queued and stops the thread. The error says how many lines could not be
  // written (the store refused them until the end); Ok when none was lost.
  Status close();

 private:
  void write_batches();
  // Waits (lock held) until line `seq` is committed or a batch holding it has failed.
  Status wait_for(std::unique_lock<std::mutex>& lock, uint64_t seq);

  std::unique_ptr<AccountStore> store_;
  Limits limits_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<AuditEntry> queue_;
  uint64_t queued_through_ = 0;   // the number of the last line queued (lines count from 1)
  uint64_t written_through_ = 0;  // every line up to this one is committed
  uint64_t failed_through_ = 0;   // the last line of the last batch that failed
  uint64_t failures_ = 0;         // batches that failed, ever
  std::optional<Error> failing_;  // the store's refusal, until a batch is written again
  bool closing_ = false;
  bool closed_ = false;
  std::thread writer_;
};

}  // namespace timescales
