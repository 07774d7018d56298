// The nightly's import step as a council runs it: an import folder with several exports, each
// read with its own mapping by file name; one whose mapping names a misspelt event, which must
// make the run exit 2 and stay where it was; rejected rows in a rejects file of the run's own,
// which the summary names; and the digest noting the rejected row beside the alert it explains.
#include <catch2/catch.hpp>

#include <algorithm>

#include "adapters/files/text_files.hpp"
#include "tests/import/import_support.hpp"

using namespace timescales;
using namespace timescales::test;
namespace fs = std::filesystem;

namespace {

// No archive or rejects: the defaults, <import folder>/imported and <out>/rejects.
constexpr const char* kConfig = R"toml([[export]]
pattern = "complaints-*.csv"
mapping = "mappings/complaints.toml"

[[export]]
pattern = "corporate-*.csv"
mapping = "mappings/corporate.toml"

[[export]]
pattern = "ehcp-*.csv"
)toml";

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("nightly --import-config: two exports with their own mappings import, a misspelt one stays and exits 2") {
  TempDir dir;
  const fs::path db = dir / "cases.db", incoming = dir / "incoming", out = dir / "out";
  REQUIRE(run_timescales("init --db " + quoted_path(db)).status == 0);
  write(dir / "config" / "mappings" / "complaints.toml",
        *read_text_file(fs::path(TIMESCALES_SOURCE_DIR) / "tests" / "fixtures" / "import" / "complaints-day-first.toml"));
  write(dir / "config" / "mappings" / "corporate.toml", kMisspeltMapping);
  const auto config = write(dir / "config" / "imports.toml", kConfig);
  // Five rows, one rejected (CMP-1's acknowledgement, 32 December): a fifth, not more, so the
  // file imports. CMP-1 then looks unacknowledged.
  write(incoming / "complaints-2026-12-09.csv",
        "Ref,Step,When,Team\n"
        "CMP-1,RECV,01/12/2026,CIN Widnes\n"
        "CMP-1,ACK,32/12/2026,CIN Widnes\n"
        "CMP-2,RECV,02/12/2026,CIN Widnes\n"
        "CMP-2,ACK,03/12/2026,CIN Widnes\n"
        "CMP-3,RECV,08/12/2026,CIN Runcorn\n");
  write(incoming / "ehcp-2026-12-09.csv",
        "case_id,workflow,event,date,reason\nEHC-1,ehcp-needs-assessment,request_received,2026-11-02,\n");
  write(incoming / "corporate-2026-12-09.csv", "Ref,Step,When\nCORP-1,RECV,01/12/2026\nCORP-1,ACK,02/12/2026\n");

  const auto night = run_timescales("nightly --db " + quoted_path(db) + " --as-of 2026-12-10 --out " + quoted_path(out) +
                                    " --import-dir " + quoted_path(incoming) + " --import-config " + quoted_path(config));
  INFO(night.out);
  CHECK(night.status == 2);
  // The held-back file, named with its mapping's problem at line and column, left in place.
  CHECK_THAT(night.out, Catch::Contains("NOT imported, left in the import folder: " + (incoming / "corporate-2026-12-09.csv").string()) &&
                            Catch::Contains("corporate.toml:11:7: [events] 'ACK' stands for 'acknowleged'") &&
                            Catch::Contains("1 export was not imported (exit status 2)."));
  CHECK(files_in(incoming) == std::vector<fs::path>{incoming / "corporate-2026-12-09.csv"});

  // The other two imported, each by its own layout, and archived under the run's date and time.
  const auto archived = files_in(incoming / "imported");
  REQUIRE(archived.size() == 2);
  CHECK_THAT(archived[0].filename().string(), Catch::Matches("20[0-9-]{8}T[0-9]{6}Z-complaints-2026-12-09\\.csv"));
  CHECK_THAT(archived[1].filename().string(), Catch::Matches("20[0-9-]{8}T[0-9]{6}Z-ehcp-2026-12-09\\.csv"));
  CHECK_THAT(night.out, Catch::Contains("imported 5 new events, rejected 1 rows"));

  // The rejects file is the run's own, and the summary points to it.
  const auto rejects = files_in(out / "rejects");
  REQUIRE(rejects.size() == 1);
  CHECK_THAT(rejects[0].filename().string(), Catch::Matches("20[0-9-]{8}T[0-9]{6}Z-complaints-2026-12-09\\.csv"));
  CHECK_THAT(night.out, Catch::Contains("Rejected 1 row: see " + rejects[0].string()));
  CHECK_THAT(*read_text_file(rejects[0]), Catch::Contains("complaints-2026-12-09.csv,3,CMP-1,"));

  // The night went on: the digest has CMP-1's overdue acknowledgement (received Tuesday 1
  // December, 3 working days: due Friday 4 December), with the rejected row beside it.
  auto store = fresh_store(db);
  auto kept = store.rejected_rows({"CMP-1"});
  REQUIRE(kept.ok());
  REQUIRE(kept->size() == 1);
  const std::string digest = *read_text_file(out / "alerts" / "complaints_officer.txt");
  std::string line;
  for (size_t at = digest.find("CMP-1 "); at != std::string::npos && line.find("acknowledgement") == std::string::npos;
       at = digest.find("CMP-1 ", at + 1))
    line = digest.substr(at, digest.find('\n', at) - at);
  CHECK_THAT(line, Catch::Contains("acknowledgement  due 2026-12-04") &&
                       Catch::EndsWith("(1 row rejected for this case on " + to_iso((*kept)[0].day) + ")"));
  // CMP-2 had no row rejected: none of its lines carries a note.
  for (size_t at = digest.find("  CMP-2 "); at != std::string::npos; at = digest.find("  CMP-2 ", at + 1))
    CHECK_THAT(digest.substr(at, digest.find('\n', at) - at), !Catch::Contains("rejected"));

  // Once the mapping is fixed, the held-back file imports whole on the next run.
  write(dir / "config" / "mappings" / "corporate.toml",
        std::string(kMisspeltMapping).replace(std::string(kMisspeltMapping).find("acknowleged"), 11, "acknowledged"));
  const auto next = run_timescales("nightly --db " + quoted_path(db) + " --as-of 2026-12-10 --out " + quoted_path(out) +
                                   " --import-dir " + quoted_path(incoming) + " --import-config " + quoted_path(config));
  INFO(next.out);
  CHECK(next.status != 2);
  CHECK(files_in(incoming).empty());
  CHECK(*store.connection().query_int("SELECT count(*) FROM events WHERE case_id = 'CORP-1'") == 2);
}

TEST_CASE("nightly: an export whose every row names a misspelt event exits 2 and stays where it was") {
  TempDir dir;
  const fs::path db = dir / "cases.db", incoming = dir / "incoming", out = dir / "out";
  REQUIRE(run_timescales("init --db " + quoted_path(db)).status == 0);
  write(incoming / "export.csv",
        "case_id,workflow,event,date,reason\n"
        "CMP-1,complaints-statutory,recieved,2026-12-01,\n"
        "CMP-2,complaints-statutory,recieved,2026-12-02,\n");
  const auto night = run_timescales("nightly --db " + quoted_path(db) + " --as-of 2026-12-10 --out " + quoted_path(out) +
                                    " --import-dir " + quoted_path(incoming));
  INFO(night.out);
  CHECK(night.status == 2);
  CHECK_THAT(night.out, Catch::Contains("2 of its 2 rows rejected (every one): nothing of it was imported"));
  CHECK(fs::exists(incoming / "export.csv"));
  CHECK_FALSE(fs::exists(incoming / "imported"));
  // The night's outputs are still written: the rest of the caseload has deadlines too.
  CHECK(fs::exists(out / "alerts" / "complaints_officer.txt"));
}
