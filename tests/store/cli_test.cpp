// The store commands as councils script them: exit statuses, what is printed (ids, never
// attributes), the rejects report, and a kill part-way through an import.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "adapters/files/text_files.hpp"
#include "adapters/store/sqlite_case_store.hpp"
#include "adapters/store/sqlite_statement.hpp"
#include "store_test_support.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

std::string db_arg(const TempDir& dir) { return "--db " + quoted_path(dir / "cases.db"); }

void init(const TempDir& dir) {
  const auto r = run_timescales("init " + db_arg(dir));
  INFO(r.out);
  REQUIRE(r.status == 0);
}

}  // namespace

TEST_CASE("cli: init creates an owner-only database, and says so when run again") {
  TempDir dir;
  const auto first = run_timescales("init " + db_arg(dir));
  CHECK(first.status == 0);
  CHECK_THAT(first.out, Catch::Contains("created") && Catch::Contains("schema version"));
  CHECK(mode_of(dir / "cases.db") == 0600);
  const auto again = run_timescales("init " + db_arg(dir));
  CHECK(again.status == 0);
  CHECK_THAT(again.out, Catch::Contains("up to date"));
}

TEST_CASE("cli: case add-event records an event, needing a workflow only for a new case") {
  TempDir dir;
  init(dir);
  const auto no_workflow = run_timescales("case add-event " + db_arg(dir) + " CMP-1 received 2025-12-19");
  CHECK(no_workflow.status == 2);
  CHECK_THAT(no_workflow.out, Catch::Contains("--workflow") && Catch::Contains("new"));

  const auto added = run_timescales("case add-event " + db_arg(dir) +
                                    " CMP-1 received 2025-12-19 --workflow complaints-statutory");
  CHECK(added.status == 0);
  CHECK_THAT(added.out, Catch::Contains("recorded event"));
  const auto extended = run_timescales("case add-event " + db_arg(dir) +
                                       " CMP-1 stage1_extended 2026-01-05 --reason complex");
  CHECK(extended.status == 0);
  const auto repeated = run_timescales("case add-event " + db_arg(dir) + " CMP-1 received 2025-12-19");
  CHECK(repeated.status == 0);
  CHECK_THAT(repeated.out, Catch::Contains("already recorded"));

  const auto bad_date = run_timescales("case add-event " + db_arg(dir) + " CMP-1 received 2025-02-30");
  CHECK(bad_date.status == 2);
  CHECK_THAT(bad_date.out, Catch::Contains("DATE") && Catch::Contains("Feb 2025 has 28 days"));
  const auto other_workflow = run_timescales("case add-event " + db_arg(dir) +
                                             " CMP-1 received 2025-12-20 --workflow complaints-corporate");
  CHECK(other_workflow.status == 2);
  const auto no_db = run_timescales("case add-event --db " + quoted_path(dir / "missing.db") +
                                    " CMP-1 received 2025-12-19");
  CHECK(no_db.status == 2);
  CHECK_THAT(no_db.out, Catch::Contains("timescales init"));

  const auto list = run_timescales("case list " + db_arg(dir));
  CHECK(list.status == 0);
  CHECK_THAT(list.out, Catch::Contains("CMP-1") && Catch::Contains("complaints-statutory") &&
                           Catch::Contains("2026-01-05") && Catch::Contains("1 case"));
}

TEST_CASE("cli: import reports per file, writes the rejects report, and exits 1 for rejects") {
  TempDir dir;
  init(dir);
  const auto r = run_timescales("import " + db_arg(dir) + " " + quoted_path(fixture("messy-native.csv")));
  INFO(r.out);
  CHECK(r.status == 1);
  // The CLI checks events against the shipped workflows, so line 11 (an unknown event) and
  // line 12 (an unknown workflow) join the six malformed rows: 15 rows, 7 good, 8 rejected.
  CHECK_THAT(r.out, Catch::Contains("7 new, 0 already present, 8 rejected"));
  CHECK_THAT(r.out, Catch::Contains("line 8: missing case id"));
  CHECK_THAT(r.out, Catch::Contains("line 11: complaints-statutory has no event 'stage4_requested'"));
  CHECK_THAT(r.out, Catch::Contains("line 12: unknown workflow 'complaints-typo'"));
  CHECK_THAT(r.out, Catch::Contains("and 3 more in the rejects report"));

  // A rejects file of this run's own (issue 16: the next import must not overwrite it).
  std::vector<std::filesystem::path> runs;
  for (const auto& e : std::filesystem::directory_iterator(dir / "cases-rejects")) runs.push_back(e.path());
  REQUIRE(runs.size() == 1);
  CHECK_THAT(runs[0].filename().string(), Catch::Matches("20[0-9-]{8}T[0-9]{6}Z-import\\.csv"));
  CHECK_THAT(r.out, Catch::Contains("rejected rows: " + runs[0].string()));
  const auto rejects_path = runs[0];
  REQUIRE(std::filesystem::exists(rejects_path));
  CHECK(mode_of(rejects_path) == 0600);
  auto rejects = read_text_file(rejects_path);
  REQUIRE(rejects.ok());
  CHECK_THAT(*rejects, Catch::StartsWith("\xEF\xBB\xBF" "file,line,case_id,reason\r\n") &&
                           Catch::Contains("messy-native.csv,17,CMP-2025-0198,"));

  const auto again = run_timescales("import " + db_arg(dir) + " --rejects " +
                                    quoted_path(dir / "tonight.csv") + " " +
                                    quoted_path(fixture("messy-native.csv")));
  CHECK(again.status == 1);
  CHECK_THAT(again.out, Catch::Contains("0 new, 7 already present, 8 rejected"));
  CHECK(std::filesystem::exists(dir / "tonight.csv"));

  const auto clean = run_timescales("import " + db_arg(dir) + " " +
                                    quoted_path(fixture("overlapping-native.csv")));
  CHECK(clean.status == 0);
  CHECK_THAT(clean.out, Catch::Contains("2 new, 7 already present, 0 rejected"));
}

TEST_CASE("cli: import exits 2 when a file cannot be imported, and still imports the others") {
  TempDir dir;
  init(dir);
  const auto r = run_timescales("import " + db_arg(dir) + " " + quoted_path(dir / "absent.csv") + " " +
                                quoted_path(fixture("overlapping-native.csv")));
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains("absent.csv") && Catch::Contains("9 new"));

  std::ofstream(dir / "bad.toml") << "[mapping]\nname = \"x\"\ndate_format = \"mm/dd/yyyy\"\n";
  const auto bad_mapping = run_timescales("import " + db_arg(dir) + " --mapping " +
                                          quoted_path(dir / "bad.toml") + " " +
                                          quoted_path(fixture("overlapping-native.csv")));
  CHECK(bad_mapping.status == 2);
  CHECK_THAT(bad_mapping.out, Catch::Contains("--mapping") && Catch::Contains("bad.toml:3:"));
}

TEST_CASE("cli: output names cases by reference only, never their attributes") {
  TempDir dir;
  init(dir);
  const auto mapping = std::filesystem::path(TIMESCALES_SOURCE_DIR) / "adapters" / "import" /
                       "mappings" / "liquidlogic-complaints.example.toml";
  const auto r = run_timescales("import " + db_arg(dir) + " --mapping " + quoted_path(mapping) +
                                " " + quoted_path(fixture("liquidlogic-complaints-export.csv")));
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("6 new, 0 already present, 4 rejected, 1 ignored"));
  const auto list = run_timescales("case list " + db_arg(dir));
  CHECK(list.status == 0);
  for (const auto& out : {r.out, list.out}) {
    for (const char* personal : {"Alex", "Sam Sample", "P0012345", "J. Officer", "CIN Widnes", "Parent"})
      CHECK_THAT(out, !Catch::Contains(personal));
  }
  CHECK_THAT(list.out, Catch::Contains("CMP-2025-0301") && Catch::Contains("3 cases"));
}

TEST_CASE("cli: an import killed part-way leaves the database exactly as before") {
  TempDir dir;
  init(dir);
  const auto baseline = run_timescales("import " + db_arg(dir) + " " +
                                       quoted_path(fixture("overlapping-native.csv")));
  REQUIRE(baseline.status == 0);

  const auto big = dir / "big-export.csv";
  {
    std::ofstream out(big);
    out << "case_id,workflow,event,date,reason,team\n";
    const char* events[] = {"received", "acknowledged", "stage1_extended", "stage1_responded"};
    for (int i = 0; i < 400000; ++i) {
      out << "BIG-" << i / 4 << ",complaints-statutory," << events[i % 4] << ",2025-"
          << (i % 9 + 1 < 10 ? "0" : "") << i % 9 + 1 << "-1" << i % 4 << ",,Team " << i % 7 << "\n";
    }
  }
  const auto db_path = dir / "cases.db";
  int64_t events_before = 0, cases_before = 0;
  {
    auto watcher = sqlite::Connection::open(db_path, sqlite::Connection::Mode::read_write);
    REQUIRE(watcher.ok());
    events_before = count_rows(*watcher, "events");
    cases_before = count_rows(*watcher, "cases");
  }

  // Killed at a known row, half-way, by the import's own fault-injection point (test-only; see
  // store_commands.cpp): no guessing how long a machine takes to get there.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 1);
    ::dup2(devnull, 2);
    ::setenv("TIMESCALES_FAULT", "kill_import_after_rows:200000", 1);
    ::execl(TIMESCALES_BINARY, TIMESCALES_BINARY, "import", "--db", db_path.c_str(), big.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);

  auto store = SqliteCaseStore::open(db_path);
  REQUIRE(store.ok());
  auto& db = store->connection();
  CHECK(*db.query_text("PRAGMA integrity_check") == "ok");
  CHECK(count_rows(db, "events") == events_before);
  CHECK(count_rows(db, "cases") == cases_before);
  CHECK(count_rows(db, "imports") == 1);

  // And the database carries on: the same file imports in full.
  const auto retry = run_timescales("import " + db_arg(dir) + " " + quoted_path(big));
  CHECK(retry.status == 0);
  CHECK_THAT(retry.out, Catch::Contains("400000 new, 0 already present, 0 rejected"));
}

TEST_CASE("cli: a database that cannot be looked at is not reported as absent") {
  TempDir dir;
  // A folder that loops back on itself cannot be looked into, by root or anyone: the cause is
  // said, not "no case database here" (whose advice, `init`, would fail the same way).
  std::filesystem::create_symlink(dir / "loop", dir / "loop");
  const auto looped = run_timescales("case list --db " + quoted_path(dir / "loop" / "cases.db"));
  CHECK(looped.status == 2);
  CHECK_THAT(looped.out, !Catch::Contains("no case database here"));
  CHECK_THAT(looped.out, Catch::Contains("symbolic links"));
  // Permission denied on its folder, where the test is not root (root may look anywhere).
  if (::geteuid() != 0) {
    std::filesystem::create_directories(dir / "locked");
    REQUIRE(run_timescales("init --db " + quoted_path(dir / "locked" / "cases.db")).status == 0);
    std::filesystem::permissions(dir / "locked", std::filesystem::perms::none);
    const auto locked = run_timescales("case list --db " + quoted_path(dir / "locked" / "cases.db"));
    std::filesystem::permissions(dir / "locked", std::filesystem::perms::owner_all);
    CHECK(locked.status == 2);
    CHECK_THAT(locked.out, Catch::Contains("ermission denied") && !Catch::Contains("no case database here"));
  }
}
