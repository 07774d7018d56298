// What the importer does with a row beyond reading it: translating its values, holding back a
// file too many of whose rows are rejected, reporting a re-imported row that restates a stored
// event differently as a possible correction, and keeping rejected rows against their cases.
#include <catch2/catch.hpp>

#include "adapters/import/rejects_report.hpp"
#include "tests/import/import_support.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

constexpr const char* kHeader = "case_id,workflow,event,date,reason\n";

std::string events_of(SqliteCaseStore& store) {
  return *store.connection().query_text(
      "SELECT coalesce(group_concat(case_id || ',' || type || ',' || date || ',' || reason, '|'), '') "
      "FROM (SELECT * FROM events ORDER BY id)");
}

ImportMapping cohort_mapping() {
  auto mapping = parse_import_mapping(R"toml(
[mapping]
name = "cohorts"
workflow = "complaints-statutory"
[columns]
case_id = "Ref"
event = "Step"
date = "Date"
reason = "Why"
[attributes]
cohort = "Cohort"
[values.cohort]
"Looked After Child" = "child_in_care"
"Child Protection Plan" = "child_protection_plan"
[values.reason]
CPLX = "complex"
)toml",
                                      "cohorts.toml");
  REQUIRE(mapping.ok());
  return std::move(*mapping);
}

}  // namespace

TEST_CASE("values are translated before they are checked, an untranslated one rejects its row") {
  TempDir dir;
  auto store = fresh_store(dir / "cases.db");
  const ImportMapping mapping = cohort_mapping();
  // Row 2: translated. Row 3: already the engine's value, kept. Row 4: neither, rejected.
  // Row 5: reason CPLX translated to "complex"; its cohort cell is empty, which sets nothing.
  // Row 6: a reason not in [values.reason] is rejected like an unknown cohort.
  const auto report = imported(store,
                               "Ref,Step,Date,Why,Cohort\n"
                               "A-1,received,2026-01-05,,Looked After Child\n"
                               "B-1,received,2026-01-05,,child_protection_plan\n"
                               "C-1,received,2026-01-05,,Looked After\n"
                               "A-1,stage1_extended,2026-01-09,CPLX,\n"
                               "A-1,stage1_responded,2026-01-20,Done late,\n",
                               "cohorts.csv", checked_against_workflows(&mapping));
  CHECK(report.added == 3);
  REQUIRE(report.rejects.size() == 2);
  CHECK(report.rejects[0].line == 4);
  CHECK(report.rejects[0].reason == "cohort 'Looked After' is not in the mapping's [values.cohort]");
  CHECK(report.rejects[1].line == 6);
  CHECK(report.rejects[1].reason == "reason 'Done late' is not in the mapping's [values.reason]");
  auto a = store.load_case("A-1");
  REQUIRE(a.ok());
  REQUIRE(a->has_value());
  CHECK((**a).attributes.at("cohort") == "child_in_care");
  CHECK((**a).events.back().reason == "complex");
  auto b = store.load_case("B-1");
  REQUIRE(b.ok());
  CHECK((**b).attributes.at("cohort") == "child_protection_plan");
}

TEST_CASE("a file with every row, or more than the allowed share, rejected is held back whole") {
  struct Row {
    const char* what;
    int good, bad;
    std::optional<double> share;
    bool held_back;
  };
  // "More than" the share: 1 bad of 5 is exactly a fifth, allowed; 1 of 4 is a quarter, not.
  const std::vector<Row> rows = {
      {"every row rejected, no share set", 0, 3, std::nullopt, true},
      {"some rows rejected, no share set", 1, 3, std::nullopt, false},
      {"a fifth rejected, a fifth allowed", 4, 1, 0.2, false},
      {"a quarter rejected, a fifth allowed", 3, 1, 0.2, true},
      {"every row rejected, all allowed", 0, 2, 1.0, true},
      {"nothing rejected, none allowed", 2, 0, 0.0, false},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    TempDir dir;
    auto store = fresh_store(dir / "cases.db");
    std::string text = kHeader;
    for (int i = 0; i < row.good; ++i) text += "G-" + std::to_string(i) + ",complaints-statutory,received,2026-01-05,\n";
    for (int i = 0; i < row.bad; ++i) text += "B-" + std::to_string(i) + ",complaints-statutory,recieved,2026-01-05,\n";
    auto options = checked_against_workflows();
    options.max_rejected_share = row.share;
    const auto report = imported(store, text, "night.csv", options);
    CHECK(report.rejects.size() == static_cast<size_t>(row.bad));
    CHECK(report.held_back.empty() == !row.held_back);
    auto& db = store.connection();
    // Held back: nothing at all, not even its good rows, its log line or its rejected rows.
    CHECK(count_rows(db, "events") == (row.held_back ? 0 : row.good));
    CHECK(count_rows(db, "imports") == (row.held_back ? 0 : 1));
    CHECK(count_rows(db, "rejected_rows") == (row.held_back ? 0 : row.bad));
  }
}

TEST_CASE("a re-imported row with another date or reason is a possible correction, neither added nor skipped") {
  TempDir dir;
  auto store = fresh_store(dir / "cases.db");
  const auto first = imported(store,
                              std::string(kHeader) +
                                  "CMP-1,complaints-statutory,received,2026-01-05,\n"
                                  "CMP-1,complaints-statutory,stage1_extended,2026-01-09,complex\n"
                                  "CMP-2,complaints-statutory,received,2026-01-06,\n",
                              "monday.csv", checked_against_workflows());
  REQUIRE(first.added == 3);
  const std::string before = events_of(store);

  // Tuesday's export: CMP-1's receipt fixed to the 6th (event 1), its extension's reason fixed
  // (event 2); CMP-2 restated exactly; CMP-2 acknowledged, which is new.
  const auto tuesday = imported(store,
                                std::string(kHeader) +
                                    "CMP-1,complaints-statutory,received,2026-01-06,\n"
                                    "CMP-1,complaints-statutory,stage1_extended,2026-01-09,complex: several agencies\n"
                                    "CMP-2,complaints-statutory,received,2026-01-06,\n"
                                    "CMP-2,complaints-statutory,acknowledged,2026-01-08,\n",
                                "tuesday.csv", checked_against_workflows());
  CHECK(tuesday.added == 1);
  CHECK(tuesday.already_present == 1);
  CHECK(tuesday.rejects.empty());
  REQUIRE(tuesday.corrections.size() == 2);
  const PossibleCorrection& date_fixed = tuesday.corrections[0];
  CHECK(date_fixed.line == 2);
  CHECK(date_fixed.case_id == "CMP-1");
  CHECK(date_fixed.stored_event_id == 1);
  CHECK(date_fixed.stored_date == "2026-01-05");
  CHECK(date_fixed.date == "2026-01-06");
  CHECK(date_fixed.correct_command() ==
        "timescales case correct-event --db " + (dir / "cases.db").string() + " 1 --date 2026-01-06 --why \"…\"");
  const PossibleCorrection& reason_fixed = tuesday.corrections[1];
  CHECK(reason_fixed.stored_event_id == 2);
  CHECK(reason_fixed.correct_command() == "timescales case correct-event --db " + (dir / "cases.db").string() +
                                              " 2 --date 2026-01-09 --reason 'complex: several agencies' --why \"…\"");
  CHECK_THAT(reason_fixed.message(),
             Catch::StartsWith("possible correction, not imported: event 2 of case 'CMP-1' is stage1_extended on "
                               "2026-01-09 (complex); this row says 2026-01-09 (complex: several agencies)."));
  // Nothing doubled: only the acknowledgement was added.
  CHECK(events_of(store) == before + "|CMP-2,acknowledged,2026-01-08,");
  // The rejects file lists the corrections after the rejected rows, with the command.
  CHECK_THAT(rejects_csv(tuesday.rejects, tuesday.corrections),
             Catch::Contains("tuesday.csv,2,CMP-1,\"possible correction, not imported: event 1 of case 'CMP-1'"));

  // Importing Tuesday's export again reports the same, and still adds nothing.
  const auto again = imported(store,
                              std::string(kHeader) + "CMP-1,complaints-statutory,received,2026-01-06,\n",
                              "tuesday.csv", checked_against_workflows());
  CHECK(again.added == 0);
  CHECK(again.corrections.size() == 1);
}

TEST_CASE("a second event of a kind exported beside the first is added, not taken for a correction") {
  TempDir dir;
  auto store = fresh_store(dir / "cases.db");
  imported(store, std::string(kHeader) + "EHC-1,ehcp-needs-assessment,request_received,2026-01-05,\n"
                                         "EHC-1,ehcp-needs-assessment,exception_started,2026-01-20,coronavirus\n"
                                         "EHC-1,ehcp-needs-assessment,advice_received,2026-02-02,\n",
           "jan.csv", checked_against_workflows());
  // The stored advice is restated first, so the second is new.
  const auto feb = imported(store,
                            std::string(kHeader) + "EHC-1,ehcp-needs-assessment,request_received,2026-01-05,\n"
                                                   "EHC-1,ehcp-needs-assessment,advice_received,2026-02-02,\n"
                                                   "EHC-1,ehcp-needs-assessment,advice_received,2026-02-09,\n",
                            "feb.csv", checked_against_workflows());
  CHECK(feb.added == 1);
  CHECK(feb.already_present == 2);
  CHECK(feb.corrections.empty());
  // Exported without the first (a night's export of new rows only), a second exception is
  // reported, with the command that adds it instead.
  const auto partial = imported(store,
                                std::string(kHeader) + "EHC-1,ehcp-needs-assessment,exception_started,2026-03-01,school_closure\n",
                                "mar.csv", checked_against_workflows());
  CHECK(partial.added == 0);
  REQUIRE(partial.corrections.size() == 1);
  CHECK(partial.corrections[0].stored_event_id == 2);
  CHECK(partial.corrections[0].add_command() == "timescales case add-event --db " + (dir / "cases.db").string() +
                                                    " EHC-1 exception_started 2026-03-01 --reason school_closure");
}

TEST_CASE("rejected rows that name a case are kept against it, with the event they were for") {
  TempDir dir;
  auto store = fresh_store(dir / "cases.db");
  // Line 3: an acknowledgement with an impossible date; line 4: a row with no case (not kept);
  // line 5: an unknown event, kept under the name the row gives.
  const auto report = imported(store,
                               std::string(kHeader) +
                                   "CMP-1,complaints-statutory,received,2026-01-05,\n"
                                   "CMP-1,complaints-statutory,acknowledged,2026-01-32,\n"
                                   ",complaints-statutory,received,2026-01-05,\n"
                                   "CMP-2,complaints-statutory,acknowlegded,2026-01-07,\n",
                               "night.csv", checked_against_workflows());
  REQUIRE(report.rejects.size() == 3);
  auto kept = store.rejected_rows();
  REQUIRE(kept.ok());
  REQUIRE(kept->size() == 2);
  CHECK((*kept)[0].case_id == "CMP-1");
  CHECK((*kept)[0].rows == 1);
  CHECK((*kept)[0].events == std::vector<std::string>{"acknowledged"});
  CHECK((*kept)[1].case_id == "CMP-2");
  CHECK((*kept)[1].events == std::vector<std::string>{"acknowlegded"});
  CHECK(*store.connection().query_text("SELECT file_name || ':' || line FROM rejected_rows ORDER BY id LIMIT 1") ==
        "night.csv:3");
}
