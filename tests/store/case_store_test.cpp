// The case store: owner-only files, WAL and foreign keys, append-only events with corrections,
// loading a case for the evaluator, listing cases, recording runs.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <tuple>

#include "adapters/store/sqlite_case_store.hpp"
#include "adapters/store/run_log.hpp"
#include "adapters/store/sqlite_statement.hpp"
#include "adapters/store/sqlite_transaction.hpp"
#include "store_test_support.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

SqliteCaseStore new_store(const std::filesystem::path& path) {
  auto store = SqliteCaseStore::open(path, SqliteCaseStore::OpenMode::create_if_missing);
  INFO((store.ok() ? "" : store.error().message));
  REQUIRE(store.ok());
  return std::move(*store);
}

CaseEvent event(const char* type, const char* iso, const char* reason = "") {
  return {type, *parse_iso_date(iso), reason, 0};
}

void add_case(CaseStore& store, const std::string& id, const std::string& workflow = "complaints-statutory") {
  CaseRecord r;
  r.id = id;
  r.workflow = workflow;
  REQUIRE(store.upsert_case(r).ok());
}

}  // namespace

TEST_CASE("the database and its WAL files are created owner-only") {
  TempDir dir;
  const auto path = dir / "cases.db";
  ::umask(022);  // the usual umask would give 0644
  auto store = new_store(path);
  add_case(store, "CMP-1");  // a write, so the -wal and -shm files exist
  CHECK(mode_of(path) == 0600);
  REQUIRE(std::filesystem::exists(path.string() + "-wal"));
  CHECK(mode_of(path.string() + "-wal") == 0600);
  CHECK(mode_of(path.string() + "-shm") == 0600);
  CHECK(*store.connection().query_text("PRAGMA journal_mode") == "wal");
  CHECK(*store.connection().query_int("PRAGMA foreign_keys") == 1);
}

TEST_CASE("a database others can read is refused") {
  TempDir dir;
  const auto path = dir / "cases.db";
  { new_store(path); }
  REQUIRE(::chmod(path.c_str(), 0644) == 0);
  auto refused = SqliteCaseStore::open(path);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Catch::Contains("0644") && Catch::Contains("chmod 600"));
}

TEST_CASE("opening a database that does not exist says how to create one") {
  TempDir dir;
  auto missing = SqliteCaseStore::open(dir / "nowhere.db");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error().message, Catch::Contains("timescales init --db"));
  CHECK_FALSE(std::filesystem::exists(dir / "nowhere.db"));
}

TEST_CASE("events are append-only: UPDATE and DELETE are refused by the database") {
  TempDir dir;
  auto store = new_store(dir / "cases.db");
  add_case(store, "CMP-1");
  REQUIRE(store.append_event("CMP-1", event("received", "2025-12-19"), {"command line", {}}).ok());
  auto& db = store.connection();

  auto update = db.exec("UPDATE events SET date = '2025-12-20'");
  REQUIRE_FALSE(update.ok());
  CHECK_THAT(update.error().message, Catch::Contains("append-only"));
  auto erase = db.exec("DELETE FROM events");
  REQUIRE_FALSE(erase.ok());
  CHECK_THAT(erase.error().message, Catch::Contains("append-only"));
  CHECK(*db.query_text("SELECT date FROM events") == "2025-12-19");

  // Nor can a case with events be deleted from under them.
  CHECK_FALSE(db.exec("DELETE FROM cases WHERE id = 'CMP-1'").ok());
}

TEST_CASE("an event without its case is refused (foreign key)") {
  TempDir dir;
  auto store = new_store(dir / "cases.db");
  auto orphan = store.append_event("NO-SUCH-CASE", event("received", "2025-12-19"), {"x", {}});
  REQUIRE_FALSE(orphan.ok());
  CHECK_THAT(orphan.error().message, Catch::Contains("FOREIGN KEY"));
}

TEST_CASE("appending the same event twice stores it once") {
  TempDir dir;
  auto store = new_store(dir / "cases.db");
  add_case(store, "CMP-1");
  auto first = store.append_event("CMP-1", event("received", "2025-12-19"), {"command line", {}});
  auto second = store.append_event("CMP-1", event("received", "2025-12-19"), {"command line", {}});
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(first->added);
  CHECK_FALSE(second->added);
  CHECK(second->id == first->id);
  // A second occurrence is a different event.
  auto again = store.append_event("CMP-1", event("received", "2025-12-19"), {"command line", {}}, 2);
  REQUIRE(again.ok());
  CHECK(again->added);
  CHECK(count_rows(store.connection(), "events") == 2);
}

TEST_CASE("a correction supersedes an event: the case loads without it, history keeps it") {
  TempDir dir;
  auto store = new_store(dir / "cases.db");
  CaseRecord r;
  r.id = "CMP-2025-0193";
  r.workflow = "complaints-statutory";
  r.attributes = {{"team", "CIN Widnes"}, {"cohort", "child_in_care"}};
  REQUIRE(store.upsert_case(r).ok());
  auto received = store.append_event(r.id, event("received", "2025-12-19"), {"export.csv", 2});
  auto wrong = store.append_event(r.id, event("stage1_extended", "2025-01-05", "complex"), {"export.csv", 3});
  auto responded = store.append_event(r.id, event("stage1_responded", "2026-01-20"), {"export.csv", 4});
  REQUIRE((received.ok() && wrong.ok() && responded.ok()));

  auto corrected = store.supersede_event(wrong->id, event("stage1_extended", "2026-01-05", "complex"),
                                         {"command line", {}});
  REQUIRE(corrected.ok());

  auto loaded = store.load_case(r.id);
  REQUIRE(loaded.ok());
  REQUIRE(loaded->has_value());
  const Case& c = **loaded;
  CHECK(c.attributes.at("cohort") == "child_in_care");
  REQUIRE(c.events.size() == 3);
  CHECK(c.events[0].type == "received");
  CHECK(c.events[1].type == "stage1_responded");
  CHECK(c.events[2].type == "stage1_extended");
  CHECK(to_iso(c.events[2].date) == "2026-01-05");
  CHECK(c.events[2].reason == "complex");
  CHECK(c.events[0].sequence == 1);
  CHECK(c.events[1].sequence == 2);
  CHECK(c.events[2].sequence == 3);

  auto history = store.event_history(r.id);
  REQUIRE(history.ok());
  REQUIRE(history->size() == 4);
  CHECK((*history)[1].superseded_by == *corrected);
  CHECK((*history)[3].supersedes == wrong->id);
  CHECK((*history)[1].source.file == "export.csv");
  CHECK((*history)[1].source.row == 3);

  SECTION("an event is corrected once; later corrections correct the correction") {
    auto twice = store.supersede_event(wrong->id, event("stage1_extended", "2026-01-06"), {"x", {}});
    REQUIRE_FALSE(twice.ok());
    CHECK_THAT(twice.error().message, Catch::Contains("already corrected by event " +
                                                      std::to_string(*corrected)));
    CHECK(store.supersede_event(*corrected, event("stage1_extended", "2026-01-06"), {"x", {}}).ok());
  }
  SECTION("there is nothing to correct that was never recorded") {
    CHECK_FALSE(store.supersede_event(9999, event("received", "2025-12-19"), {"x", {}}).ok());
  }
}

TEST_CASE("re-importing the uncorrected event does not bring it back") {
  TempDir dir;
  auto store = new_store(dir / "cases.db");
  add_case(store, "CMP-1");
  auto wrong = store.append_event("CMP-1", event("received", "2025-12-09"), {"a.csv", 2});
  REQUIRE(wrong.ok());
  REQUIRE(store.supersede_event(wrong->id, event("received", "2025-12-19"), {"command line", {}}).ok());
  auto again = store.append_event("CMP-1", event("received", "2025-12-09"), {"b.csv", 2});
  REQUIRE(again.ok());
  CHECK_FALSE(again->added);
  auto loaded = store.load_case("CMP-1");
  REQUIRE(loaded.ok());
  REQUIRE((*loaded)->events.size() == 1);
  CHECK(to_iso((*loaded)->events[0].date) == "2025-12-19");
}

TEST_CASE("upserting a case merges attributes and keeps what an export leaves out") {
  TempDir dir;
  auto store = new_store(dir / "cases.db");
  CaseRecord r;
  r.id = "EHC-7";
  r.workflow = "ehcp-needs-assessment";
  r.attributes = {{"cohort", "child_in_care"}, {"setting", "primary"}};
  r.team = "SEND";
  REQUIRE(*store.upsert_case(r) == true);
  CHECK(*store.upsert_case(r) == false);  // unchanged: nothing written

  CaseRecord later;
  later.id = "EHC-7";
  later.workflow = "ehcp-needs-assessment";
  later.attributes = {{"setting", "secondary"}};
  REQUIRE(*store.upsert_case(later) == true);
  auto found = store.find_case("EHC-7");
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->attributes.at("cohort") == "child_in_care");
  CHECK((*found)->attributes.at("setting") == "secondary");
  CHECK((*found)->team == "SEND");
  CHECK_FALSE((*found)->closed);
}

TEST_CASE("cases list all or open only, closed being set by the caller") {
  TempDir dir;
  auto store = new_store(dir / "cases.db");
  add_case(store, "B-2");
  add_case(store, "A-1");
  add_case(store, "C-3", "ehcp-annual-review");
  REQUIRE(store.append_event("A-1", event("received", "2025-12-01"), {"x", {}}).ok());
  REQUIRE(store.append_event("A-1", event("acknowledged", "2025-12-03"), {"x", {}}).ok());
  REQUIRE(store.set_closed("B-2", true).ok());
  CHECK_FALSE(store.set_closed("Z-9", true).ok());

  auto all = store.list_cases();
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].id == "A-1");
  CHECK((*all)[0].events == 2);
  CHECK((*all)[0].latest_event_date == "2025-12-03");
  CHECK((*all)[1].closed);
  CHECK((*all)[2].workflow == "ehcp-annual-review");
  CHECK_FALSE((*all)[2].latest_event_date.has_value());

  auto open = store.list_cases(CaseStore::Which::open);
  REQUIRE(open.ok());
  REQUIRE(open->size() == 2);
  CHECK(*store.open_case_ids() == std::vector<std::string>{"A-1", "C-3"});
}

TEST_CASE("a run is recorded with its definitions, timers and flags") {
  TempDir dir;
  auto store = new_store(dir / "cases.db");
  add_case(store, "CMP-1");

  RunRecord run;
  run.as_of = make_date(2026, 1, 5);
  run.started_at = "2026-01-05T22:00:00Z";
  run.definitions = {{"workflow", "complaints-statutory", "2025.1", "sha256:abc"},
                     {"calendar", "england-and-wales", std::nullopt, "sha256:def"}};
  run.cases.push_back({"CMP-1", "2025.1", "stage1", {{"stage1_response", "running", make_date(2026, 1, 21)}}});
  run.flags.push_back({"CMP-1", "stage1_due_this_week", "at_risk", "due Wed 21 Jan 2026"});
  run.changes_json = R"([{"case":"CMP-1","timer":"stage1_response","due":["2026-01-20","2026-01-21"]}])";

  auto id = store.record_run(run);
  REQUIRE(id.ok());
  auto latest = latest_run(store.connection());
  REQUIRE(latest.ok());
  REQUIRE(latest->has_value());
  CHECK((*latest)->id == *id);
  CHECK(to_iso((*latest)->as_of) == "2026-01-05");
  CHECK((*latest)->cases_evaluated == 1);
  CHECK((*latest)->flags_raised == 1);
  CHECK((*latest)->definitions.size() == 2);
  CHECK_FALSE((*latest)->finished_at.empty());

  auto timers = run_timers(store.connection(), *id);
  REQUIRE(timers.ok());
  REQUIRE(timers->size() == 1);
  CHECK((*timers)[0].case_id == "CMP-1");
  CHECK((*timers)[0].timer == "stage1_response");
  CHECK((*timers)[0].status == "running");
  CHECK(to_iso(*(*timers)[0].due) == "2026-01-21");
  CHECK(*store.connection().query_text("SELECT workflow_version || '/' || state FROM run_cases") == "2025.1/stage1");
  auto flags = run_flags(store.connection(), *id);
  REQUIRE(flags.ok());
  REQUIRE(flags->size() == 1);
  CHECK((*flags)[0].severity == "at_risk");

  SECTION("an unknown severity is refused and nothing of the run is kept") {
    RunRecord bad = run;
    bad.flags = {{"CMP-1", "r", "amber", "not a severity of the contract"}};
    CHECK_FALSE(store.record_run(bad).ok());
    CHECK(count_rows(store.connection(), "runs") == 1);
    CHECK(count_rows(store.connection(), "run_cases") == 1);
  }
  SECTION("two timers of one name in a case are refused and nothing of the run is kept") {
    RunRecord bad = run;
    bad.cases[0].timers.push_back({"stage1_response", "met", std::nullopt});
    auto refused = store.record_run(bad);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message, Catch::Contains("two timers named 'stage1_response'"));
    CHECK(count_rows(store.connection(), "runs") == 1);
  }
  SECTION("a case the store does not have is refused (foreign key)") {
    RunRecord bad = run;
    bad.cases.push_back({"CMP-404", "", "stage1", {}});
    CHECK_FALSE(store.record_run(bad).ok());
    CHECK(count_rows(store.connection(), "runs") == 1);
  }
}

namespace {

Evaluation evaluation(const std::string& case_id, const std::string& version, const std::string& state,
                      std::vector<std::tuple<std::string, TimerStatus, std::optional<Date>>> timers) {
  Evaluation e;
  e.case_id = case_id;
  e.workflow = "complaints-statutory";
  e.workflow_version = version;
  e.state = state;
  for (auto& [id, status, due] : timers) {
    TimerResult t;
    t.id = id;
    t.status = status;
    t.due = due;
    t.explanation = "not recorded: a run keeps only the timer, its status and its due date";
    e.timers.push_back(t);
  }
  return e;
}

// Every row of the run_timers view for the run, in its natural order (the JSON array's).
std::vector<std::string> view_rows(sqlite::Connection& db, int64_t run_id) {
  auto stmt = db.prepare("SELECT case_id || '|' || timer || '|' || status || '|' || coalesce(due, 'NULL') "
                         "FROM run_timers WHERE run_id = ?1");
  REQUIRE(stmt.ok());
  stmt->bind(1, run_id);
  std::vector<std::string> rows;
  while (*stmt->step()) rows.push_back(stmt->column_text(0));
  return rows;
}

}  // namespace

TEST_CASE("a run's cases round-trip given as RunCase or as Evaluation, many to a statement") {
  TempDir dir;
  auto store = new_store(dir / "cases.db");
  // 250: two full statements of 100 rows and a remainder of 50.
  std::vector<Evaluation> evaluations;
  for (int i = 0; i < 250; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "CMP-%04d", i);
    add_case(store, id);
    if (i % 50 == 7) {
      evaluations.push_back(evaluation(id, "", "closed", {}));  // no timers, no workflow version
    } else {
      evaluations.push_back(evaluation(id, "2025.1", "stage1",
                                       {{"stage1_response", TimerStatus::running, make_date(2026, 1, 1) + Days{i}},
                                        {"acknowledgement", TimerStatus::met, make_date(2025, 12, 1)},
                                        {"stage2_response", TimerStatus::pending, std::nullopt}}));
    }
  }
  auto expected = [&] {
    std::vector<StoredTimer> out;
    for (const auto& e : evaluations) {
      std::vector<StoredTimer> of_case;
      for (const auto& t : e.timers)
        of_case.push_back({e.case_id, t.id, std::string(timer_status_name(t.status)), t.due});
      std::sort(of_case.begin(), of_case.end(), [](auto& a, auto& b) { return a.timer < b.timer; });
      out.insert(out.end(), of_case.begin(), of_case.end());
    }
    return out;
  }();
  auto check_run = [&](int64_t run_id) {
    auto timers = run_timers(store.connection(), run_id);
    REQUIRE(timers.ok());
    REQUIRE(timers->size() == expected.size());
    for (size_t k = 0; k < expected.size(); ++k) {
      INFO(k);
      CHECK((*timers)[k].case_id == expected[k].case_id);
      CHECK((*timers)[k].timer == expected[k].timer);
      CHECK((*timers)[k].status == expected[k].status);
      CHECK((*timers)[k].due == expected[k].due);
    }
    // The view keeps each case's timers in the evaluation's order.
    auto rows = view_rows(store.connection(), run_id);
    REQUIRE(rows.size() == expected.size());
    CHECK(rows[0] == "CMP-0000|stage1_response|running|2026-01-01");
    CHECK(rows[1] == "CMP-0000|acknowledgement|met|2025-12-01");
    CHECK(rows[2] == "CMP-0000|stage2_response|pending|NULL");
    auto cases = store.connection().query_int("SELECT count(*) FROM run_cases WHERE run_id = " +
                                              std::to_string(run_id) + " AND workflow_version IS NULL");
    CHECK(*cases == 5);
  };

  SECTION("as RunCase") {
    RunRecord run;
    run.as_of = make_date(2026, 1, 5);
    for (const auto& e : evaluations) run.cases.push_back(run_case_of(e));
    CHECK(run.cases[1].timers[0].status == "running");
    auto id = store.record_run(run);
    REQUIRE(id.ok());
    check_run(*id);
    CHECK((*latest_run(store.connection()))->cases_evaluated == 250);
  }
  SECTION("in two runs, each kept whole") {
    RunRecord first;
    first.as_of = make_date(2026, 1, 5);
    for (const auto& e : evaluations) first.cases.push_back(run_case_of(e));
    auto id = store.record_run(first);
    REQUIRE(id.ok());
    RunRecord second = first;
    second.as_of = make_date(2026, 1, 6);
    auto next = store.record_run(second);
    REQUIRE(next.ok());
    check_run(*id);
    check_run(*next);
  }
}

TEST_CASE("timer names with quotes, backslashes and control characters round-trip") {
  TempDir dir;
  auto store = new_store(dir / "cases.db");
  add_case(store, "CMP-\"1\"");
  const std::vector<std::string> names = {"say \"when\"", R"(back\slash)", "tab\there", "line\nbreak",
                                          std::string("bell\x07", 5), "r\xC3\xA9ponse", "[\"x\",null]"};
  RunRecord run;
  run.as_of = make_date(2026, 1, 5);
  RunCase c{"CMP-\"1\"", "", "stage\\1", {}};
  for (const auto& n : names) c.timers.push_back({n, "running", make_date(2026, 2, 2)});
  run.cases.push_back(c);
  auto id = store.record_run(run);
  INFO((id.ok() ? "" : id.error().message));
  REQUIRE(id.ok());
  auto timers = run_timers(store.connection(), *id);
  REQUIRE(timers.ok());
  std::vector<std::string> sorted = names;
  std::sort(sorted.begin(), sorted.end());
  REQUIRE(timers->size() == sorted.size());
  for (size_t k = 0; k < sorted.size(); ++k) {
    CHECK((*timers)[k].case_id == "CMP-\"1\"");
    CHECK((*timers)[k].timer == sorted[k]);
    CHECK((*timers)[k].status == "running");
  }
  CHECK(*store.connection().query_text("SELECT state FROM run_cases") == "stage\\1");
}

TEST_CASE("only the last two runs keep their cases and timers") {
  TempDir dir;
  auto store = new_store(dir / "cases.db");
  add_case(store, "CMP-1");
  std::vector<int64_t> ids;
  for (int night = 0; night < 4; ++night) {
    RunRecord run;
    run.as_of = make_date(2026, 1, 5) + Days{night};
    run.cases.push_back({"CMP-1", "", "stage1", {{"stage1_response", "running", make_date(2026, 1, 21)}}});
    run.flags.push_back({"CMP-1", "stage1_due_this_week", "at_risk", "due soon"});
    auto id = store.record_run(run);
    REQUIRE(id.ok());
    ids.push_back(*id);
  }
  CHECK(count_rows(store.connection(), "runs") == 4);
  CHECK(count_rows(store.connection(), "run_flags") == 4);
  CHECK(*store.connection().query_int("SELECT min(run_id) FROM run_cases") == ids[2]);
  CHECK(*store.connection().query_int("SELECT count(DISTINCT run_id) FROM run_timers") == 2);
  CHECK(run_timers(store.connection(), ids[1])->empty());
  CHECK(run_timers(store.connection(), ids[3])->size() == 1);
}

TEST_CASE("a transaction not committed is rolled back") {
  TempDir dir;
  auto store = new_store(dir / "cases.db");
  {
    auto tx = sqlite::Transaction::begin(store.connection());
    REQUIRE(tx.ok());
    add_case(store, "CMP-1");
    CHECK(count_rows(store.connection(), "cases") == 1);
  }
  CHECK(count_rows(store.connection(), "cases") == 0);
  CHECK_FALSE(store.connection().in_transaction());
}

// Measures, never asserts: `store_tests "[.bench]"`. A national nightly run records about half a
// million open cases with five timers or so each.
TEST_CASE("record_run for 500,000 cases of 5 timers", "[.bench]") {
  TempDir dir;
  auto store = new_store(dir / "cases.db");
  constexpr int kCases = 500000;
  REQUIRE(store.connection().exec(R"sql(
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 499999)
    INSERT INTO cases(id, workflow, created_at, updated_at)
    SELECT printf('CMP-%07d', i), 'complaints-statutory', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n)sql").ok());
  RunRecord run;
  run.as_of = make_date(2026, 1, 5);
  for (int i = 0; i < kCases; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "CMP-%07d", i);
    const Date due = make_date(2026, 1, 5) + Days{i % 40};
    run.cases.push_back({id, "2025.1", "stage1",
                         {{"acknowledgement", "met", due - Days{20}}, {"stage1_response", "running", due},
                          {"stage2_response", "pending", std::nullopt}, {"stage3_panel", "pending", std::nullopt},
                          {"local_stage1_target", "overdue", due - Days{5}}}});
  }
  for (int night = 1; night <= 3; ++night) {  // the third also prunes the first's 500,000 rows
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu = std::clock();
    auto id = store.record_run(run);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    REQUIRE(id.ok());
    std::printf("record_run %d: %d cases x 5 timers in %.3f s (%.3f s of CPU)\n", night, kCases, took.count(),
                double(std::clock() - cpu) / CLOCKS_PER_SEC);
  }
  const auto start = std::chrono::steady_clock::now();
  auto timers = run_timers(store.connection(), 3);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  REQUIRE(timers.ok());
  std::printf("run_timers: %zu timers read back in %.3f s\n", timers->size(), took.count());
}
