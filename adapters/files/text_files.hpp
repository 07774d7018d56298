// Reading and writing whole text files, with errors as values.
//
// Writes go to a temporary file beside the target and are renamed over it, so a reader (or a
// crash) never sees half a file. Files holding case data are created owner-only (0600).
//
// Thread-safety: no shared state; two writers of the same path race, last rename wins.
#pragma once

#include <filesystem>
#include <string>

#include "engine/core/result.hpp"

namespace timescales {

Result<std::string> read_text_file(const std::filesystem::path& path);

enum class FileAccess { shared_readable, owner_only };
Status write_file_atomically(const std::filesystem::path& path, const std::string& text,
                             FileAccess access = FileAccess::shared_readable);

// The folder holding the shipped rules/ and workflows/: $TIMESCALES_DATA if set, else the source
// tree this program was built from.
std::filesystem::path default_data_dir();

}  // namespace timescales
