// Assessing every case in the store, as the nightly run and a recalculation both do: load each
// case, pick its workflow version and calendars (case_calendars.hpp: the case's own division and
// school calendar, else its workflow's division and the run's school calendar), assess it, and
// say whether it is now closed (in a final state of its workflow).
//
// Thread-safety: one call at a time per CaseStore and per CaseScan.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "adapters/files/calendar_files.hpp"
#include "adapters/files/engine_data.hpp"
#include "application/store/case_store.hpp"
#include "engine/rules/case_assessment.hpp"

namespace timescales::nightly {

// What a run over the store needs: the engine's definitions, the calendars, the school calendar
// if one was given, and the open store. Loaded together so a run fails before it writes anything.
struct StoreRunSetup {
  EngineData data;
  CalendarFiles calendars;
  std::shared_ptr<const SchoolCalendar> school;
  std::unique_ptr<CaseStore> store;
};

Result<StoreRunSetup> open_store_run(const std::filesystem::path& data_dir, const std::filesystem::path& db,
                                     const std::optional<std::filesystem::path>& school_calendar);

// A chunk of assessed cases, in store order.
struct AssessedChunk {
  std::vector<CaseAssessment> cases;
  std::vector<char> closed;         // parallel to `cases`: in a final state as of this assessment
  std::vector<char> stored_closed;  // parallel: what the store said before
  std::vector<const DivisionCalendar*> working;  // parallel: the division each was assessed in
};

inline constexpr size_t kCasesPerChunk = 8192;

// Assesses every case in the store, a chunk at a time in store order, and hands each chunk to
// `visit`, which may move out of it; the chunk is dropped when `visit` returns. However large the
// caseload, three chunks are held: one being visited, one assessed, one read. Stops at the first
// error, from the store or from `visit`. `visit` is called once a chunk, in store order, never
// twice at once, but on a thread of its own while the next chunk is assessed: it must not use
// anything the caller's thread changes meanwhile, nor the connection the cases are read through.
//
// The cases are read from `scan`, on a thread of its own: a snapshot scan (CaseStore::
// snapshot_scan) leaves the store itself to `visit`, which the nightly run records each chunk
// through as it passes.
//
// The replay's timeline (for `timescales explain`) is dropped from each evaluation: nothing a run
// writes reads it, and it is most of a case's memory.
Status for_each_assessed_chunk(CaseScan& scan, const EngineData& data, CalendarFiles& calendars,
                               const std::shared_ptr<const SchoolCalendar>& school, Date as_of,
                               const std::function<Status(AssessedChunk&)>& visit,
                               const std::function<void(size_t, size_t)>& progress = {},
                               size_t cases_per_chunk = kCasesPerChunk);

struct StoredCaseAssessments {
  std::vector<CaseAssessment> cases;
  std::vector<bool> closed;         // parallel to `cases`: in a final state as of this assessment
  std::vector<bool> stored_closed;  // parallel: what the store said before
};

// Every case at once, read in one transaction (a consistent view of the store): for a council's
// caseload (recalc, evaluate --db). A national run uses for_each_assessed_chunk.
Result<StoredCaseAssessments> assess_stored_cases(CaseStore& store, const EngineData& data, CalendarFiles& calendars,
                                                  const std::shared_ptr<const SchoolCalendar>& school, Date as_of,
                                                  const std::function<void(size_t, size_t)>& progress = {});

}  // namespace timescales::nightly
