// Reading and writing whole text files, with errors as values.
//
// Writes go to a temporary file beside the target and are renamed over it, so a reader (or a
// crash) never sees half a file. Files holding case data are created owner-only (0600).
//
// Thread-safety: no shared state; each staged file has a temporary of its own, so two writers of
// the same path never share one; the last rename wins.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "engine/core/result.hpp"

namespace timescales {

Result<std::string> read_text_file(const std::filesystem::path& path);

enum class FileAccess { shared_readable, owner_only };
Status write_file_atomically(const std::filesystem::path& path, const std::string& text,
                             FileAccess access = FileAccess::shared_readable);

// A file written in full (and flushed to disk) under a temporary name beside its path, put in
// place by place(): several files can be made ready while something else is still under way and
// replace their predecessors only once it has succeeded (the nightly run's outputs, after its
// record is committed). Dropped without place(), the temporary file is removed and the file at
// `path` is as it was. write_file_atomically is stage() then place().
class StagedFile {
 public:
  static Result<StagedFile> stage(const std::filesystem::path& path, const std::string& text,
                                  FileAccess access = FileAccess::shared_readable);
  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile();

  const std::filesystem::path& path() const { return path_; }
  // Renames the temporary over `path`; once only.
  Status place();

 private:
  StagedFile(std::filesystem::path path, std::filesystem::path temp) : path_(std::move(path)), temp_(std::move(temp)) {}
  std::filesystem::path path_;
  std::filesystem::path temp_;  // empty once placed (or moved from)
};

// Removes from `folder` (not its subfolders) the temporaries StagedFile left behind when its
// process was killed before place() or its destructor ran: files named "<name>.tmp-<pid>-<n>"
// whose process is gone, owned by this user and owner-only, as StagedFile makes them. A
// temporary of a process still running (another run writing into the same folder) is left
// alone, and so is any other file. Returns the paths removed. (A process id
// the system has since given to another process keeps its file until a later call.)
Result<std::vector<std::filesystem::path>> remove_abandoned_staged_files(const std::filesystem::path& folder);

// Refuses, naming it, a path that two of the staged files would be placed at: the second place()
// would silently replace the first. For a run to check all its outputs before it commits to them.
Status refuse_shared_paths(std::initializer_list<const std::vector<StagedFile>*> parts);

// The folder holding the shipped rules/ and workflows/: $TIMESCALES_DATA if set, else the source
// tree this program was built from.
std::filesystem::path default_data_dir();

}  // namespace timescales
