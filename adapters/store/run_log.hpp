// The record of evaluation runs: when, as of which date, under which definitions and calendars,
// each case's state and timers, and the flags raised. A recalculation compares a new run with the
// last one to say which due dates moved and which flags appeared or cleared. All SQL touching
// runs and run_* tables is in run_log.cpp.
//
// Thread-safety: free functions over a Connection the caller owns.
#pragma once

#include <optional>
#include <vector>

#include "adapters/store/case_records.hpp"
#include "adapters/store/sqlite_connection.hpp"

namespace timescales {

// Writes the whole run in one transaction (or inside the caller's) and returns its id.
Result<int64_t> record_run(sqlite::Connection& db, const RunRecord& run);

struct StoredRun {
  int64_t id = 0;
  std::string kind;
  Date as_of{};
  std::string started_at;
  std::string finished_at;
  int64_t cases_evaluated = 0;
  int64_t flags_raised = 0;
  std::string changes_json;
  std::vector<DefinitionInForce> definitions;
};

struct StoredTimer {
  std::string case_id;
  std::string timer;
  std::string status;
  std::optional<Date> due;
};

// The most recent run of that kind ("" for any kind), if there has been one.
Result<std::optional<StoredRun>> latest_run(sqlite::Connection& db, const std::string& kind = "");
Result<std::vector<StoredTimer>> run_timers(sqlite::Connection& db, int64_t run_id);
Result<std::vector<RunFlag>> run_flags(sqlite::Connection& db, int64_t run_id);

}  // namespace timescales
