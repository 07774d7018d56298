#include "adapters/files/text_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

namespace timescales {

Result<std::string> read_text_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Error{path.string() + ": no such file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path.string() + ": cannot open: " + std::strerror(errno)};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{path.string() + ": read failed"};
  return text.str();
}

Result<StagedFile> StagedFile::stage(const std::filesystem::path& path, const std::string& text,
                                     FileAccess access) {
  const std::filesystem::path temp = path.string() + ".tmp-" + std::to_string(::getpid());
  const mode_t mode = access == FileAccess::owner_only ? 0600 : 0644;
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return Error{temp.string() + ": cannot create: " + std::strerror(errno)};
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return Error{temp.string() + ": write failed: " + why};
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temp.c_str());
    return Error{temp.string() + ": could not be flushed to disk"};
  }
  return StagedFile(path, temp);
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : path_(std::move(other.path_)), temp_(std::exchange(other.temp_, {})) {}

StagedFile::~StagedFile() {
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

Status StagedFile::place() {
  if (temp_.empty()) return Error{path_.string() + ": already placed"};
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    return Error{path_.string() + ": cannot replace: " + why};  // the destructor removes the temporary
  }
  temp_.clear();
  return Ok{};
}

Status write_file_atomically(const std::filesystem::path& path, const std::string& text,
                             FileAccess access) {
  auto staged = StagedFile::stage(path, text, access);
  if (!staged) return staged.error();
  return staged->place();
}

std::filesystem::path default_data_dir() {
  if (const char* env = std::getenv("TIMESCALES_DATA"); env && *env) return env;
  return TIMESCALES_DEFAULT_DATA_DIR;
}

}  // namespace timescales
