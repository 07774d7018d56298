// A run recorded as it goes (RunRecorder), as the national nightly run records each chunk while
// the next is read: the same record as record_run writes from the whole run at once, batches of
// rows and all, and refused whole when any part of it is wrong.
#include <catch2/catch.hpp>

#include "adapters/store/sqlite_case_store.hpp"
#include "adapters/store/run_lease.hpp"
#include "adapters/store/run_log.hpp"
#include "adapters/store/run_recorder.hpp"
#include "adapters/store/sqlite_transaction.hpp"
#include "store_test_support.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

SqliteCaseStore store_with_cases(const std::filesystem::path& path, int cases) {
  auto store = SqliteCaseStore::open(path, SqliteCaseStore::OpenMode::create_if_missing);
  REQUIRE(store.ok());
  for (int i = 0; i < cases; ++i) {
    CaseRecord r;
    r.id = "CMP-" + std::to_string(1000 + i);
    r.workflow = "complaints-statutory";
    REQUIRE(store->upsert_case(r).ok());
  }
  return std::move(*store);
}

// 250 cases: two full batches of rows (100 a statement) and a part batch. Every third case has
// a second timer; every seventh a flag.
RunRecord national_night(int cases) {
  RunRecord run;
  run.kind = "nightly";
  run.as_of = make_date(2026, 1, 5);
  run.started_at = "2026-01-05T22:00:00Z";
  run.finished_at = "2026-01-05T22:01:00Z";
  run.definitions = {{"workflow", "complaints-statutory", "2025.1", "fnv1a64:0123"}};
  for (int i = 0; i < cases; ++i) {
    const std::string id = "CMP-" + std::to_string(1000 + i);
    RunCase c{id, i % 2 ? "2025.1" : "", "stage1", {{"stage1_response", "running", make_date(2026, 1, 6 + i % 20)}}};
    if (i % 3 == 0) c.timers.push_back({"stage2_response", "pending", std::nullopt});
    run.cases.push_back(c);
    if (i % 7 == 0) run.flags.push_back({id, "stage1_due_this_week", "at_risk", "due soon"});
  }
  return run;
}

std::string dump(sqlite::Connection& db, int64_t run_id) {
  std::string out;
  auto run = latest_run(db);
  REQUIRE(run.ok());
  REQUIRE(run->has_value());
  out += (*run)->kind + " " + to_iso((*run)->as_of) + " " + (*run)->started_at + " " + (*run)->finished_at + " " +
         std::to_string((*run)->cases_evaluated) + " " + std::to_string((*run)->flags_raised) + " " +
         (*run)->changes_json + "\n";
  for (const auto& d : (*run)->definitions) out += d.kind + " " + d.name + " " + d.content_hash + "\n";
  auto timers = run_timers(db, run_id);
  REQUIRE(timers.ok());
  for (const auto& t : *timers)
    out += t.case_id + " " + t.timer + " " + t.status + " " + (t.due ? to_iso(*t.due) : "-") + "\n";
  auto flags = run_flags(db, run_id);
  REQUIRE(flags.ok());
  for (const auto& f : *flags) out += f.case_id + " " + f.rule + " " + f.severity + " " + f.message + "\n";
  out += *db.query_text("SELECT group_concat(case_id || ':' || coalesce(workflow_version, 'NULL') || ':' || state, ' ') "
                        "FROM (SELECT * FROM run_cases ORDER BY case_id)");
  return out;
}

}  // namespace

TEST_CASE("a run recorded case by case is the run record_run writes from the whole record") {
  TempDir dir;
  const RunRecord run = national_night(250);
  auto whole = store_with_cases(dir / "whole.db", 250);
  auto whole_id = whole.record_run(run);
  REQUIRE(whole_id.ok());

  auto pieces = store_with_cases(dir / "pieces.db", 250);
  auto tx = sqlite::Transaction::begin(pieces.connection(), sqlite::Transaction::Kind::immediate);
  REQUIRE(tx.ok());
  RunRecord header = run;
  header.cases.clear();
  header.flags.clear();
  auto recorder = RunRecorder::start(pieces.connection(), header);
  REQUIRE(recorder.ok());
  size_t next_flag = 0;
  for (const auto& c : run.cases) {  // flags interleaved with cases, as the nightly run adds them
    REQUIRE(recorder->add_case(c).ok());
    while (next_flag < run.flags.size() && run.flags[next_flag].case_id == c.case_id)
      REQUIRE(recorder->add_flag(run.flags[next_flag++]).ok());
  }
  REQUIRE(next_flag == run.flags.size());
  auto pieces_id = recorder->finish();
  REQUIRE(pieces_id.ok());
  REQUIRE(tx->commit().ok());

  CHECK(*pieces_id == *whole_id);
  const std::string expected = dump(whole.connection(), *whole_id);
  CHECK_THAT(expected, Catch::Contains("250 36"));  // 250 cases; flags on cases 0, 7, ..., 245
  CHECK_THAT(expected, Catch::Contains("CMP-1249 stage1_response running 2026-01-15"));
  CHECK(dump(pieces.connection(), *pieces_id) == expected);
}

TEST_CASE("a run recorder refuses a case twice, even batches apart, and is read only once finished") {
  TempDir dir;
  auto store = store_with_cases(dir / "cases.db", 150);
  RunRecord header = national_night(0);

  SECTION("no transaction open: the row is committed at once, unfinished, and no reader sees it") {
    auto recorder = RunRecorder::start(store.connection(), header);
    REQUIRE(recorder.ok());
    CHECK_FALSE(store.connection().in_transaction());
    CHECK(count_rows(store.connection(), "runs") == 1);
    CHECK(store.connection().query_text("SELECT finished_at FROM runs")->empty());
    auto none = latest_run(store.connection());
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
    REQUIRE(recorder->add_case(national_night(1).cases[0]).ok());
    auto id = recorder->finish();
    REQUIRE(id.ok());
    CHECK_FALSE(store.connection().in_transaction());
    auto run = latest_run(store.connection());
    REQUIRE(run.ok());
    REQUIRE(run->has_value());
    CHECK((*run)->id == *id);
    CHECK((*run)->finished_at == "2026-01-05T22:01:00Z");
    CHECK((*run)->cases_evaluated == 1);
  }
  SECTION("a case repeated 120 cases later fails by the finish, and rolling back keeps nothing") {
    {
      auto tx = sqlite::Transaction::begin(store.connection(), sqlite::Transaction::Kind::immediate);
      REQUIRE(tx.ok());
      auto recorder = RunRecorder::start(store.connection(), header);
      REQUIRE(recorder.ok());
      const RunRecord run = national_night(150);
      bool failed = false;
      for (size_t i = 0; i < run.cases.size() && !failed; ++i) {
        failed |= !recorder->add_case(run.cases[i]).ok();
        if (i == 130) failed |= !recorder->add_case(run.cases[10]).ok();
      }
      if (!failed) failed = !recorder->finish().ok();
      CHECK(failed);
    }  // the transaction rolls back here, not committed
    CHECK(count_rows(store.connection(), "runs") == 0);
    CHECK(count_rows(store.connection(), "run_cases") == 0);
  }
}

TEST_CASE("a run prunes the run-before-last's case rows range by range, and finish() takes the rest") {
  TempDir dir;
  auto store = store_with_cases(dir / "cases.db", 30);
  for (int night = 0; night < 2; ++night) REQUIRE(store.record_run(national_night(30)).ok());
  auto rows_of = [&](int run) {
    return *store.connection().query_int("SELECT count(*) FROM run_cases WHERE run_id = " + std::to_string(run));
  };
  REQUIRE(rows_of(1) == 30);
  REQUIRE(rows_of(2) == 30);

  auto tx = sqlite::Transaction::begin(store.connection(), sqlite::Transaction::Kind::immediate);
  REQUIRE(tx.ok());
  RunRecord header = national_night(0);
  auto recorder = RunRecorder::start(store.connection(), header);
  REQUIRE(recorder.ok());
  REQUIRE(recorder->prune_cases("CMP-1000", "CMP-1009").ok());  // ten cases, bounds included
  CHECK(rows_of(1) == 20);
  REQUIRE(recorder->prune_cases("CMP-1020", "CMP-1024").ok());
  CHECK(rows_of(1) == 15);
  CHECK(rows_of(2) == 30);  // the run before this one is what the next recalc compares with
  REQUIRE(recorder->finish().ok());
  REQUIRE(tx->commit().ok());
  CHECK(rows_of(1) == 0);  // the cases no range named went at the finish
  CHECK(rows_of(2) == 30);
  CHECK(rows_of(3) == 0);  // this run recorded no case
}

TEST_CASE("a case added from its evaluation is recorded as run_case_of would record it") {
  TempDir dir;
  std::vector<Evaluation> evaluations;
  for (int i = 0; i < 130; ++i) {  // a full batch and part of the next
    Evaluation e;
    e.case_id = "CMP-" + std::to_string(1000 + i);
    e.workflow = "complaints-statutory";
    e.workflow_version = i % 2 ? "2025.1" : "";
    e.state = i % 3 ? "stage1" : "stage2_investigation";
    TimerResult stage1;
    stage1.id = "stage1_response";
    stage1.status = i % 4 ? TimerStatus::running : TimerStatus::overdue;
    stage1.due = make_date(2026, 1, 6 + i % 20);
    e.timers.push_back(stage1);
    TimerResult quoted;  // a name JSON must escape, and no due date
    quoted.id = "local \"target\"\\" + std::to_string(i % 2);
    quoted.status = TimerStatus::pending;
    e.timers.push_back(quoted);
    evaluations.push_back(e);
  }
  auto record = [&](const std::filesystem::path& path, bool from_evaluation) {
    auto store = store_with_cases(path, 130);
    {
      auto tx = sqlite::Transaction::begin(store.connection(), sqlite::Transaction::Kind::immediate);
      REQUIRE(tx.ok());
      auto recorder = RunRecorder::start(store.connection(), national_night(0));
      REQUIRE(recorder.ok());
      for (const auto& e : evaluations)
        REQUIRE((from_evaluation ? recorder->add_case(e) : recorder->add_case(run_case_of(e))).ok());
      REQUIRE(recorder->finish().ok());
      REQUIRE(tx->commit().ok());
    }
    return dump(store.connection(), 1);
  };
  const std::string via_run_case = record(dir / "a.db", false);
  CHECK_THAT(via_run_case, Catch::Contains("CMP-1003 local \"target\"\\1 pending -"));
  CHECK_THAT(via_run_case, Catch::Contains("CMP-1004 stage1_response overdue 2026-01-10"));
  CHECK(record(dir / "b.db", true) == via_run_case);

  SECTION("and two timers of one name are refused from an evaluation too") {
    auto store = store_with_cases(dir / "c.db", 1);
    auto tx = sqlite::Transaction::begin(store.connection(), sqlite::Transaction::Kind::immediate);
    REQUIRE(tx.ok());
    auto recorder = RunRecorder::start(store.connection(), national_night(0));
    REQUIRE(recorder.ok());
    Evaluation twice = evaluations[0];
    twice.timers.push_back(twice.timers[0]);
    auto refused = recorder->add_case(twice);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message, Catch::Contains("two timers named 'stage1_response'"));
  }
}

TEST_CASE("a run left unfinished is pruned by the next run that holds the lease, not by one recorded whole") {
  TempDir dir;
  auto store = store_with_cases(dir / "cases.db", 130);
  for (int night = 0; night < 2; ++night) REQUIRE(store.record_run(national_night(130)).ok());  // runs 1, 2
  auto rows_of = [&](int run) {
    return *store.connection().query_int("SELECT count(*) FROM run_cases WHERE run_id = " + std::to_string(run));
  };
  {
    // Run 3 dies with its cases recorded: its lease goes with it.
    auto lease = RunLease::take(store.connection().path());
    REQUIRE(lease.ok());
    auto dying = RunRecorder::start(store.connection(), national_night(0), std::move(*lease));
    REQUIRE(dying.ok());
    auto tx = sqlite::Transaction::begin(store.connection());
    REQUIRE(tx.ok());
    for (const auto& c : national_night(130).cases) REQUIRE(dying->add_case(c).ok());
    REQUIRE(dying->prune_cases("CMP-1000", "CMP-1129").ok());  // run 1's rows: it is before the last finished
    REQUIRE(tx->commit().ok());
  }
  // Rows are written a hundred at a time: the last thirty died with the run, pending. Run 1 was
  // pruned, run 2 (the last finished) kept.
  CHECK(rows_of(3) == 100);
  CHECK(rows_of(1) == 0);
  CHECK(rows_of(2) == 130);
  auto last = latest_run(store.connection());
  REQUIRE(last.ok());
  CHECK((*last)->id == 2);
  // Run 4 is recorded whole, without the lease: it cannot tell run 3 dead from one still going in
  // another process, so leaves it; runs 2 and 4 keep theirs.
  REQUIRE(store.record_run(national_night(130)).ok());
  CHECK(rows_of(2) == 130);
  CHECK(rows_of(3) == 100);
  CHECK(rows_of(4) == 130);
  last = latest_run(store.connection());
  REQUIRE(last.ok());
  CHECK((*last)->id == 4);
  // Run 5 holds the lease (start_run): run 3 is dead, and goes with run 2; run 4 is kept.
  auto run = store.start_run(national_night(0));
  REQUIRE(run.ok());
  REQUIRE((*run)->finish().ok());
  CHECK(rows_of(2) == 0);
  CHECK(rows_of(3) == 0);
  CHECK(rows_of(4) == 130);
  CHECK(*store.connection().query_int("SELECT count(*) FROM runs WHERE finished_at = ''") == 1);  // run 3's trace
}

TEST_CASE("a run recorder's lease is taken once at a time and given back at its end") {
  TempDir dir;
  auto store = store_with_cases(dir / "cases.db", 1);
  auto first = RunLease::take(store.connection().path());
  REQUIRE(first.ok());
  auto second = RunLease::take(store.connection().path());
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().kind == ErrorKind::conflict);
  CHECK_THAT(second.error().message, Catch::Contains("another run is being recorded"));
  auto recorder = RunRecorder::start(store.connection(), national_night(0), std::move(*first));
  REQUIRE(recorder.ok());
  CHECK_FALSE(RunLease::take(store.connection().path()).ok());
  REQUIRE(recorder->finish().ok());  // gives the lease back
  CHECK(RunLease::take(store.connection().path()).ok());
  CHECK(std::filesystem::exists(store.connection().path().string() + "-run.lock"));
}
