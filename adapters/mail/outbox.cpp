#include "adapters/mail/outbox.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "adapters/files/fingerprint.hpp"
#include "adapters/files/text_files.hpp"

namespace timescales::mail {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMagic = "timescales-outbox 1";


// The recipient in a header line of the outbox file: %XX for '%', controls and non-ASCII, so a
// team's name cannot break the line.
std::string percent_encode(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7F || c == '%') out += {'%', kHex[c >> 4], kHex[c & 0xF]};
    else out += static_cast<char>(c);
  }
  return out;
}

std::optional<std::string> percent_decode(const std::string& s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size() || hex(s[i + 1]) < 0 || hex(s[i + 2]) < 0) return std::nullopt;
    out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
    i += 2;
  }
  return out;
}

Status make_private_dir(const fs::path& dir) {
  std::error_code ec;
  if (fs::create_directory(dir, ec)) {
    // Only a folder made here is narrowed: the digests name cases.
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  if (ec || !fs::is_directory(dir, ec))
    return Error{ErrorKind::io, dir.string() + ": cannot create the outbox folder" + (ec ? ": " + ec.message() : "")};
  return Ok{};
}

Status fsync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Error{ErrorKind::io, dir.string() + ": " + std::strerror(errno)};
  const int synced = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (synced != 0) return Error{ErrorKind::io, dir.string() + ": fsync: " + std::strerror(err)};
  return Ok{};
}

Result<QueuedDigest> parse_queued(const std::string& text, const std::string& key, const fs::path& path) {
  auto bad = [&](const std::string& why) { return Error{ErrorKind::invalid_input, path.string() + ": not an outbox message: " + why}; };
  QueuedDigest q;
  q.key = key;
  size_t at = 0;
  auto line = [&]() -> std::optional<std::string> {
    const auto end = text.find('\n', at);
    if (end == std::string::npos) return std::nullopt;
    std::string l = text.substr(at, end - at);
    at = end + 1;
    return l;
  };
  if (line() != std::optional<std::string>(kMagic)) return bad("its first line is not \"" + std::string(kMagic) + "\"");
  for (;;) {
    auto l = line();
    if (!l) return bad("it ends in its header");
    if (l->empty()) break;
    const auto colon = l->find(": ");
    if (colon == std::string::npos) return bad("a header line without ': '");
    const std::string name = l->substr(0, colon), value = l->substr(colon + 2);
    if (name == "recipient") {
      auto decoded = percent_decode(value);
      if (!decoded || decoded->empty()) return bad("its recipient is not readable");
      q.recipient = *decoded;
    } else if (name == "as-of") {
      auto d = parse_iso_date(value);
      if (!d) return bad("its as-of date: " + d.error().message);
      q.as_of = *d;
    } else if (name == "lines") {
      q.lines = static_cast<size_t>(std::strtoull(value.c_str(), nullptr, 10));
    }
  }
  if (q.recipient.empty()) return bad("it names no recipient");
  q.content = text.substr(at);
  if (q.content.rfind("Subject: ", 0) != 0) return bad("its content does not begin with its Subject");
  const auto end = q.content.find("\r\n");
  q.subject = q.content.substr(9, end == std::string::npos ? std::string::npos : end - 9);
  return q;
}

}  // namespace

Result<Outbox> Outbox::open(const fs::path& dir, OutboxAccess access) {
  if (access == OutboxAccess::read_only) return Outbox(dir, -1, false);
  for (const auto& d : {dir, dir / "queued", dir / "sent"})
    if (auto made = make_private_dir(d); !made) return made.error();
  const fs::path lock = dir / "lock";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Error{ErrorKind::io, lock.string() + ": " + std::strerror(errno)};
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK)
      return Error{ErrorKind::conflict, dir.string() + ": another run is sending from this outbox; try again when it has finished"};
    return Error{ErrorKind::io, lock.string() + ": cannot lock: " + std::strerror(err)};
  }
  return Outbox(dir, fd, true);
}

Outbox::Outbox(Outbox&& other) noexcept
    : dir_(std::move(other.dir_)), lock_fd_(std::exchange(other.lock_fd_, -1)), writable_(other.writable_) {}

Outbox::~Outbox() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // closing the file releases the flock
}

std::string Outbox::key_for(const std::string& recipient, Date as_of) {
  std::string safe;
  for (unsigned char c : recipient) {
    if (safe.size() >= 48) break;
    safe += std::isalnum(c) || c == '-' || c == '_' ? static_cast<char>(c) : '-';
  }
  return to_iso(as_of) + "." + safe + "." + fnv1a64_hex(recipient);
}

bool Outbox::was_sent(const std::string& key) const {
  std::error_code ec;
  return fs::exists(dir_ / "sent" / (key + ".msg"), ec);
}

bool Outbox::is_queued(const std::string& key) const {
  std::error_code ec;
  return fs::exists(dir_ / "queued" / (key + ".msg"), ec);
}

Status Outbox::queue(const QueuedDigest& d) {
  if (!writable_) return Error{ErrorKind::invalid_input, dir_.string() + ": the outbox is open read-only"};
  if (was_sent(d.key)) return Error{ErrorKind::conflict, d.recipient + "'s digest of " + to_iso(d.as_of) + " was sent already"};
  std::string text = std::string(kMagic) + "\n";
  text += "recipient: " + percent_encode(d.recipient) + "\n";
  text += "as-of: " + to_iso(d.as_of) + "\n";
  text += "lines: " + std::to_string(d.lines) + "\n\n";
  text += d.content;
  if (auto written = write_file_atomically(dir_ / "queued" / (d.key + ".msg"), text, FileAccess::owner_only); !written)
    return written;
  return fsync_dir(dir_ / "queued");
}

Result<std::vector<QueuedDigest>> Outbox::queued(std::vector<Error>& unreadable) const {
  std::vector<QueuedDigest> out;
  std::error_code ec;
  const fs::path folder = dir_ / "queued";
  if (!fs::exists(folder, ec)) return out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(folder, ec))
    if (e.is_regular_file() && e.path().extension() == ".msg") files.push_back(e.path());
  if (ec) return Error{ErrorKind::io, folder.string() + ": " + ec.message()};
  std::sort(files.begin(), files.end());  // keys begin with the as-of date: oldest night first
  for (const auto& f : files) {
    auto text = read_text_file(f);
    if (!text) {
      unreadable.push_back(text.error());
      continue;
    }
    auto q = parse_queued(*text, f.stem().string(), f);
    if (!q) {
      unreadable.push_back(q.error());
      continue;
    }
    out.push_back(std::move(*q));
  }
  return out;
}

Status Outbox::mark_sent(const std::string& key) {
  if (!writable_) return Error{ErrorKind::invalid_input, dir_.string() + ": the outbox is open read-only"};
  std::error_code ec;
  fs::rename(dir_ / "queued" / (key + ".msg"), dir_ / "sent" / (key + ".msg"), ec);
  if (ec) return Error{ErrorKind::io, (dir_ / "queued" / (key + ".msg")).string() + ": cannot move to sent/: " + ec.message()};
  if (auto synced = fsync_dir(dir_ / "sent"); !synced) return synced;
  return fsync_dir(dir_ / "queued");
}

}  // namespace timescales::mail
