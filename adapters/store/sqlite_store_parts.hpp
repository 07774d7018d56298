// The SQLite store's parts (application/store/store_parts.hpp): a transaction as a unit of work,
// and the scans and lookups, on the store's own connection or on a read-only one of their own.
//
// The snapshot parts open a second, read-only connection and hold one read transaction on it:
// under WAL it sees the last commit for as long as it lives, which, while the store's own
// connection holds the write lock, is what that connection's unit saw when it began. They may be
// used on another thread than the store.
//
// Thread-safety: as store_parts.hpp says of each part.
#pragma once

#include <filesystem>
#include <memory>

#include "adapters/store/sqlite_connection.hpp"
#include "application/store/case_store.hpp"

namespace timescales {

// A transaction: BEGIN DEFERRED for Work::read, else BEGIN IMMEDIATE; Work::import defers
// foreign-key checks to the commit; Work::run_record switches them off for the unit.
Result<std::unique_ptr<UnitOfWork>> begin_unit_of_work(sqlite::Connection& db, CaseStore::Work work);
Result<std::unique_ptr<CaseScan>> scan_connection(sqlite::Connection& db);
Result<std::unique_ptr<CaseScan>> open_snapshot_scan(const std::filesystem::path& path);
Result<std::unique_ptr<CaseLookup>> open_snapshot_lookup(const std::filesystem::path& path);

}  // namespace timescales
