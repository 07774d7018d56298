#include "adapters/import/export_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace timescales {
namespace {

constexpr size_t kBlock = size_t{4} << 20;

}  // namespace

Result<std::unique_ptr<ExportFile>> ExportFile::open(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Error{path.string() + ": no such file"};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{path.string() + ": cannot open: " + std::strerror(errno)};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    return Error{path.string() + ": cannot open: " + why};
  }
  (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::unique_ptr<ExportFile> file(new ExportFile(path, fd, static_cast<size_t>(st.st_size)));
  file->more(0);
  if (!file->status_) return file->status_.error();
  return file;
}

ExportFile::ExportFile(std::filesystem::path path, int fd, size_t expected)
    : path_(std::move(path)), fd_(fd), expected_(expected) {}

ExportFile::~ExportFile() {
  if (fd_ >= 0) ::close(fd_);
}

bool ExportFile::more(size_t keep_from) {
  // What is kept (the record being read) moves to the front; the next read is at least a
  // block, and at least as long as what is kept.
  const size_t kept = size_ - keep_from;
  if (keep_from > 0) std::memmove(data_.get(), data_.get() + keep_from, kept);
  size_ = kept;
  if (at_end_) return false;
  const size_t wanted = kept + std::max(kBlock, kept);
  if (wanted > capacity_) {
    auto bigger = std::make_unique_for_overwrite<char[]>(wanted);
    if (kept > 0) std::memcpy(bigger.get(), data_.get(), kept);
    data_ = std::move(bigger);
    capacity_ = wanted;
  }
  const size_t before = size_;
  while (size_ < wanted) {
    const ssize_t n = ::read(fd_, data_.get() + size_, wanted - size_);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n < 0) status_ = Error{path_.string() + ": read failed"};
      at_end_ = true;
      ::close(fd_);
      fd_ = -1;
      break;
    }
    size_ += static_cast<size_t>(n);
    read_ += static_cast<size_t>(n);
  }
  return status_.ok() && size_ > before;
}

}  // namespace timescales
