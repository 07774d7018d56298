// Outputs follow the declarations, not the C++: a workflow no C++ names (tests/fixtures/widgets,
// `test-widget-requests`, one deadline of 5 working days), with its outputs declared in its
// rules/outputs.toml and rules/measures.toml, reaches every output of the nightly run. And
// `timescales check` places each unknown name in an outputs file at its line and column.
#include <catch2/catch.hpp>

#include "tests/nightly/nightly_support.hpp"
#include "tests/support/run_cli.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using timescales::test::run_cli;

namespace {

using timescales::test::slurp;
using timescales::test::TempDir;

const fs::path kSource = TIMESCALES_SOURCE_DIR;

}  // namespace

TEST_CASE("a workflow no C++ names reaches the digests, open cases, a measure row and the calendar feed") {
  TempDir tmp{"timescales-declared-"};
  // The fixture's data folder, with the shipped England and Wales calendar beside its rules.
  const fs::path data = tmp.path / "data";
  fs::copy(kSource / "tests" / "fixtures" / "widgets", data, fs::copy_options::recursive);
  fs::copy(kSource / "rules" / "calendars", data / "rules" / "calendars", fs::copy_options::recursive);
  const std::string cli = "--data " + data.string() + " ";

  auto check = run_cli(cli + "check");
  INFO(check.out);
  REQUIRE(check.status == 0);
  CHECK_THAT(check.out, Catch::Contains("ok  outputs " + (data / "rules" / "outputs.toml").string()));

  // Working days: Monday to Friday less England and Wales bank holidays (1 Jan 2026 among them).
  //   WID-1 requested Mon 5 Jan: 6, 7, 8, 9, 12 -> due Mon 12 Jan; sent Fri 9 Jan: met (closed).
  //   WID-2 requested Mon 5 Jan, due Mon 12 Jan; sent Wed 14 Jan: missed (closed).
  //   WID-3 requested Thu 8 Jan: 9, 12, 13, 14, 15 -> due Thu 15 Jan; on Wed 14 Jan 1 working day
  //         left (15 Jan): due soon.
  //   WID-4 requested Mon 29 Dec 2025: 30, 31 Dec, [1 Jan], 2, 5, 6 Jan -> due Tue 6 Jan; on Wed
  //         14 Jan 6 working days over (7, 8, 9, 12, 13, 14): overdue.
  const fs::path csv = tmp.path / "widgets.csv";
  std::ofstream(csv) << "case_id,workflow,event,date,reason,team,cohort\n"
                        "WID-1,test-widget-requests,widget_requested,2026-01-05,,Widget Desk,\n"
                        "WID-1,test-widget-requests,widget_sent,2026-01-09,,Widget Desk,\n"
                        "WID-2,test-widget-requests,widget_requested,2026-01-05,,Widget Desk,\n"
                        "WID-2,test-widget-requests,widget_sent,2026-01-14,,Widget Desk,\n"
                        "WID-3,test-widget-requests,widget_requested,2026-01-08,,Widget Desk,\n"
                        "WID-4,test-widget-requests,widget_requested,2025-12-29,,Widget Desk,\n";
  const std::string db = "--db " + (tmp.path / "widgets.db").string();
  REQUIRE(run_cli(cli + "init " + db).status == 0);
  auto imported = run_cli(cli + "import " + db + " " + csv.string());
  INFO(imported.out);
  REQUIRE(imported.status == 0);
  const fs::path out = tmp.path / "out";
  auto night = run_cli(cli + "nightly " + db + " --as-of 2026-01-14 --out " + out.string());
  INFO(night.out);
  REQUIRE(night.status == 0);

  // The digest of the audience its rule names, under its declared subject; and no other.
  const std::string digest = slurp(out / "alerts" / "widget_desk.txt");
  CHECK_THAT(digest, Catch::StartsWith("Widget deadlines for widget_desk on "));
  CHECK_THAT(digest, Catch::Contains("WID-4  requested  widget_reply  due 2026-01-06  6 working days over  owed by Widget Desk"));
  CHECK_THAT(digest, Catch::Contains("WID-3  requested  widget_reply  due 2026-01-15  1 working day left  owed by Widget Desk"));
  CHECK(digest.find("WID-1") == std::string::npos);  // sent: closed
  CHECK_THAT(slurp(out / "alerts" / "widget_desk.eml"),
             Catch::Contains("Subject: Widget deadlines 2026-01-14: 1 overdue, 0 due today, 1 due soon"));
  CHECK_FALSE(fs::exists(out / "alerts" / "complaints_officer.txt"));  // not declared here

  // The open-cases tables: two open, one overdue.
  CHECK_THAT(slurp(out / "open-cases-by-team.csv"), Catch::Contains("\r\nWidget Desk,test-widget-requests,2,0,1\r\n"));
  CHECK_THAT(slurp(out / "open-cases-by-team.csv"), Catch::Contains("\r\nAll,All,2,0,1\r\n"));
  // "-6 working days" is text a spreadsheet would take for a formula: behind an apostrophe (issue 16).
  CHECK_THAT(slurp(out / "open-cases-overdue-at-risk.csv"),
             Catch::Contains("\r\nWID-4,Widget Desk,test-widget-requests,requested,overdue,widget_reply,2026-01-06,"
                             "'-6 working days,"));

  // The measure: financial year 2025-26 to 14 Jan 2026, the clocks stopped: WID-1 met, WID-2
  // missed -> 1 of 2 = 50%.
  const std::string performance = slurp(out / "performance.csv");
  CHECK_THAT(performance, Catch::Contains("TEST WID01,"));
  CHECK_THAT(performance, Catch::Contains("2025-26 to 14 Jan 2026: 50% (1 of 2)"));

  // The calendar feed: the two open deadlines.
  const std::string ics = slurp(out / "deadlines.ics");
  CHECK_THAT(ics, Catch::Contains("UID:WID-3.widget_reply@timescales"));
  CHECK_THAT(ics, Catch::Contains("DTSTART;VALUE=DATE:20260115"));
  CHECK_THAT(ics, Catch::Contains("SUMMARY:WID-4: widget_reply (OVERDUE) due"));
  CHECK_THAT(ics, Catch::Contains("CATEGORIES:test-widget-requests"));
  CHECK(ics.find("WID-1") == std::string::npos);

  // And the rule's flag, for good measure.
  CHECK_THAT(slurp(out / "flags.csv"), Catch::Contains("WID-4,test-widget-requests,Widget Desk,widget-reply-overdue,overdue,"));
}

TEST_CASE("check places an unknown workflow, timer or event in an outputs file at file:line:column") {
  const fs::path bad = kSource / "tests" / "fixtures" / "bad-outputs" / "outputs.toml";
  auto r = run_cli("check " + bad.string());
  INFO(r.out);
  CHECK(r.status == 2);  // bad input (README); was 1 before issue 16
  // Line 5: workflows = ["complaints-statutory", "complaints-statuary"]; the second name's quote
  // is column 38 (13 for `workflows = [`, 22 for the first name, 2 for ", ").
  CHECK_THAT(r.out, Catch::Contains(bad.string() + ":5:38: unknown workflow 'complaints-statuary'"));
  // Line 9: timers = ["stage1_responce"]; `timers = [` is 10 characters.
  CHECK_THAT(r.out, Catch::Contains(bad.string() + ":9:11: workflow 'complaints-statutory' has no timer 'stage1_responce'"));
  // Line 16: extension_event = "stage1_extension"; `extension_event = ` is 18 characters.
  CHECK_THAT(r.out,
             Catch::Contains(bad.string() + ":16:19: workflow 'complaints-statutory' has no event 'stage1_extension'"));
  CHECK_THAT(r.out, Catch::Contains("3 problems found"));

  // The shipped declarations pass.
  auto shipped = run_cli("check " + (kSource / "rules" / "outputs.toml").string() + " " +
                         (kSource / "rules" / "measures.toml").string());
  INFO(shipped.out);
  CHECK(shipped.status == 0);
}
