#include "adapters/nightly/stored_cases.hpp"

#include <algorithm>
#include <map>
#include <thread>

#include "adapters/store/bulk_case_reader.hpp"

namespace timescales::nightly {
namespace {

// What a case is assessed under, found before the work is shared out: CalendarFiles caches what
// it loads and is not for several threads, while assess_case is.
struct Plan {
  const WorkflowDefinition* definition = nullptr;
  const DivisionCalendar* division = nullptr;
};

}  // namespace

Result<StoreRunSetup> open_store_run(const std::filesystem::path& data_dir, const std::filesystem::path& db,
                                     const std::optional<std::filesystem::path>& school_calendar) {
  auto data = load_engine_data(data_dir);
  if (!data) return data.error();
  CalendarFiles calendars(data_dir);
  std::shared_ptr<const SchoolCalendar> school;
  if (school_calendar) {
    auto loaded = calendars.school(*school_calendar);
    if (!loaded) return loaded.error();
    school = *loaded;
  }
  auto store = CaseStore::open(db, CaseStore::OpenMode::must_exist);
  if (!store) return store.error();
  return StoreRunSetup{std::move(*data), std::move(calendars), std::move(school), std::move(*store)};
}

Result<StoredCaseAssessments> assess_stored_cases(CaseStore& store, const EngineData& data, CalendarFiles& calendars,
                                                  const SchoolCalendar* school, Date as_of,
                                                  const std::function<void(size_t, size_t)>& progress) {
  // One pass over the tables instead of two queries a case (bulk_case_reader.hpp).
  auto stored = BulkCaseReader::read_all(store.connection());
  if (!stored) return stored.error();
  const size_t n = stored->size();

  std::vector<Plan> plans(n);
  std::map<std::string, const DivisionCalendar*> divisions;
  for (size_t i = 0; i < n; ++i) {
    const Case& c = (*stored)[i].case_data;
    if (auto choice = data.workflows.for_case(c)) plans[i].definition = choice->definition;
    const std::string& id = plans[i].definition ? plans[i].definition->calendar : "england-and-wales";
    auto known = divisions.find(id);
    if (known == divisions.end()) {
      auto division = calendars.division(id);
      if (!division) return division.error();
      known = divisions.emplace(id, division->get()).first;
    }
    plans[i].division = known->second;
  }

  StoredCaseAssessments out;
  out.cases.resize(n);
  // Bytes, not vector<bool>: two threads writing neighbouring bits of one word would race.
  std::vector<char> closed_now(n), closed_before(n);
  // Each thread fills its own half of slots sized in advance, so the result is in store order
  // whatever the threads' timing: the output is the same with one thread or two.
  // Below a few thousand cases a second thread costs more than it saves.
  const bool two = n >= 4096 && std::thread::hardware_concurrency() >= 2;
  auto assess_range = [&](size_t begin, size_t end, bool report) {
    for (size_t i = begin; i < end; ++i) {
      StoredCase& s = (*stored)[i];
      const Plan& plan = plans[i];
      CaseAssessment a = assess_case(data.workflows, data.rules, std::move(s.case_data), as_of, {plan.division, school});
      bool closed = false;
      if (plan.definition)
        if (auto state = plan.definition->state_index(a.evaluation.state)) closed = plan.definition->states[*state].final;
      // The replay's timeline is for `timescales explain`; nothing a run writes reads it, and at
      // a million cases it is most of the memory.
      a.evaluation.timeline = {};
      out.cases[i] = std::move(a);
      closed_now[i] = closed;
      closed_before[i] = s.closed;
      // The first thread speaks for both: its half done is about the whole done.
      if (report && progress && (i - begin) % 1000 == 0) progress(std::min(n - 1, two ? 2 * (i + 1) : i + 1), n);
    }
  };
  const size_t half = two ? n / 2 : n;
  std::thread second;
  if (two) second = std::thread(assess_range, half, n, false);
  assess_range(0, half, true);
  if (second.joinable()) second.join();
  out.closed.assign(closed_now.begin(), closed_now.end());
  out.stored_closed.assign(closed_before.begin(), closed_before.end());
  if (progress && n > 0) progress(n, n);
  stored->clear();
  return out;
}

}  // namespace timescales::nightly
