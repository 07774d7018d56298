// Recalculation when the rules of time change: a newly announced bank holiday, a new workflow
// version, an edited rule. Every open case is assessed again and compared with the last recorded
// run, case by case: which due dates moved, which statuses changed, which flags appeared or
// cleared. The recalculation is itself recorded as a run, so the next one compares with it.
//
// Give it the last run's as-of date to see only what the change moved; a later date also shows
// what the passing days changed.
//
// Thread-safety: one at a time per database.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "application/store/case_records.hpp"
#include "engine/core/result.hpp"

namespace timescales::nightly {

struct DueDateMove {
  std::string timer;
  std::optional<Date> before, after;
  std::string status_before, status_after;
};

struct CaseChanges {
  std::string case_id;
  std::vector<DueDateMove> moved;      // due date or status changed
  std::vector<RunFlag> flags_raised;   // new since the last run
  std::vector<RunFlag> flags_cleared;  // gone since the last run
};

struct RecalcOutcome {
  int64_t compared_with_run = 0;
  Date compared_as_of{};
  int64_t run_id = 0;
  size_t cases = 0;
  std::vector<CaseChanges> changes;  // only the cases where something changed
};

struct RecalcOptions {
  std::filesystem::path data_dir;
  std::filesystem::path db;
  std::optional<Date> as_of;  // default: the last run's
  std::optional<std::filesystem::path> school_calendar;
};

Result<RecalcOutcome> run_recalc(const RecalcOptions& options);

std::string render_recalc(const RecalcOutcome& outcome);  // for people
std::string recalc_json(const RecalcOutcome& outcome);    // for scripts, and the run record

}  // namespace timescales::nightly
