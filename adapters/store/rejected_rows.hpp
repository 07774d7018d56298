// Rows an import rejected, kept against their cases (schema version 5): written in the import's
// transaction, read by the nightly's digests and `case show`.
//
// Thread-safety: free functions over a Connection the caller owns.
#pragma once

#include <string>
#include <vector>

#include "adapters/store/sqlite_connection.hpp"
#include "application/store/case_records.hpp"

namespace timescales {

Status record_rejected_rows(sqlite::Connection& db, const std::vector<RejectedRowRecord>& rows);
// See CaseStore::rejected_rows.
Result<std::vector<RejectedRowsOfCase>> rejected_rows_of_cases(sqlite::Connection& db,
                                                               const std::vector<std::string>& case_ids);

}  // namespace timescales
