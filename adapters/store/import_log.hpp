// One row per export file imported, written in the same transaction as its events, so the log
// says exactly what each night's import added (and a rolled-back import leaves no trace).
//
// Thread-safety: free functions over a Connection the caller owns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "adapters/store/sqlite_connection.hpp"

namespace timescales {

struct ImportLogEntry {
  std::string file_name;  // name only, as in events.source_file
  int64_t file_bytes = 0;
  std::optional<std::string> mapping;  // the mapping file's name, when one was used
  std::string imported_at;
  int64_t rows = 0;
  int64_t new_events = 0;
  int64_t duplicates = 0;
  int64_t ignored = 0;
  int64_t rejected = 0;
};

Status record_import(sqlite::Connection& db, const ImportLogEntry& entry);

}  // namespace timescales
