#include "adapters/files/text_files.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

namespace timescales {

Result<std::string> read_text_file(const std::filesystem::path& path) {
  // Says what is actually wrong: a folder, a file that cannot be looked at (permission denied on
  // its folder), or a file that is not there.
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::none) return Error{path.string() + ": " + ec.message()};
  if (std::filesystem::is_directory(status)) return Error{path.string() + ": is a folder, not a file"};
  if (!std::filesystem::exists(status)) return Error{path.string() + ": no such file"};
  if (!std::filesystem::is_regular_file(status)) return Error{path.string() + ": not a regular file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path.string() + ": cannot open: " + std::strerror(errno)};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{path.string() + ": read failed"};
  return text.str();
}

Result<StagedFile> StagedFile::stage(const std::filesystem::path& path, const std::string& text,
                                     FileAccess access) {
  // A name of its own beside the target, created exclusively (O_EXCL): two files staged for one
  // path, by one process (the process id and a counter) or by two, never share a temporary, and
  // a leftover of a crashed run is stepped over rather than reused. Beside the target so that
  // place() is a rename within one file system; the mode is narrowed by the umask as usual.
  static std::atomic<unsigned long> staged_count{0};
  const mode_t mode = access == FileAccess::owner_only ? 0600 : 0644;
  std::filesystem::path temp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    temp = path.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(staged_count++);
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0 && errno != EEXIST) break;
  }
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

namespace {

// The process id in a temporary's name ("report.html.tmp-4242-7" → 4242), if it is one.
std::optional<pid_t> staged_by(const std::string& file_name) {
  const auto at = file_name.rfind(".tmp-");
  if (at == std::string::npos || at == 0) return std::nullopt;
  const std::string rest = file_name.substr(at + 5);
  const auto dash = rest.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == rest.size() || dash > 9) return std::nullopt;
  auto digits = [](std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(std::string_view(rest).substr(0, dash)) || !digits(std::string_view(rest).substr(dash + 1)))
    return std::nullopt;
  return static_cast<pid_t>(std::stol(rest.substr(0, dash)));
}

}  // namespace

Result<std::vector<std::filesystem::path>> remove_abandoned_staged_files(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> removed;
  std::error_code ec;
  std::filesystem::directory_iterator entries(folder, ec);
  if (ec) return Error{ErrorKind::io, folder.string() + ": cannot list: " + ec.message()};
  for (const auto& entry : entries) {
    if (!entry.is_regular_file(ec)) continue;
    const auto pid = staged_by(entry.path().filename().string());
    // kill(pid, 0) sends nothing: ESRCH says there is no such process. EPERM (another user's
    // process) is a live process, and its file is not ours to remove.
    if (!pid || *pid <= 0 || *pid == ::getpid() || ::kill(*pid, 0) == 0 || errno != ESRCH) continue;
    // Only what StagedFile would have made: this user's, owner-only (the output folder may be a
    // shared one, /tmp even, holding others' files of a similar name).
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) != 0 || st.st_uid != ::geteuid() || (st.st_mode & 077) != 0) continue;
    if (::unlink(entry.path().c_str()) != 0 && errno != ENOENT)
      return Error{ErrorKind::io, entry.path().string() + ": cannot remove: " + std::strerror(errno)};
    removed.push_back(entry.path());
  }
  return removed;
}

Status refuse_shared_paths(std::initializer_list<const std::vector<StagedFile>*> parts) {
  std::set<std::filesystem::path> seen;
  for (const auto* part : parts)
    for (const auto& file : *part)
      if (!seen.insert(file.path().lexically_normal()).second)
        return Error{file.path().string() + ": two of the files staged would be placed at this one path"};
  return Ok{};
}

std::filesystem::path default_data_dir() {
  if (const char* env = std::getenv("TIMESCALES_DATA"); env && *env) return env;
  return TIMESCALES_DEFAULT_DATA_DIR;
}

}  // namespace timescales
