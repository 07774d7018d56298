// The README's main job end to end: a demo caseload, then the nightly run over it.
#include <catch2/catch.hpp>

#include "tests/nightly/nightly_support.hpp"
#include "tests/support/run_cli.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sqlite3.h>

#include "adapters/demo/demo_caseload.hpp"

namespace fs = std::filesystem;

namespace {

using timescales::test::run_cli;

using timescales::test::slurp;
using timescales::test::TempDir;

}  // namespace

TEST_CASE("The demo caseload is the size of Halton's and the same for a seed") {
  using namespace timescales;
  const auto as_of = *parse_iso_date("2026-11-22");
  const auto a = demo::generate_demo_caseload({as_of, 4, 1.0, 7});
  const auto b = demo::generate_demo_caseload({as_of, 4, 1.0, 7});
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) REQUIRE(a[i].events.size() == b[i].events.size());
  std::map<std::string, int> per_workflow;
  for (const auto& c : a) per_workflow[c.workflow]++;
  // 45 complaints and 250 requests a year for 4 years; 1,100 plans; one admissions cycle a year.
  CHECK(per_workflow["complaints-statutory"] == 180);
  CHECK(per_workflow["ehcp-needs-assessment"] == 1000);
  CHECK(per_workflow["ehcp-annual-review"] == 1100);
  CHECK(per_workflow["admissions-arrangements"] >= 4);
  for (const auto& c : a)
    for (const auto& e : c.events) REQUIRE(e.date <= as_of);
}

TEST_CASE("nightly writes every output owner-only and says data problems with exit status 1") {
  TempDir tmp;
  const std::string db = (tmp.path / "demo.db").string();
  const auto out = tmp.path / "out";
  auto demo = run_cli("demo --db " + db + " --as-of 2026-11-22");
  REQUIRE(demo.status == 0);
  struct stat st {};
  REQUIRE(::stat(db.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  auto night = run_cli("nightly --db " + db + " --as-of 2026-11-22 --out " + out.string());
  // The demo seeds a few responses typed with the wrong year: worked, with data problems.
  CHECK(night.status == 1);
  CHECK_THAT(night.out, Catch::Contains("Worked, with data problems"));
  for (const char* f : {"compliance-report.html", "ehcp-tracking.html", "deadlines.ics", "flags.csv",
                        "data-problems.csv", "performance.csv", "complaints-stage1.csv",
                        "alerts/complaints_officer.txt", "alerts/complaints_officer.eml"}) {
    INFO(f);
    REQUIRE(fs::exists(out / f));
    REQUIRE(::stat((out / f).c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
  CHECK_THAT(slurp(out / "data-problems.csv"), Catch::Contains("is before received"));
  // The reports see the open cases too (the run lends them to the digests and takes them back).
  CHECK_THAT(slurp(out / "open-cases-by-team.csv"), Catch::Contains("SEND Reviews,ehcp-annual-review,"));
  CHECK_THAT(slurp(out / "ehcp-tracking-assessments.csv"), Catch::Contains("EHC-2026-"));

  // A second run the same night records a second run and writes the same report.
  const std::string first = slurp(out / "compliance-report.html");
  auto again = run_cli("nightly --db " + db + " --as-of 2026-11-22 --out " + out.string());
  CHECK(again.status == 1);
  CHECK(slurp(out / "compliance-report.html") == first);
}

TEST_CASE("nightly fails clearly, exit status 2, on a missing database or a bad date") {
  TempDir tmp;
  auto missing = run_cli("nightly --db " + (tmp.path / "none.db").string() + " --as-of 2026-11-22 --out " +
                         (tmp.path / "out").string());
  CHECK(missing.status == 2);
  CHECK_THAT(missing.out, Catch::Contains("none.db"));
  auto bad = run_cli("nightly --db x.db --as-of 2026-02-30 --out " + (tmp.path / "out").string());
  CHECK(bad.status == 2);
  CHECK_THAT(bad.out, Catch::Contains("--as-of"));
}

TEST_CASE("a nightly run that cannot record itself writes no outputs and records no run that is read") {
  TempDir tmp;
  const std::string db = (tmp.path / "demo.db").string();
  const auto out = tmp.path / "out";
  REQUIRE(run_cli("demo --db " + db + " --as-of 2026-11-22").status == 0);
  auto query = [&](const std::string& sql) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    std::string answer;
    char* error = nullptr;
    auto collect = [](void* into, int, char** values, char**) {
      *static_cast<std::string*>(into) += values[0] ? values[0] : "NULL";
      return 0;
    };
    CHECK(sqlite3_exec(handle, sql.c_str(), collect, &answer, &error) == SQLITE_OK);
    sqlite3_free(error);
    sqlite3_close(handle);
    return answer;
  };
  // The record fails at its very end (the run's counts, written last, marking it finished), after
  // every case has been read, assessed and recorded and the outputs rendered and staged.
  query("CREATE TRIGGER refuse_run_counts BEFORE UPDATE ON runs "
        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
  const std::string closed_before = query("SELECT count(*) FROM cases WHERE closed = 1");
  REQUIRE(closed_before == "0");  // the demo closes nothing; the first run would close many

  auto night = run_cli("nightly --db " + db + " --as-of 2026-11-22 --out " + out.string());
  CHECK(night.status == 2);
  CHECK_THAT(night.out, Catch::Contains("refused by the test"));
  // The run is recorded a chunk at a time (so that it holds the store only briefly): what it
  // recorded stays under a row never marked finished, which no reader of runs sees. The cases it
  // found closed were marked so chunk by chunk, as what their events say.
  CHECK(query("SELECT count(*) FROM runs WHERE finished_at <> ''") == "0");
  CHECK(query("SELECT count(*) FROM runs WHERE finished_at = ''") == "1");
  CHECK(query("SELECT count(*) FROM cases WHERE closed = 1") != closed_before);
  for (const char* f : {"compliance-report.html", "deadlines.ics", "flags.csv", "alerts/complaints_officer.txt"}) {
    INFO(f);
    CHECK_FALSE(fs::exists(out / f));
  }
  // Nor half-made ones: the outputs staged while the record was being written are removed.
  for (const auto& left : fs::recursive_directory_iterator(out)) {
    INFO(left.path());
    CHECK(left.is_directory());
  }

  // Once the store accepts the record, the same run works and writes them.
  query("DROP TRIGGER refuse_run_counts");
  auto retried = run_cli("nightly --db " + db + " --as-of 2026-11-22 --out " + out.string());
  CHECK(retried.status == 1);
  CHECK(query("SELECT count(*) FROM runs WHERE finished_at <> ''") == "1");
  // The failed run's per-case rows are pruned by this one; its row stays, unfinished, as its trace.
  CHECK(query("SELECT count(*) FROM run_cases WHERE run_id = (SELECT min(id) FROM runs)") == "0");
  CHECK(fs::exists(out / "compliance-report.html"));
  CHECK(query("SELECT count(*) FROM pragma_foreign_key_check") == "0");
}
