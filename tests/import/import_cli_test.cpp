// `timescales import` with the new pieces: each file's mapping chosen by name, a mapping checked
// before any row is read, a file whose every row is rejected held back with exit 2, and a
// re-imported row with another date reported as a possible correction with its command.
#include <catch2/catch.hpp>

#include "tests/import/import_support.hpp"

using namespace timescales;
using namespace timescales::test;
namespace fs = std::filesystem;

namespace {

struct Db {
  TempDir dir;
  std::string db = "--db " + quoted_path(dir / "cases.db");
  Db() { REQUIRE(run_timescales("init " + db).status == 0); }
};

}  // namespace

TEST_CASE("cli: import --import-config reads each file with the mapping its name matches") {
  Db d;
  write(d.dir / "steps.toml", kStepsMapping);
  const auto config = write(d.dir / "imports.toml",
                            "[[export]]\npattern = \"steps-*.csv\"\nmapping = \"steps.toml\"\n"
                            "[[export]]\npattern = \"native-*.csv\"\n");
  const auto steps = write(d.dir / "steps-1.csv", "Ref,Step,When\nCMP-1,RECV,01/12/2026\n");
  const auto native = write(d.dir / "native-1.csv", "case_id,workflow,event,date\nCMP-2,complaints-statutory,received,2026-12-02\n");
  const auto stray = write(d.dir / "other.csv", "case_id,workflow,event,date\nCMP-3,complaints-statutory,received,2026-12-02\n");
  const auto r = run_timescales("import " + d.db + " --import-config " + quoted_path(config) + " " + quoted_path(steps) +
                                " " + quoted_path(native) + " " + quoted_path(stray));
  INFO(r.out);
  CHECK(r.status == 2);  // other.csv matches no pattern
  CHECK_THAT(r.out, Catch::Contains("steps-1.csv: 1 new") && Catch::Contains("native-1.csv: 1 new") &&
                        Catch::Contains("other.csv: no [[export]] pattern"));
}

TEST_CASE("cli: import refuses a mapping naming a misspelt event before reading a row") {
  Db d;
  const auto mapping = write(d.dir / "steps.toml", std::string(kStepsMapping) + "STG1 = \"stage1_respond\"\n");
  const auto steps = write(d.dir / "steps-1.csv", "Ref,Step,When\nCMP-1,RECV,01/12/2026\n");
  const auto r = run_timescales("import " + d.db + " --mapping " + quoted_path(mapping) + " " + quoted_path(steps));
  INFO(r.out);
  CHECK(r.status == 2);
  // Line 12, the value at column 8.
  CHECK_THAT(r.out, Catch::Contains("steps.toml:12:8: [events] 'STG1' stands for 'stage1_respond'"));
  auto store = fresh_store(d.dir / "cases.db");
  CHECK(count_rows(store.connection(), "events") == 0);
}

TEST_CASE("cli: import holds back a file whose every row is rejected, exit 2") {
  Db d;
  const auto file = write(d.dir / "typo.csv", "case_id,workflow,event,date\nCMP-1,complaints-statutory,recieved,2026-12-01\n");
  const auto r = run_timescales("import " + d.db + " " + quoted_path(file));
  INFO(r.out);
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains("typo.csv: NOT imported, 1 of its 1 rows rejected (every one)") &&
                        Catch::Contains("line 2: complaints-statutory has no event 'recieved'"));
}

TEST_CASE("cli: a re-imported row with a fixed date is a possible correction, with the command") {
  Db d;
  const auto monday = write(d.dir / "monday.csv", "case_id,workflow,event,date\nCMP-1,complaints-statutory,received,2026-12-01\n");
  REQUIRE(run_timescales("import " + d.db + " " + quoted_path(monday)).status == 0);
  const auto tuesday = write(d.dir / "tuesday.csv", "case_id,workflow,event,date\nCMP-1,complaints-statutory,received,2026-12-02\n");
  const auto r = run_timescales("import " + d.db + " " + quoted_path(tuesday));
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("0 new, 0 already present, 0 rejected, 1 possible corrections") &&
                        Catch::Contains("line 2: possible correction, not imported: event 1 of case 'CMP-1' is received on "
                                        "2026-12-01; this row says 2026-12-02. To correct it: timescales case correct-event --db " +
                                        (d.dir / "cases.db").string() + " 1 --date 2026-12-02 --why \"…\""));
  auto store = fresh_store(d.dir / "cases.db");
  CHECK(count_rows(store.connection(), "events") == 1);
}
