#include "adapters/nightly/stored_cases.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "adapters/store/open_case_store.hpp"
#include "application/calendars/case_calendars.hpp"

namespace timescales::nightly {
namespace {

// What a case is assessed under, found before the work is shared out: CalendarFiles caches what
// it loads and is not for several threads, while assess_case is.
struct Plan {
  const WorkflowDefinition* definition = nullptr;
  const DivisionCalendar* division = nullptr;
  const SchoolCalendar* school = nullptr;
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
  auto opened = open_case_store(db.string(), StoreOpening::must_exist);
  if (!opened) return opened.error();
  return StoreRunSetup{std::move(*data), std::move(calendars), std::move(school), std::move(opened->store)};
}

namespace {

// Finds each case's workflow version and calendars (case_calendars.hpp), on the calling thread
// (CalendarFiles caches what it loads and is not for several threads). Most cases of a chunk
// share a workflow and name no calendar of their own: those take the workflow's, found once.
Result<std::vector<Plan>> plan_chunk(const std::vector<StoredCase>& chunk, const EngineData& data,
                                     CalendarFiles& calendars, const std::shared_ptr<const SchoolCalendar>& school,
                                     std::map<const WorkflowDefinition*, CaseCalendars>& by_workflow) {
  std::vector<Plan> plans(chunk.size());
  for (size_t i = 0; i < chunk.size(); ++i) {
    const Case& c = chunk[i].case_data;
    if (auto choice = data.workflows.for_case(c)) plans[i].definition = choice->definition;
    const bool own = c.attributes.count(kDivisionAttribute) || c.attributes.count(kSchoolCalendarAttribute);
    auto known = by_workflow.find(plans[i].definition);
    if (own || known == by_workflow.end()) {
      auto chosen = calendars_for_case(c, plans[i].definition, calendars, school);
      if (!chosen) return chosen.error();
      if (own) {
        // The calendars stay alive in CalendarFiles' caches for the whole run.
        plans[i].division = chosen->working.get();
        plans[i].school = chosen->school.get();
        continue;
      }
      known = by_workflow.emplace(plans[i].definition, std::move(*chosen)).first;
    }
    plans[i].division = known->second.working.get();
    plans[i].school = known->second.school.get();
  }
  return plans;
}

// Assesses the chunk's cases into their slots of `out`, taking them a block at a time from
// `next_case`, which the threads sharing the chunk share: a thread slowed by the reader (or by
// anything else on the machine) takes fewer blocks, instead of the others waiting for its half.
void assess_shared(std::vector<StoredCase>& chunk, const std::vector<Plan>& plans, const EngineData& data,
                   Date as_of, AssessedChunk& out, std::atomic<size_t>& next_case) {
  constexpr size_t kBlock = 64;
  for (;;) {
    const size_t begin = next_case.fetch_add(kBlock);
    if (begin >= chunk.size()) return;
    const size_t end = std::min(chunk.size(), begin + kBlock);
    for (size_t i = begin; i < end; ++i) {
      StoredCase& s = chunk[i];
      const Plan& plan = plans[i];
      CaseAssessment a = assess_case(data.workflows, data.rules, std::move(s.case_data), as_of,
                                     {plan.division, plan.school}, Timeline::leave_out);
      bool closed = false;
      if (plan.definition)
        if (auto state = plan.definition->state_index(a.evaluation.state)) closed = plan.definition->states[*state].final;
      out.cases[i] = std::move(a);
      out.closed[i] = closed;
      out.stored_closed[i] = s.closed;
      out.working[i] = plan.division;
    }
  }
}

}  // namespace

Status for_each_assessed_chunk(CaseScan& reader, const EngineData& data, CalendarFiles& calendars,
                               const std::shared_ptr<const SchoolCalendar>& school, Date as_of,
                               const std::function<Status(AssessedChunk&)>& visit,
                               const std::function<void(size_t, size_t)>& progress, size_t cases_per_chunk) {
  const size_t total = static_cast<size_t>(reader.case_count());
  std::map<const WorkflowDefinition*, CaseCalendars> by_workflow;
  // Three stages overlap: while two threads assess chunk k, one reads chunk k+1 and another
  // visits chunk k-1 (and frees it). SQLite, the assessment and the caller's fold then share both
  // cores instead of taking turns. Each case has its own slot and chunks are visited one at a time
  // in order, so the output is in store order whatever the timing.
  const bool two = std::thread::hardware_concurrency() >= 2;
  std::vector<StoredCase> chunk, next;
  if (auto read = reader.next(chunk, cases_per_chunk); !read) return read.error();
  std::thread visiting;
  Status visited = Ok{};
  size_t done = 0;
  auto finish_visit = [&]() -> Status {
    if (visiting.joinable()) visiting.join();
    return visited;
  };
  while (!chunk.empty()) {
    auto plans = plan_chunk(chunk, data, calendars, school, by_workflow);
    if (!plans) {
      (void)finish_visit();
      return plans.error();
    }
    Status read_next = Ok{};
    std::thread reading([&] { read_next = reader.next(next, cases_per_chunk); });
    auto assessed = std::make_unique<AssessedChunk>();
    const size_t n = chunk.size();
    assessed->cases.resize(n);
    assessed->closed.resize(n);
    assessed->stored_closed.resize(n);
    assessed->working.resize(n);
    std::atomic<size_t> next_case{0};
    std::thread second;
    // Below a few thousand cases a second assessing thread costs more than it saves.
    if (two && n >= 2048)
      second = std::thread([&] { assess_shared(chunk, *plans, data, as_of, *assessed, next_case); });
    assess_shared(chunk, *plans, data, as_of, *assessed, next_case);
    if (second.joinable()) second.join();
    const Status previous = finish_visit();
    if (previous)
      visiting = std::thread([&visit, &visited, mine = std::move(assessed)]() mutable {
        visited = visit(*mine);
        mine.reset();  // freed here, off the assessing threads' path
      });
    reading.join();
    if (!previous) return previous;
    if (!read_next) {
      (void)finish_visit();
      return read_next;
    }
    chunk.clear();
    done += n;
    if (progress) progress(done, std::max(done, total));
    std::swap(chunk, next);
  }
  if (auto last = finish_visit(); !last) return last;
  return Ok{};
}

Result<StoredCaseAssessments> assess_stored_cases(CaseStore& store, const EngineData& data, CalendarFiles& calendars,
                                                  const std::shared_ptr<const SchoolCalendar>& school, Date as_of,
                                                  const std::function<void(size_t, size_t)>& progress) {
  std::unique_ptr<UnitOfWork> snapshot;
  if (!store.in_unit_of_work()) {
    auto begun = store.begin(CaseStore::Work::read);
    if (!begun) return begun.error();
    snapshot = std::move(*begun);
  }
  auto scan = store.scan();
  if (!scan) return scan.error();
  StoredCaseAssessments out;
  auto read = for_each_assessed_chunk(
      **scan, data, calendars, school, as_of,
      [&](AssessedChunk& chunk) -> Status {
        for (size_t i = 0; i < chunk.cases.size(); ++i) {
          out.cases.push_back(std::move(chunk.cases[i]));
          out.closed.push_back(chunk.closed[i] != 0);
          out.stored_closed.push_back(chunk.stored_closed[i] != 0);
        }
        return Ok{};
      },
      progress);
  if (!read) return read.error();
  scan->reset();
  if (snapshot)
    if (auto ended = snapshot->commit(); !ended) return ended.error();
  return out;
}

}  // namespace timescales::nightly
