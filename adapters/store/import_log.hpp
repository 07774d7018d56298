// One row per export file imported, written in the same transaction as its events, so the log
// says exactly what each night's import added (and a rolled-back import leaves no trace).
//
// Thread-safety: free functions over a Connection the caller owns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "adapters/store/sqlite_connection.hpp"
#include "application/store/case_records.hpp"

namespace timescales {

Status record_import(sqlite::Connection& db, const ImportLogEntry& entry);

}  // namespace timescales
