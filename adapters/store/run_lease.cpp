#include "adapters/store/run_lease.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace timescales {

Result<RunLease> RunLease::take(const std::filesystem::path& db) {
  const std::filesystem::path lock = db.string() + "-run.lock";
  // 0600 as the database is: umask may narrow it, never widen it.
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Error{ErrorKind::io, lock.string() + ": cannot open the run lock: " + std::strerror(errno)};
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK)
      return Error{ErrorKind::conflict,
                   db.string() + ": another run is being recorded in this store; try again when it has finished"};
    return Error{ErrorKind::io, lock.string() + ": cannot lock: " + std::strerror(err)};
  }
  return RunLease(fd);
}

RunLease::RunLease(RunLease&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

RunLease::~RunLease() {
  if (fd_ >= 0) ::close(fd_);  // closing the file releases the flock
}

}  // namespace timescales
