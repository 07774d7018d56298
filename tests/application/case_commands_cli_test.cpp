// The officer's corrections at the command line (issue 16 item 1) and a demo that can be run
// again (item 4), through the built program as an officer would run it.
#include <catch2/catch.hpp>

#include "adapters/cli/command_line_audit.hpp"

#include <filesystem>

#include "tests/store/store_test_support.hpp"
#include "tests/support/run_cli.hpp"

namespace fs = std::filesystem;
using timescales::test::run_cli;

namespace {

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

}  // namespace

TEST_CASE("case add-event checks what the import checks, and says which argument is wrong") {
  timescales::test::TempDir dir;
  const std::string db = "--db " + quoted(dir / "cases.db");
  REQUIRE(run_cli("init " + db).status == 0);
  auto opened = run_cli("case add-event " + db +
                        " C-1 received 2026-11-16 --workflow complaints-statutory --team 'CIN Widnes' --owner 'A Officer'");
  REQUIRE(opened.status == 0);
  CHECK_THAT(opened.out, Catch::Contains("recorded event 1: C-1 received 2026-11-16 (new case, complaints-statutory)"));
  // Opened with its team: it is listed under it, not under "(no team recorded)".
  CHECK_THAT(run_cli("case list " + db + " --team 'CIN Widnes' --as-of 2026-11-17").out, Catch::Contains("C-1"));

  const auto no_reason = run_cli("case add-event " + db + " C-1 stage1_extended 2026-11-20");
  CHECK(no_reason.status == 2);
  CHECK_THAT(no_reason.out, Catch::Contains("--reason: stage1_extended extends a limit and needs a reason"));

  const auto before = run_cli("case add-event " + db + " C-1 acknowledged 2026-11-13");
  CHECK(before.status == 2);
  CHECK_THAT(before.out, Catch::Contains("DATE: 2026-11-13 is before 2026-11-16, when the case began"));

  // 2099 is after any day these tests run on.
  const auto future = run_cli("case add-event " + db + " C-1 acknowledged 2099-01-04");
  CHECK(future.status == 2);
  CHECK_THAT(future.out, Catch::Contains("DATE: 2099-01-04 is after today"));
  CHECK(run_cli("case add-event " + db + " C-1 acknowledged 2099-01-04 --allow-future").status == 0);

  const auto team_again = run_cli("case add-event " + db + " C-1 acknowledged 2026-11-17 --team 'CIN Runcorn'");
  CHECK(team_again.status == 2);
  CHECK_THAT(team_again.out, Catch::Contains("--team: case 'C-1' is already open; change its team or owner with `case set`"));
}

TEST_CASE("case add-event --time: a return's time of day is kept and the 72 hours count from it") {
  timescales::test::TempDir dir;
  const std::string db = "--db " + quoted(dir / "cases.db");
  REQUIRE(run_cli("init " + db).status == 0);
  const auto bad = run_cli("case add-event " + db + " MIS-1 returned 2026-03-02 --time 21h40 --workflow missing-episode");
  CHECK(bad.status == 2);
  CHECK_THAT(bad.out, Catch::Contains("--time: '21h40' is not a time of day (expected HH:MM, 24-hour)"));
  const auto added = run_cli("case add-event " + db + " MIS-1 returned 2026-03-02 --time 21:40 --workflow missing-episode");
  REQUIRE(added.status == 0);
  CHECK_THAT(added.out, Catch::Contains("recorded event 1: MIS-1 returned 2026-03-02 21:40 (new case, missing-episode)"));
  const auto show = run_cli("case show " + db + " MIS-1 --as-of 2026-03-04");
  REQUIRE(show.status == 0);
  CHECK_THAT(show.out, Catch::Contains("#1  2026-03-02 21:40  returned"));
  // Returned Monday 2 March at 21:40: 72 hours later is Thursday 5 March at 21:40.
  CHECK_THAT(show.out, Catch::Contains("at 21:40"));
  CHECK_THAT(show.out, Catch::Contains("returned 2026-03-02 21:40 + 72 hours, by 21:40 on 2026-03-05"));

  // The hour was typed wrongly: the child came back at 20:10. Corrected, the 72 hours end at 20:10.
  const auto bad_fix = run_cli("case correct-event " + db + " 1 --time 8pm --why 'wrong hour'");
  CHECK(bad_fix.status == 2);
  CHECK_THAT(bad_fix.out, Catch::Contains("--time: '8pm' is not a time of day"));
  REQUIRE(run_cli("case correct-event " + db + " 1 --time 20:10 --why 'wrong hour'").status == 0);
  const auto fixed = run_cli("case show " + db + " MIS-1 --as-of 2026-03-04");
  CHECK_THAT(fixed.out, Catch::Contains("#2  2026-03-02 20:10  returned"));
  CHECK_THAT(fixed.out, Catch::Contains("returned 2026-03-02 20:10 + 72 hours, by 20:10 on 2026-03-05"));
  // And a time recorded in error is taken out with "": 72 hours from a date alone are 3 days.
  REQUIRE(run_cli("case correct-event " + db + " 2 --time '' --why 'the time was a guess'").status == 0);
  const auto dated = run_cli("case show " + db + " MIS-1 --as-of 2026-03-04");
  CHECK_THAT(dated.out, Catch::Contains("#3  2026-03-02  returned"));
  CHECK_THAT(dated.out, Catch::Contains("no time of day recorded: counted as 3 calendar days after that day"));
}

TEST_CASE("case correct-event and void-event put a mistake right by the event's number, case show keeps the history") {
  timescales::test::TempDir dir;
  const std::string db = "--db " + quoted(dir / "cases.db");
  REQUIRE(run_cli("init " + db).status == 0);
  REQUIRE(run_cli("case add-event " + db + " C-2 received 2026-11-16 --workflow complaints-statutory").status == 0);
  REQUIRE(run_cli("case add-event " + db + " C-2 acknowledged 2026-11-18").status == 0);          // event 2
  REQUIRE(run_cli("case add-event " + db + " C-2 stage1_extended 2026-11-20 --reason complex").status == 0);  // 3

  // The acknowledgement went out on Tuesday 17 November, not the 18th.
  const auto corrected = run_cli("case correct-event " + db + " 2 --date 2026-11-17 --why 'typed the wrong day'");
  REQUIRE(corrected.status == 0);
  CHECK_THAT(corrected.out, Catch::Contains("event 2 of C-2 corrected by event 4"));
  // The extension was recorded against the wrong case.
  REQUIRE(run_cli("case void-event " + db + " 3 --why 'wrong case'").status == 0);

  const auto again = run_cli("case correct-event " + db + " 2 --date 2026-11-19 --why 'again'");
  CHECK(again.status == 2);
  CHECK_THAT(again.out, Catch::Contains("already corrected by event 4"));
  const auto missing = run_cli("case void-event " + db + " 99 --why 'x'");
  CHECK(missing.status == 2);
  CHECK_THAT(missing.out, Catch::Contains("EVENT_ID: there is no event 99"));
  CHECK(run_cli("case correct-event " + db + " 4 --date 2026-11-17 --why ''").status == 2);

  const auto show = run_cli("case show " + db + " C-2 --as-of 2026-11-23");
  REQUIRE(show.status == 0);
  // Each event names who typed it: the operating-system user running the command.
  const std::string by = "from command line by " + timescales::cli::command_line_principal().actor();
  CHECK_THAT(show.out, Catch::Contains("#2  2026-11-18  acknowledged  " + by + "  superseded by #4: typed the wrong day"));
  CHECK_THAT(show.out, Catch::Contains("#3  2026-11-20  stage1_extended (complex)  " + by + "  voided: wrong case"));
  // And the audit log has each read and change of the case, by the same user.
  const auto audit = run_cli("audit " + db + " --case C-2");
  REQUIRE(audit.status == 0);
  for (const char* action : {"\topen_case\t", "\tcorrect_event\t", "\tvoid_event\t", "\tread\t"})
    CHECK_THAT(audit.out, Catch::Contains(timescales::cli::command_line_principal().actor() + "\tcli" + action + "C-2"));
  // No extension in force: received Mon 16 Nov + 10 working days (17-20, 23-27, 30 Nov) -> Mon 30 Nov.
  CHECK_THAT(show.out, Catch::Contains("stage1_response (deadline): running, due Mon 30 Nov 2026"));
}

TEST_CASE("case set sets team, owner and cohort as KEY=VALUE") {
  timescales::test::TempDir dir;
  const std::string db = "--db " + quoted(dir / "cases.db");
  REQUIRE(run_cli("init " + db).status == 0);
  REQUIRE(run_cli("case add-event " + db + " C-3 received 2026-11-16 --workflow complaints-statutory").status == 0);
  REQUIRE(run_cli("case set " + db + " C-3 'team=CIN Runcorn' owner=B.Officer cohort=child_in_care").status == 0);
  const auto listed = run_cli("case list " + db + " --team 'CIN Runcorn' --owner B.Officer --cohort child_in_care --as-of 2026-11-17");
  CHECK_THAT(listed.out, Catch::Contains("C-3"));
  CHECK_THAT(listed.out, Catch::Contains("1 case match"));
}

TEST_CASE("the demo fills a new store, refuses to add to one, and --replace starts a demonstration store afresh") {
  timescales::test::TempDir dir;
  const std::string db = "--db " + quoted(dir / "demo.db");
  const std::string small = " --as-of 2026-12-01 --scale 0.05 --years 1";
  const auto first = run_cli("demo " + db + small);
  REQUIRE(first.status == 0);
  const auto twice = run_cli("demo " + db + small);
  CHECK(twice.status == 2);
  CHECK_THAT(twice.out, Catch::Contains("already holds a demonstration caseload"));
  // Replaced, not added to: the same caseload (same seed, same day) again, no more.
  const auto replaced = run_cli("demo " + db + small + " --replace");
  REQUIRE(replaced.status == 0);
  CHECK(replaced.out == first.out);
  // Once an officer has recorded anything in it, it is not the demo's to replace.
  REQUIRE(run_cli("case add-event " + db + " X-1 received 2026-11-30 --workflow complaints-statutory").status == 0);
  const auto refused = run_cli("demo " + db + small + " --replace");
  CHECK(refused.status == 2);
  CHECK_THAT(refused.out, Catch::Contains("not a demonstration store"));
  CHECK(run_cli("case show " + db + " X-1 --as-of 2026-11-30").status == 0);
}
