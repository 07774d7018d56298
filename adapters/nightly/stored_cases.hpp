// Assessing every case in the store, as the nightly run and a recalculation both do: load each
// case, pick its workflow version and calendar, assess it, and say whether it is now closed (in a
// final state of its workflow).
//
// Thread-safety: uses the store's connection; one call at a time per CaseStore.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "adapters/files/calendar_files.hpp"
#include "adapters/files/engine_data.hpp"
#include "adapters/store/case_store.hpp"
#include "engine/rules/case_assessment.hpp"

namespace timescales::nightly {

// What a run over the store needs: the engine's definitions, the calendars, the school calendar
// if one was given, and the open store. Loaded together so a run fails before it writes anything.
struct StoreRunSetup {
  EngineData data;
  CalendarFiles calendars;
  std::shared_ptr<const SchoolCalendar> school;
  CaseStore store;
};

Result<StoreRunSetup> open_store_run(const std::filesystem::path& data_dir, const std::filesystem::path& db,
                                     const std::optional<std::filesystem::path>& school_calendar);

struct StoredCaseAssessments {
  std::vector<CaseAssessment> cases;
  std::vector<bool> closed;         // parallel to `cases`: in a final state as of this assessment
  std::vector<bool> stored_closed;  // parallel: what the store said before
};

Result<StoredCaseAssessments> assess_stored_cases(CaseStore& store, const EngineData& data, CalendarFiles& calendars,
                                                  const SchoolCalendar* school, Date as_of,
                                                  const std::function<void(size_t, size_t)>& progress = {});

}  // namespace timescales::nightly
