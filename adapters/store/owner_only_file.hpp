// The case database holds children's personal data, so it is created readable by its owner alone
// (mode 0600) and refused when anyone else can read or write it.
//
// SQLite would create the file with the process umask (usually 0644); instead the empty file is
// created here with open(2) and mode 0600, which SQLite then treats as an empty database. SQLite's
// unix VFS gives the -wal and -shm files the main file's mode, so they follow it.
//
// Thread-safety: free functions; no shared state.
#pragma once

#include <filesystem>

#include "engine/core/result.hpp"

namespace timescales {

// Creates an empty file with mode 0600 (O_EXCL: fails if it already exists) and verifies the
// mode the filesystem actually gave it.
Status create_owner_only_file(const std::filesystem::path& path);

// Refuses a file that grants any permission to its group or to others.
Status check_owner_only(const std::filesystem::path& path);

}  // namespace timescales
