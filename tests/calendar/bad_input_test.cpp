// Bad input gets a clear error: unknown units, impossible dates, calendar files with syntax or
// value errors (file, line and column), and the command line's exit status 2 naming the argument.
#include "test_calendars.hpp"

using namespace timescales;
using namespace timescales::test;

TEST_CASE("Unknown units and impossible dates are refused with a reason") {
  auto unit = parse_duration("10 fortnights");
  REQUIRE_FALSE(unit.ok());
  CHECK_THAT(unit.error().message, Catch::Contains("unknown unit 'fortnights'"));
  CHECK_FALSE(parse_duration("ten working days").ok());
  CHECK_FALSE(parse_duration("10").ok());
  CHECK(parse_duration("1 working day")->count == 1);
  CHECK(parse_duration(" 20  weeks ")->unit == Unit::weeks);

  auto feb30 = parse_iso_date("2025-02-30");
  REQUIRE_FALSE(feb30.ok());
  CHECK_THAT(feb30.error().message, Catch::Contains("has 28 days"));
  CHECK_FALSE(parse_iso_date("2024-02-30").ok());
  CHECK(parse_iso_date("2024-02-29").ok());
  CHECK_FALSE(parse_iso_date("2025-13-01").ok());
  CHECK_FALSE(parse_iso_date("19/12/2025").ok());
  CHECK_FALSE(parse_iso_date("2025-1-01").ok());
}

TEST_CASE("A calendar file with a syntax error names file, line and column") {
  const std::string path = std::string(TIMESCALES_SOURCE_DIR) + "/tests/fixtures/calendars/syntax-error.toml";
  auto text = read_text_file(path);
  REQUIRE(text.ok());
  auto schedule = parse_holiday_schedule(*text, path);
  REQUIRE_FALSE(schedule.ok());
  // Line 3 is `kind = = "bank_holidays"`: the second '=' (column 8) is where a value should be.
  CHECK_THAT(schedule.error().to_string(), Catch::StartsWith(path + ":3:8:"));
}

TEST_CASE("A calendar file with a bad value names the value's position") {
  const std::string text = R"([calendar]
id = "test"
kind = "bank_holidays"

[[rule]]
name = "Thirteenth month day"
kind = "fixed_date"
month = 13
day = 1
)";
  auto schedule = parse_holiday_schedule(text, "months.toml");
  REQUIRE_FALSE(schedule.ok());
  CHECK(schedule.error().to_string() == "months.toml:8:9: month must be 1 to 12");

  const std::string no_kind = "[calendar]\nid = \"test\"\n\n[[rule]]\nname = \"x\"\nkind = \"lunar\"\n";
  auto lunar = parse_holiday_schedule(no_kind, "lunar.toml");
  REQUIRE_FALSE(lunar.ok());
  CHECK_THAT(lunar.error().to_string(), Catch::StartsWith("lunar.toml:1:1:"));  // missing kind in [calendar]
}

TEST_CASE("The command line: contract §2 outputs and exit status 2 on bad input") {
  auto ok = run_cli("deadline --calendar england-and-wales --from 2025-12-19 --add \"10 working days\"");
  CHECK(ok.status == 0);
  CHECK(ok.out == "2026-01-07\n");
  auto count = run_cli("count --calendar england-and-wales --from 2025-12-19 --to 2026-01-07 --unit \"working days\"");
  CHECK(count.status == 0);
  CHECK(count.out == "10\n");

  auto bad_unit = run_cli("deadline --from 2025-12-19 --add \"10 fortnights\"");
  CHECK(bad_unit.status == 2);
  CHECK_THAT(bad_unit.out, Catch::Contains("--add"));
  auto bad_date = run_cli("deadline --from 2025-02-30 --add \"10 working days\"");
  CHECK(bad_date.status == 2);
  CHECK_THAT(bad_date.out, Catch::Contains("--from"));
  auto bad_calendar = run_cli("deadline --calendar atlantis --from 2025-12-19 --add \"10 working days\"");
  CHECK(bad_calendar.status == 2);
  CHECK_THAT(bad_calendar.out, Catch::Contains("--calendar") && Catch::Contains("atlantis"));
  auto bad_count_unit = run_cli("count --from 2025-12-19 --to 2026-01-07 --unit lunar");
  CHECK(bad_count_unit.status == 2);
  CHECK_THAT(bad_count_unit.out, Catch::Contains("--unit"));
  auto no_school = run_cli("deadline --from 2025-10-01 --add \"5 school days\"");
  CHECK(no_school.status == 2);
  CHECK_THAT(no_school.out, Catch::Contains("--school-calendar"));
  auto missing = run_cli("deadline --from 2025-10-01");
  CHECK(missing.status == 2);

  const std::string school = std::string(TIMESCALES_SOURCE_DIR) + "/tests/fixtures/calendars/example-primary-2025-26.toml";
  auto school_ok = run_cli("deadline --from 2025-10-22 --add \"3 school days\" --school-calendar " + school);
  CHECK(school_ok.status == 0);
  CHECK(school_ok.out == "2025-11-03\n");
  auto ran_out = run_cli("deadline --from 2025-12-17 --add \"5 school days\" --school-calendar " + school);
  CHECK(ran_out.status == 2);
  CHECK_THAT(ran_out.out, Catch::Contains("example-primary-2025-26"));
}

TEST_CASE("A duration takes one sign at most: \"+-5 days\" is refused, not read as -5") {
  for (const char* bad : {"+-5 days", "++5 days", "-+5 days", "+ 5 days"}) {
    INFO(bad);
    auto d = parse_duration(bad);
    REQUIRE_FALSE(d.ok());
    CHECK_THAT(d.error().message, Catch::Contains("whole number"));
  }
  CHECK(parse_duration("+5 days")->count == 5);
  CHECK(parse_duration("-5 days")->count == -5);
  auto cli = run_cli("deadline --from 2025-01-30 --add \"+-5 days\"");
  CHECK(cli.status == 2);
  CHECK_THAT(cli.out, Catch::Contains("--add"));
}

TEST_CASE("The command line's months: the corresponding-date rule at the end of January") {
  struct MonthCase {
    const char* args;
    const char* expected;
    const char* working;
  };
  const MonthCase cases[] = {
      // Corresponding-date rule (statutory-timescales.md §0, Dodds v Walker): 30 Jan + 1 month is
      // 30 Feb, which 2025 lacks, so the period ends on the last day of February.
      {"--from 2025-01-30 --add \"1 month\"", "2025-02-28\n", "no 30 Feb 2025: the last day, 28 Feb"},
      {"--from 2025-01-31 --add \"1 month\"", "2025-02-28\n", "no 31 Feb 2025: 28 Feb"},
      // beginning_with (contract §1): the month starting with 31 Jan is the month after 30 Jan,
      // ending 28 Feb as above (29 days, 31 Jan to 28 Feb inclusive); not 27 Feb, a day short.
      {"--from 2025-01-31 --add \"1 month\" --convention beginning_with", "2025-02-28\n", "after 30 Jan: 28 Feb"},
      {"--from 2025-01-30 --add \"1 month\" --convention beginning_with", "2025-02-28\n",
       "after 29 Jan: no 29 Feb 2025, 28 Feb"},
      {"--from 2025-02-01 --add \"1 month\" --convention beginning_with", "2025-02-28\n",
       "after 31 Jan: 28 Feb, the whole of February"},
  };
  for (const auto& c : cases) {
    INFO(c.args << ": " << c.working);
    auto r = run_cli(std::string("deadline ") + c.args);
    CHECK(r.status == 0);
    CHECK(r.out == c.expected);
  }
}
