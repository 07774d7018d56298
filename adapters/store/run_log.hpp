// The record of evaluation runs: when, as of which date, under which definitions and calendars,
// each case's state and timers, and the flags raised. A recalculation compares a new run with the
// last one to say which due dates moved and which flags appeared or cleared. All SQL touching
// runs and run_* tables is in run_log.cpp.
//
// Thread-safety: free functions over a Connection the caller owns.
#pragma once

#include <optional>
#include <vector>

#include "application/store/case_records.hpp"
#include "adapters/store/sqlite_connection.hpp"

namespace timescales {

// Writes the whole run in one transaction (or inside the caller's) and returns its id: one
// run_cases row per case (its timers as a JSON array), written many rows to a statement because
// a national run has half a million of them. Afterwards only the last two runs keep their
// per-case rows (it and the last finished run before it). A RunRecorder (run_recorder.hpp) fed the whole record; a run too large to hold
// uses one directly. Fails when a case is listed twice or has two timers of one name, or a case or
// flag names a case the store does not have; inside the caller's transaction, the caller then
// rolls back.
Result<int64_t> record_run(sqlite::Connection& db, const RunRecord& run);


// Readers see finished runs only: a run being recorded a unit at a time, or one that died before
// finishing (run_recorder.hpp), is not there for them.
//
// The most recent finished run of that kind ("" for any kind), if there has been one.
Result<std::optional<StoredRun>> latest_run(sqlite::Connection& db, const std::string& kind = "");
// The timers the run recorded, as the run_timers view has them, ordered by case and timer name;
// none for a run not finished. Fails when a case's timers are not the JSON shape record_run writes
// (a hand edit).
Result<std::vector<StoredTimer>> run_timers(sqlite::Connection& db, int64_t run_id);
// The flags the run raised, by case; none for a run not finished.
Result<std::vector<RunFlag>> run_flags(sqlite::Connection& db, int64_t run_id);

}  // namespace timescales
