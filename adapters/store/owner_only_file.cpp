#include "adapters/store/owner_only_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace timescales {
namespace {

std::string octal(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

}  // namespace

Status create_owner_only_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Error{path.string() + ": cannot create: " + std::strerror(errno)};
  // The umask can only remove bits from 0600, but an ACL-inheriting directory could add some.
  if (::fchmod(fd, 0600) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    return Error{path.string() + ": cannot make owner-only: " + why};
  }
  ::close(fd);
  return check_owner_only(path);
}

Status check_owner_only(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return Error{path.string() + ": " + std::strerror(errno)};
  if ((st.st_mode & 077) != 0) {
    return Error{path.string() + " is open to other users (mode " + octal(st.st_mode) +
                 "); it holds children's personal data: make it owner-only with chmod 600"};
  }
  return Ok{};
}

}  // namespace timescales
