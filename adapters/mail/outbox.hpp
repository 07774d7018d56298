// The outbox: each night's digests wait here until the mail system has taken them, so that none
// is lost and none is sent twice, across runs and crashes.
//
//   <out>/outbox/queued/<key>.msg   waiting (written whole, owner-only, before any is sent)
//   <out>/outbox/sent/<key>.msg     accepted by the mail system (moved there after it said so)
//
// A digest's key is its recipient and as-of date ("2026-01-05.team-CIN-Widnes.<hash>"), so the
// same night run twice finds its digests already sent and queues nothing; a failed send stays
// queued and is tried again by the next run (or `timescales send`), however many nights later.
// The key also gives the message its Message-ID, the same on every try.
//
// The one window: a crash (or a lost connection) after the mail system accepted a message and
// before it was moved to sent/ leaves it queued, and the next run sends it again, with the same
// Message-ID, which a receiving mail system or client may use to drop the second copy. The move
// itself is a rename followed by an fsync of sent/, so once done it survives a power cut.
//
// Contract: an Outbox holds an exclusive lock (flock on <outbox>/lock) for its lifetime, so two
// runs (the nightly and a hand-run `send`) never send the same message at once; a second open
// while one is held is an error. A read-only outbox (for a dry run) takes no lock, creates
// nothing and cannot queue or mark.
//
// Thread-safety: one thread at a time per Outbox.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/calendar/date.hpp"
#include "engine/core/result.hpp"

namespace timescales::mail {

struct QueuedDigest {
  std::string key;
  std::string recipient;  // "team:CIN Widnes"
  Date as_of{};
  size_t lines = 0;       // the digest's lines, for what a dry run prints
  std::string subject;    // the content's Subject: header
  std::string content;    // alerts::render_digest_content's
};

enum class OutboxAccess { read_write, read_only };

class Outbox {
 public:
  // `dir` is <out>/outbox. Read-write creates it (and queued/, sent/) owner-only if missing.
  static Result<Outbox> open(const std::filesystem::path& dir, OutboxAccess access);
  Outbox(Outbox&& other) noexcept;
  Outbox& operator=(Outbox&&) = delete;
  ~Outbox();

  static std::string key_for(const std::string& recipient, Date as_of);

  bool was_sent(const std::string& key) const;
  bool is_queued(const std::string& key) const;
  // Writes (or replaces, when not yet sent) the digest under its key; never for a sent key.
  Status queue(const QueuedDigest& digest);
  // Every queued digest, oldest night first, then by key. A queued file that cannot be read
  // goes to `unreadable` as an error naming it (it stays where it is), and the rest are listed.
  Result<std::vector<QueuedDigest>> queued(std::vector<Error>& unreadable) const;
  Status mark_sent(const std::string& key);

  const std::filesystem::path& dir() const { return dir_; }

 private:
  Outbox(std::filesystem::path dir, int lock_fd, bool writable) : dir_(std::move(dir)), lock_fd_(lock_fd), writable_(writable) {}
  std::filesystem::path dir_;
  int lock_fd_ = -1;
  bool writable_ = false;
};

}  // namespace timescales::mail
