// The nightly run beside the server (issue 13, "Working beside the nightly run"): both use one
// store, and an officer's write during the run must go through within a second, never meeting
// "database is locked". The run records itself a chunk at a time under a row marked finished at
// its end (adapters/nightly/nightly_run.cpp), so these tests check, on a store a few thousand
// cases strong:
// - a writer on a connection of its own, with a busy timeout of 1000 ms, records events one
//   after another through the whole run, and every one succeeds;
// - the run still reads one consistent store (what was there when it began) and its record is
//   exactly what a quiet run records; the events written meanwhile are in the store afterwards;
// - while the run goes, readers of runs see yesterday's run, and a run killed half-way is never
//   what latest_run returns; the next run prunes what it left.
// No timing is asserted: success under the 1 s busy timeout is the assertion.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "adapters/demo/demo_caseload.hpp"
#include "adapters/files/engine_data.hpp"
#include "adapters/nightly/nightly_run.hpp"
#include "adapters/store/sqlite_case_store.hpp"
#include "adapters/store/sqlite_transaction.hpp"
#include "adapters/store/timestamps.hpp"
#include "application/cases/case_register.hpp"
#include "tests/nightly/nightly_support.hpp"

namespace fs = std::filesystem;
using namespace timescales;
using timescales::test::TempDir;

namespace {

const fs::path kData = TIMESCALES_SOURCE_DIR;
const Date kAsOf = *parse_iso_date("2026-11-22");
// Twenty councils of the demo's size (some 46,000 cases), 256 cases to a unit: some 180 units, a
// run of a few seconds in the default (RelWithDebInfo) build. Under the sanitizers, whose builds
// run these tests ten to a hundred times slower, two councils' worth in units of 32: as many
// units, so as many gaps for the writer, in a tenth of the cases.
#ifdef TIMESCALES_SANITIZED
constexpr double kScale = 2.0;
constexpr size_t kCasesPerUnit = 32;
#else
constexpr double kScale = 20.0;
constexpr size_t kCasesPerUnit = 256;
#endif

// A store holding the demo caseload at kScale, as `timescales demo` makes one.
void make_store(const fs::path& db) {
  auto store = SqliteCaseStore::open(db, SqliteCaseStore::OpenMode::create_if_missing);
  REQUIRE(store.ok());
  auto tx = sqlite::Transaction::begin(store->connection());
  REQUIRE(tx.ok());
  auto writer = store->writer();
  REQUIRE(writer.ok());
  const std::string now = utc_timestamp_now();
  Status queued = Ok{};
  for (const auto& c : demo::generate_demo_caseload({kAsOf, 4, kScale, 20261122})) {
    CaseRecord record{c.id, c.workflow, c.workflow_version, c.attributes, std::nullopt, std::nullopt, false, {}, {}};
    if (auto team = c.attributes.find("team"); team != c.attributes.end()) record.team = team->second;
    if (queued) queued = writer->queue_case(record, now);
    for (const auto& e : c.events)
      if (queued) queued = writer->queue_event(c.id, e, 1, {"demo", std::nullopt}, now);
  }
  REQUIRE(queued.ok());
  REQUIRE(writer->flush_events().ok());
  REQUIRE(tx->commit().ok());
}

nightly::NightlyOptions options(const fs::path& db, const fs::path& out) {
  nightly::NightlyOptions o;
  o.data_dir = kData;
  o.db = db;
  o.out = out;
  o.as_of = kAsOf;
  o.cases_per_chunk = kCasesPerUnit;
  return o;
}

SqliteCaseStore open_store(const fs::path& db) {
  auto store = SqliteCaseStore::open(db);
  REQUIRE(store.ok());
  return std::move(*store);
}

// The run's timers as text, one line a timer, for comparing two runs whole.
std::vector<std::string> timers_of(SqliteCaseStore& store, int64_t run_id) {
  auto timers = store.run_timers(run_id);
  REQUIRE(timers.ok());
  std::vector<std::string> out;
  for (const auto& t : *timers)
    out.push_back(t.case_id + " " + t.timer + " " + t.status + " " + (t.due ? to_iso(*t.due) : "-"));
  return out;
}

// What the writer will record, chosen before the run from yesterday's record: first a Stage 1
// response for every complaint whose Stage 1 clock is running or overdue (it stops that clock, so
// a run that saw it would record something else), then acknowledgements on closed complaints, one
// a past day, as many as the writer may need.
struct Write {
  std::string case_id;
  CaseEvent event;
};

std::vector<Write> writes_to_make(SqliteCaseStore& store, int64_t run_id, std::set<std::string>& responded) {
  std::vector<Write> out;
  const Date yesterday = kAsOf - std::chrono::days{1};
  auto timers = store.run_timers(run_id);
  REQUIRE(timers.ok());
  for (const auto& t : *timers) {
    if (t.timer != "stage1_response" || (t.status != "running" && t.status != "overdue") || responded.count(t.case_id))
      continue;
    auto c = store.load_case(t.case_id);
    REQUIRE(c.ok());
    // The response must not be dated before the complaint was received.
    if (!c->has_value() || (**c).events.empty() || (**c).events.front().date >= yesterday) continue;
    responded.insert(t.case_id);
    out.push_back({t.case_id, {"stage1_responded", yesterday, "", 0}});
  }
  auto closed = store.list_cases(CaseStore::Which::all);
  REQUIRE(closed.ok());
  for (const auto& c : *closed) {
    if (!c.closed || c.workflow != "complaints-statutory" || !c.latest_event_date) continue;
    auto last = parse_iso_date(*c.latest_event_date);
    REQUIRE(last.ok());
    // Days after the case's last event and before today: each a new event (a new date).
    for (Date d = *last + std::chrono::days{1}; d < yesterday && out.size() < 5000; d += std::chrono::days{7})
      out.push_back({c.id, {"acknowledged", d, "", 0}});
  }
  return out;
}

}  // namespace

TEST_CASE("a write beside a nightly run succeeds under a 1 s busy timeout, and the run reads its snapshot") {
  TempDir tmp("timescales-nightly-concurrency-");
  const fs::path db = tmp.path / "cases.db";
  make_store(db);
  {
    auto store = open_store(db);
    CHECK(*store.connection().query_text("PRAGMA journal_mode") == "wal");
  }

  // Yesterday: a quiet run, the record to compare with.
  auto quiet = nightly::run_nightly(options(db, tmp.path / "out-quiet"));
  REQUIRE(quiet.ok());
  auto store = open_store(db);
  const std::vector<std::string> quiet_timers = timers_of(store, quiet->run_id);
  std::set<std::string> responded;
  const std::vector<Write> writes = writes_to_make(store, quiet->run_id, responded);
  REQUIRE(responded.size() >= 3);
  REQUIRE(writes.size() > 200);
  auto data = load_engine_data(kData);
  REQUIRE(data.ok());

  // The writer: a connection of its own, as the server's, with a busy timeout of one second.
  auto writer_store = open_store(db);
  writer_store.connection().set_busy_timeout(1000);
  CaseRegister officer(writer_store, data->workflows, kAsOf);
  std::atomic<size_t> done{0}, total{0};
  std::atomic<bool> run_over{false};
  std::mutex mutex;
  std::vector<std::string> failures;               // every write that did not go through, and why
  std::vector<std::pair<Write, int64_t>> written;  // each write and its event id
  size_t during_run = 0;        // writes that ended between the run's first chunk and its last
  std::set<int64_t> runs_seen;  // what latest_run said meanwhile
  std::thread writer([&] {
    // The run has begun once a chunk has been read and assessed: its row is recorded and its
    // snapshot taken.
    while (done.load() == 0 && !run_over.load()) std::this_thread::yield();
    for (const auto& w : writes) {
      if (run_over.load()) break;
      auto recorded = officer.record_event(w.case_id, w.event, {"case page", std::nullopt, "user:officer"});
      auto latest = writer_store.latest_run();
      const bool in_run = !run_over.load() && done.load() < total.load();
      std::lock_guard<std::mutex> lock(mutex);
      if (!recorded || !recorded->added) {
        failures.push_back(w.case_id + " " + w.event.type + " " + to_iso(w.event.date) + ": " +
                           (recorded ? "not added" : recorded.error().to_string()));
        continue;
      }
      // Read before the run's last chunk was folded (so before it was marked finished): it
      // must be yesterday's.
      if (!latest || !latest->has_value())
        failures.push_back("latest_run: " + (latest ? std::string("none") : latest.error().to_string()));
      else if (in_run)
        runs_seen.insert((**latest).id);
      written.emplace_back(w, recorded->event_id);
      during_run += in_run;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // an officer, not a flood
    }
  });

  auto o = options(db, tmp.path / "out-busy");
  o.progress = [&](size_t d, size_t t) {
    total = t;
    done = d;
  };
  auto busy = nightly::run_nightly(o);
  run_over = true;
  writer.join();
  REQUIRE(busy.ok());

  // Every write went through, with a one-second busy timeout, and many while the run was going.
  INFO((failures.empty() ? std::string() : failures.front()));
  CHECK(failures.empty());
  INFO("writes while the run was going: " << during_run);
  CHECK(during_run >= 10);
  // Meanwhile readers of runs saw yesterday's, never the run being recorded.
  CHECK(runs_seen == std::set<int64_t>{quiet->run_id});

  // The run read the store as it was when it began: its record is exactly the quiet run's.
  auto latest = store.latest_run();
  REQUIRE(latest.ok());
  REQUIRE(latest->has_value());
  CHECK((**latest).id == busy->run_id);
  CHECK((**latest).cases_evaluated == static_cast<int64_t>(busy->open_cases));
  CHECK(busy->cases == quiet->cases);
  CHECK(timers_of(store, busy->run_id) == quiet_timers);

  // The events written meanwhile are in the store.
  for (const auto& [w, id] : written) {
    auto owner = store.case_of_event(id);
    REQUIRE(owner.ok());
    REQUIRE(owner->has_value());
    CHECK(**owner == w.case_id);
  }
  // And the next run sees them: each complaint responded to meanwhile has its Stage 1 clock
  // stopped.
  auto next = nightly::run_nightly(options(db, tmp.path / "out-next"));
  REQUIRE(next.ok());
  std::map<std::string, std::string> stage1;  // each complaint's Stage 1 clock, by case
  auto next_timers = store.run_timers(next->run_id);
  REQUIRE(next_timers.ok());
  for (const auto& t : *next_timers)
    if (t.timer == "stage1_response") stage1[t.case_id] = t.status;
  size_t responded_meanwhile = 0;
  for (const auto& [w, id] : written)
    if (w.event.type == "stage1_responded") {
      ++responded_meanwhile;
      // Running or overdue yesterday; answered now, on time or late, the clock has stopped.
      INFO(w.case_id << ": " << stage1[w.case_id]);
      CHECK((stage1[w.case_id] == "met" || stage1[w.case_id] == "missed"));
    }
  CHECK(responded_meanwhile >= 1);
}

TEST_CASE("a nightly run killed half-way is never the latest run, and the next run prunes what it left") {
  TempDir tmp("timescales-nightly-killed-");
  const fs::path db = tmp.path / "cases.db";
  make_store(db);
  auto quiet = nightly::run_nightly(options(db, tmp.path / "out-quiet"));
  REQUIRE(quiet.ok());

  // A run in a process of its own, killed (SIGKILL: no destructor, no rollback) half-way, its
  // first units committed (the progress call after chunk k comes once chunk k-1 is recorded).
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto o = options(db, tmp.path / "out-killed");
    o.progress = [](size_t d, size_t t) {
      if (2 * d >= t) ::kill(::getpid(), SIGKILL);  // half-way
    };
    (void)nightly::run_nightly(o);
    ::_exit(3);  // not reached
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);

  auto store = open_store(db);
  auto& sql = store.connection();
  const int64_t killed = *sql.query_int("SELECT max(id) FROM runs");
  REQUIRE(killed > quiet->run_id);
  CHECK(sql.query_text("SELECT finished_at FROM runs WHERE id = " + std::to_string(killed))->empty());
  const auto rows_of = [&](int64_t run) {
    return *sql.query_int("SELECT count(*) FROM run_cases WHERE run_id = " + std::to_string(run));
  };
  CHECK(rows_of(killed) > 0);  // its first units were committed

  auto latest = store.latest_run("nightly");
  REQUIRE(latest.ok());
  REQUIRE(latest->has_value());
  CHECK((**latest).id == quiet->run_id);
  auto none = store.run_timers(killed);
  REQUIRE(none.ok());
  CHECK(none->empty());

  // The next run is not held up by the dead one (its lease died with it), records itself, and
  // prunes the dead run's rows; the dead run's row stays, unfinished, as its trace.
  auto next = nightly::run_nightly(options(db, tmp.path / "out-next"));
  REQUIRE(next.ok());
  latest = store.latest_run("nightly");
  REQUIRE(latest.ok());
  CHECK((**latest).id == next->run_id);
  CHECK(rows_of(killed) == 0);
  CHECK(rows_of(quiet->run_id) > 0);  // the last finished run before it: kept, for the next recalc
  CHECK(timers_of(store, next->run_id) == timers_of(store, quiet->run_id));
  CHECK(*sql.query_int("SELECT count(*) FROM runs WHERE finished_at = ''") == 1);
}
