// A mapping is checked against the workflows when it loads: every workflow, event and reason it
// names must exist, each unknown one reported at its line and column.
#include <catch2/catch.hpp>

#include "adapters/import/mapping_check.hpp"
#include "tests/import/import_support.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

// [mapping] then [columns]: line 1 "[mapping]", 2 name, 3 workflow, 4 "[columns]", 5-8 columns.
std::string mapping_with(const std::string& workflow_line, const std::string& rest) {
  return "[mapping]\nname = \"test\"\n" + workflow_line +
         "\n[columns]\ncase_id = \"Ref\"\nevent = \"Step\"\ndate = \"Date\"\nreason = \"Why\"\n" + rest;
}

}  // namespace

TEST_CASE("a mapping naming what the workflows lack is refused at the name's line and column") {
  struct Row {
    const char* what;
    std::string text;
    std::string expected;  // file:line:column and the start of the message; "" = no problem
  };
  // Lines are counted from mapping_with(): [events] is line 9, its first code line 10.
  const std::vector<Row> rows = {
      {"a correct mapping", mapping_with("workflow = \"complaints-statutory\"", "[events]\nRECV = \"received\"\n"), ""},
      // line 3: workflow = "complaints-statutary"; the value starts at column 12.
      {"a misspelt workflow", mapping_with("workflow = \"complaints-statutary\"", ""),
       "m.toml:3:12: unknown workflow 'complaints-statutary'"},
      // line 11: ACK = "acknowleged"; the value starts at column 7.
      {"a misspelt event",
       mapping_with("workflow = \"complaints-statutory\"", "[events]\nRECV = \"received\"\nACK = \"acknowleged\"\n"),
       "m.toml:11:7: [events] 'ACK' stands for 'acknowleged', which is not an event of complaints-statutory"},
      // [workflows] on line 9, its code on line 10: CS = "complaints-statutry", value at column 6.
      {"a misspelt workflow code",
       "[mapping]\nname = \"test\"\n\n[columns]\ncase_id = \"Ref\"\nevent = \"Step\"\ndate = \"Date\"\nworkflow = \"Type\"\n"
       "[workflows]\nCS = \"complaints-statutry\"\n",
       "m.toml:10:6: [workflows] 'CS' names unknown workflow 'complaints-statutry'"},
      // ehcp-needs-assessment's exception_started allows only its listed reasons. [values.reason]
      // is line 9; line 11: Covid = "covid" (value at column 9).
      {"a reason no event allows",
       mapping_with("workflow = \"ehcp-needs-assessment\"",
                    "[values.reason]\n\"School closed\" = \"school_closure\"\nCovid = \"covid\"\n"),
       "m.toml:11:9: [values.reason] 'Covid' stands for 'covid', which no event of ehcp-needs-assessment allows"},
      // Complaints' reasons are free text: any translation is accepted.
      {"a reason where reasons are free text",
       mapping_with("workflow = \"complaints-statutory\"", "[values.reason]\nCPLX = \"complex\"\n"), ""},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    auto mapping = parse_import_mapping(row.text, "m.toml");
    REQUIRE(mapping.ok());
    const auto problems = check_import_mapping(*mapping, shipped_workflows());
    if (row.expected.empty()) {
      CHECK(problems.empty());
    } else {
      REQUIRE(problems.size() == 1);
      CHECK_THAT(problems[0].to_string(), Catch::StartsWith(row.expected));
    }
  }
}

TEST_CASE("the shipped example mapping checks clean against the shipped workflows") {
  const auto file = std::filesystem::path(TIMESCALES_SOURCE_DIR) / "adapters/import/mappings/liquidlogic-complaints.example.toml";
  auto mapping = load_import_mapping(file, shipped_workflows());
  INFO((mapping.ok() ? "" : mapping.error().to_string()));
  CHECK(mapping.ok());
}

TEST_CASE("[values] may translate only the reason or an attribute the mapping names") {
  // [values.colour] is on line 9, column 1.
  auto mapping = parse_import_mapping(
      mapping_with("workflow = \"complaints-statutory\"", "[values.colour]\nRed = \"red\"\n"), "m.toml");
  REQUIRE_FALSE(mapping.ok());
  CHECK_THAT(mapping.error().to_string(),
             Catch::StartsWith("m.toml:9:1: [values.colour] translates neither the reason column nor an attribute"));
}

TEST_CASE("timescales check MAPPING: exit 2 and the line and column of the misspelt event") {
  TempDir dir;
  const auto bad = write(dir / "bad.toml", mapping_with("workflow = \"complaints-statutory\"",
                                                        "[events]\nRECV = \"recieved\"\n"));
  const auto r = run_timescales("check " + quoted_path(bad));
  INFO(r.out);
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains("bad.toml:10:8: [events] 'RECV' stands for 'recieved'"));

  const auto good = write(dir / "good.toml", mapping_with("workflow = \"complaints-statutory\"",
                                                          "[events]\nRECV = \"received\"\n"));
  const auto ok = run_timescales("check " + quoted_path(good));
  INFO(ok.out);
  CHECK(ok.status == 0);
  CHECK_THAT(ok.out, Catch::Contains("ok  import mapping"));
}

TEST_CASE("timescales check IMPORT-CONFIG: the shipped example checks clean, a broken mapping in it exits 2") {
  const auto example = std::filesystem::path(TIMESCALES_SOURCE_DIR) / "adapters/import/mappings/imports.example.toml";
  const auto shipped = run_timescales("check " + quoted_path(example));
  INFO(shipped.out);
  CHECK(shipped.status == 0);
  CHECK_THAT(shipped.out, Catch::Contains("ok  import configuration") && Catch::Contains("(2 exports)"));

  TempDir dir;
  write(dir / "bad.toml", mapping_with("workflow = \"complaints-statutary\"", ""));
  const auto config = write(dir / "imports.toml", "[[export]]\npattern = \"*.csv\"\nmapping = \"bad.toml\"\n");
  const auto broken = run_timescales("check " + quoted_path(config));
  INFO(broken.out);
  CHECK(broken.status == 2);
  CHECK_THAT(broken.out, Catch::Contains("bad.toml:3:12: unknown workflow 'complaints-statutary'"));
}
