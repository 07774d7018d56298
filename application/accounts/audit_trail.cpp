#include "application/accounts/audit_trail.hpp"

#include <vector>

namespace timescales {

AuditTrail::AuditTrail(std::unique_ptr<AccountStore> store, Limits limits)
    : store_(std::move(store)), limits_(limits), writer_([this] { write_batches(); }) {}

AuditTrail::~AuditTrail() { (void)close(); }

Status AuditTrail::record(AuditEntry entry, Wait wait) {
  std::unique_lock lock(mutex_);
  if (closing_) return Error{ErrorKind::io, "the audit log is closed"};
  if (failing_) return Error{failing_->kind, "the audit log cannot be written: " + failing_->message};
  if (queue_.size() >= limits_.max_queued &&
      !changed_.wait_for(lock, limits_.wait_for_room, [&] { return queue_.size() < limits_.max_queued || closing_; }))
    return Error{ErrorKind::busy, "the audit log is behind: try again shortly"};
  if (closing_) return Error{ErrorKind::io, "the audit log is closed"};
  queue_.push_back(std::move(entry));
  const uint64_t seq = ++queued_through_;
  changed_.notify_all();
  if (wait == Wait::queued) return Ok{};
  return wait_for(lock, seq);
}

Status AuditTrail::flush() {
  std::unique_lock lock(mutex_);
  return wait_for(lock, queued_through_);
}

Status AuditTrail::wait_for(std::unique_lock<std::mutex>& lock, uint64_t seq) {
  // A failure before the wait began is not this wait's answer: the line may be written yet.
  const uint64_t failures_before = failures_;
  changed_.wait(lock, [&] {
    return written_through_ >= seq || (failures_ != failures_before && failed_through_ >= seq) || closed_;
  });
  if (written_through_ >= seq) return Ok{};
  if (failing_) return Error{failing_->kind, "the audit log cannot be written: " + failing_->message};
  return Error{ErrorKind::io, "the audit log closed before the line was written"};
}

void AuditTrail::write_batches() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return !queue_.empty() || closing_; });
    if (queue_.empty()) break;  // closing, and nothing left
    std::vector<AuditEntry> batch(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
    queue_.clear();
    const uint64_t last = queued_through_;
    changed_.notify_all();  // room in the queue
    lock.unlock();
    Status written = store_->record_audits(batch);
    lock.lock();
    if (written) {
      written_through_ = last;
      failing_.reset();
      changed_.notify_all();
      continue;
    }
    // Kept, in order, ahead of anything queued meanwhile; the waiters told; tried again soon
    // (or at once, once, when closing).
    failing_ = written.error();
    failed_through_ = last;
    ++failures_;
    queue_.insert(queue_.begin(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
    changed_.notify_all();
    if (closing_) break;
    changed_.wait_for(lock, limits_.retry_after, [&] { return closing_; });
  }
  closed_ = true;
  changed_.notify_all();
}

Status AuditTrail::close() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    changed_.notify_all();
  }
  if (writer_.joinable()) writer_.join();
  std::lock_guard lock(mutex_);
  if (queue_.empty()) return Ok{};
  return Error{ErrorKind::io, std::to_string(queue_.size()) + " audit line(s) could not be written" +
                                  (failing_ ? ": " + failing_->message : std::string())};
}

}  // namespace timescales
