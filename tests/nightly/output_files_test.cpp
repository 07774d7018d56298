// The nightly run's output files (issue 16): one file per recipient whatever the teams are called,
// temporaries of their own, a duplicate refused before the run records itself, the user's own
// --out folder left as it is, and CSVs safe to open in a spreadsheet.
#include <catch2/catch.hpp>

#include "tests/nightly/nightly_support.hpp"
#include "tests/support/run_cli.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "adapters/files/text_files.hpp"

namespace fs = std::filesystem;
using timescales::test::run_cli;
using timescales::test::slurp;
using timescales::test::TempDir;

namespace {

const std::string kData = std::string("--data ") + TIMESCALES_SOURCE_DIR + " ";

// A store holding one complaint per team named, each received Fri 19 Dec 2025; as of Mon 5 Jan
// 2026 each is running, due Wed 7 Jan (22, 23, 24, 29, 30, 31 Dec, 2, 5, 6, 7 Jan).
std::string store_with_teams(const TempDir& tmp, const std::vector<std::pair<std::string, std::string>>& cases) {
  const fs::path csv = tmp.path / "complaints.csv";
  {
    std::ofstream out(csv);
    out << "case_id,workflow,event,date,reason,team\n";
    for (const auto& [id, team] : cases) out << id << ",complaints-statutory,received,2025-12-19,," << team << "\n";
  }
  const std::string db = "--db " + (tmp.path / "cases.db").string();
  REQUIRE(run_cli(kData + "init " + db).status == 0);
  auto imported = run_cli(kData + "import " + db + " " + csv.string());
  INFO(imported.out);
  REQUIRE(imported.status == 0);
  return db;
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("teams whose names differ only in punctuation get a digest each, and the run works") {
  TempDir tmp{"timescales-names-"};
  const auto db = store_with_teams(tmp, {{"CMP-1", "CIN Widnes"}, {"CMP-2", "CIN-Widnes"}, {"CMP-3", "CIN/Widnes"}});
  const fs::path out = tmp.path / "out";
  auto night = run_cli(kData + "nightly " + db + " --as-of 2026-01-05 --out " + out.string());
  INFO(night.out);
  REQUIRE(night.status == 0);
  // A space is '+', '-' stays, anything else %XX: three names, three files.
  const std::string spaced = slurp(out / "alerts" / "team-CIN+Widnes.txt");
  const std::string dashed = slurp(out / "alerts" / "team-CIN-Widnes.txt");
  const std::string slashed = slurp(out / "alerts" / "team-CIN%2FWidnes.txt");
  CHECK_THAT(spaced, Catch::Contains("CMP-1") && !Catch::Contains("CMP-2") && !Catch::Contains("CMP-3"));
  CHECK_THAT(dashed, Catch::Contains("CMP-2") && !Catch::Contains("CMP-1") && !Catch::Contains("CMP-3"));
  CHECK_THAT(slashed, Catch::Contains("CMP-3") && !Catch::Contains("CMP-1") && !Catch::Contains("CMP-2"));
  CHECK(fs::exists(out / "alerts" / "team-CIN+Widnes.eml"));
  // No temporary is left behind.
  for (const auto& f : fs::recursive_directory_iterator(out)) {
    INFO(f.path());
    CHECK(f.path().string().find(".tmp-") == std::string::npos);
  }
}

TEST_CASE("a team named as a formula reaches the report CSVs as text, each CSV opening with a BOM") {
  TempDir tmp{"timescales-formula-"};
  const auto db = store_with_teams(tmp, {{"CMP-1", "\"=HYPERLINK(\"\"http://x\"\")\""}, {"CMP-2", "-3"}});
  const fs::path out = tmp.path / "out";
  auto night = run_cli(kData + "nightly " + db + " --as-of 2026-01-05 --out " + out.string());
  INFO(night.out);
  REQUIRE(night.status == 0);
  const std::string by_team = slurp(out / "open-cases-by-team.csv");
  CHECK_THAT(by_team, Catch::StartsWith("\xEF\xBB\xBF" "Team,Workflow,Open,At risk,Overdue\r\n"));
  // Open 1, at risk 0, overdue 1: Stage 1 is due 7 Jan, but the acknowledgement (3 working days:
  // 22, 23, 24 Dec) was due 24 Dec and never came. The team as text, neither formula nor -3.
  CHECK_THAT(by_team, Catch::Contains("\r\n\"'=HYPERLINK(\"\"http://x\"\")\",complaints-statutory,1,0,1\r\n"));
  CHECK_THAT(by_team, Catch::Contains("\r\n'-3,complaints-statutory,1,0,1\r\n"));
  for (const auto& f : fs::directory_iterator(out)) {
    if (f.path().extension() != ".csv") continue;
    INFO(f.path());
    CHECK_THAT(slurp(f.path()), Catch::StartsWith("\xEF\xBB\xBF"));
  }
}

TEST_CASE("the --out folder: one the run creates is owner-only, the user's own is left as it is") {
  TempDir tmp{"timescales-out-folder-"};
  const auto db = store_with_teams(tmp, {{"CMP-1", "CIN Widnes"}});

  const fs::path made = tmp.path / "new" / "out";
  auto night = run_cli(kData + "nightly " + db + " --as-of 2026-01-05 --out " + made.string());
  INFO(night.out);
  REQUIRE(night.status == 0);
  CHECK(mode_of(tmp.path / "new") == 0700);
  CHECK(mode_of(made) == 0700);
  CHECK(mode_of(made / "alerts") == 0700);
  CHECK_THAT(night.out, !Catch::Contains("warning"));

  // A group's shared folder (setgid, group-writable): kept so, with a warning; the files are still
  // owner-only; the alerts folder the run makes in it is owner-only.
  const fs::path shared = tmp.path / "shared";
  fs::create_directories(shared);
  REQUIRE(::chmod(shared.c_str(), 02770) == 0);
  night = run_cli(kData + "nightly " + db + " --as-of 2026-01-05 --out " + shared.string());
  INFO(night.out);
  REQUIRE(night.status == 0);
  CHECK(mode_of(shared) == 02770);
  CHECK_THAT(night.out, Catch::Contains("warning: " + shared.string() + " can be read or written by others"));
  CHECK(mode_of(shared / "alerts") == 0700);
  CHECK(mode_of(shared / "flags.csv") == 0600);
  CHECK(mode_of(shared / "alerts" / "team-CIN+Widnes.txt") == 0600);

  // An owner-only folder of the user's own: no warning, left as it is.
  const fs::path own = tmp.path / "own";
  fs::create_directories(own / "alerts");
  REQUIRE(::chmod(own.c_str(), 0700) == 0);
  REQUIRE(::chmod((own / "alerts").c_str(), 0700) == 0);
  night = run_cli(kData + "nightly " + db + " --as-of 2026-01-05 --out " + own.string());
  REQUIRE(night.status == 0);
  CHECK_THAT(night.out, !Catch::Contains("warning"));
  CHECK(mode_of(own) == 0700);
}

TEST_CASE("two files staged for one path have temporaries of their own, a shared path is refused") {
  using namespace timescales;
  TempDir tmp{"timescales-staged-"};
  const fs::path path = tmp.path / "team-x.txt";
  auto first = StagedFile::stage(path, "first", FileAccess::owner_only);
  auto second = StagedFile::stage(path, "second", FileAccess::owner_only);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  std::vector<StagedFile> alerts, reports;
  alerts.push_back(std::move(*first));
  reports.push_back(std::move(*second));
  auto refused = refuse_shared_paths({&alerts, &reports});
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Catch::Contains(path.string()));
  // Each still holds its own text: placing both works, the later wins.
  CHECK(alerts[0].place().ok());
  CHECK(slurp(path) == "first");
  CHECK(reports[0].place().ok());
  CHECK(slurp(path) == "second");
  std::vector<StagedFile> distinct;
  auto other = StagedFile::stage(tmp.path / "team-y.txt", "y");
  REQUIRE(other.ok());
  distinct.push_back(std::move(*other));
  CHECK(refuse_shared_paths({&distinct}).ok());
}

// Issue 18, defect 8: a run killed while staging its outputs left whole outputs under temporary
// names (owner-only, but holding children's cases) that nothing removed. The next run removes
// those whose process is gone, and leaves a live process's and every other file alone.
TEST_CASE("the next run removes the temporaries a run killed while staging left, and only those") {
  TempDir tmp{"timescales-abandoned-"};
  const auto db = store_with_teams(tmp, {{"CMP-1", "CIN Widnes"}});
  const fs::path out = tmp.path / "out";
  fs::create_directories(out / "alerts");
  // A process that has ended (and been reaped): its id names no process now.
  const pid_t gone = ::fork();
  REQUIRE(gone >= 0);
  if (gone == 0) ::_exit(0);
  REQUIRE(::waitpid(gone, nullptr, 0) == gone);
  const std::string dead = std::to_string(gone);
  const std::string live = std::to_string(::getpid());  // this test: alive while the run runs
  const std::vector<fs::path> abandoned{out / ("compliance-report.html.tmp-" + dead + "-0"),
                                        out / "alerts" / ("team-cin-widnes.eml.tmp-" + dead + "-17")};
  std::vector<fs::path> kept{out / ("flags.csv.tmp-" + live + "-3"), out / "notes.tmp-draft",
                             out / ("minutes.tmp-" + dead)};
  // Owner-only, as StagedFile makes them; and one of another program, readable by others.
  const fs::path shared = out / ("shared.txt.tmp-" + dead + "-1");
  kept.push_back(shared);
  for (const auto& p : abandoned) std::ofstream(p) << "CMP-1 of yesterday";
  for (const auto& p : kept) std::ofstream(p) << "not the run's";
  for (const auto& p : abandoned) fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write);
  fs::permissions(shared, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);

  auto night = run_cli(kData + "nightly " + db + " --as-of 2026-01-05 --out " + out.string());
  INFO(night.out);
  REQUIRE(night.status == 0);
  CHECK_THAT(night.out, Catch::Contains("removed 1 unfinished output file(s) from " + out.string() + ","));
  for (const auto& p : abandoned) {
    INFO(p);
    CHECK_FALSE(fs::exists(p));
  }
  for (const auto& p : kept) {
    INFO(p);
    CHECK(fs::exists(p));
  }
  // And the run's own files are all in place, no temporary of its own left.
  CHECK(fs::exists(out / "compliance-report.html"));
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    const std::string name = entry.path().filename().string();
    if (std::find(kept.begin(), kept.end(), entry.path()) != kept.end()) continue;
    INFO(entry.path());
    CHECK(name.find(".tmp-") == std::string::npos);
  }
}
