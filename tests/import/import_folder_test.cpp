// An import folder under an import configuration: each export read with its own mapping, files
// held back left in place, rejects files per run and archives that never overwrite.
#include <catch2/catch.hpp>

#include "adapters/files/text_files.hpp"
#include "adapters/import/import_folder.hpp"
#include "tests/import/import_support.hpp"

using namespace timescales;
using namespace timescales::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* kConfig = R"toml(max_rejected_share = 0.2
archive = "incoming/imported"
rejects = "out/rejects"

[[export]]
pattern = "complaints-*.csv"
mapping = "complaints.toml"

[[export]]
pattern = "corporate-*.csv"
mapping = "corporate.toml"

[[export]]
pattern = "ehcp-*.csv"
)toml";

struct Night {
  TempDir dir;
  fs::path incoming = dir / "incoming";
  Night() {
    write(dir / "complaints.toml", kStepsMapping);
    write(dir / "corporate.toml", kMisspeltMapping);
    write(dir / "imports.toml", kConfig);
    write(incoming / "complaints-monday.csv",
          "Ref,Step,When\nCMP-1,RECV,01/12/2026\nCMP-1,ACK,03/12/2026\nCMP-2,RECV,02/12/2026\n");
    write(incoming / "ehcp-monday.csv",
          "case_id,workflow,event,date,reason\nEHC-1,ehcp-needs-assessment,request_received,2026-11-02,\n");
    write(incoming / "corporate-monday.csv", "Ref,Step,When\nCORP-1,RECV,01/12/2026\n");
    write(incoming / "stray.csv", "a,b\n1,2\n");
  }
};

}  // namespace

TEST_CASE("the import configuration: file:line:column for its own errors, a broken mapping kept with its rule") {
  TempDir dir;
  write(dir / "complaints.toml", kStepsMapping);
  write(dir / "corporate.toml", kMisspeltMapping);
  struct Row {
    const char* what;
    std::string text;
    std::string expected;  // the start of the error; "" = loads
  };
  const std::vector<Row> rows = {
      {"correct", "[[export]]\npattern = \"c-*.csv\"\nmapping = \"complaints.toml\"\n", ""},
      {"an unknown key", "max_rejected = 0.5\n[[export]]\npattern = \"*.csv\"\n",
       "imports.toml:1:16: unknown key 'max_rejected' in the import configuration"},
      {"a share above one", "max_rejected_share = 2\n[[export]]\npattern = \"*.csv\"\n",
       "imports.toml:1:22: 'max_rejected_share' must be a number from 0 to 1"},
      {"a pattern with a folder", "[[export]]\npattern = \"in/*.csv\"\n",
       "imports.toml:2:11: 'pattern' must be a file-name pattern"},
      {"no exports", "max_rejected_share = 0.5\n", "no [[export]]: give each export's file-name pattern"},
      {"a misspelt key in an export", "[[export]]\npatern = \"*.csv\"\n",
       "imports.toml:2:10: unknown key 'patern' in [[export]]"},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    auto config = parse_import_config(row.text, dir / "imports.toml", shipped_workflows());
    if (row.expected.empty()) {
      INFO((config.ok() ? "" : config.error().to_string()));
      REQUIRE(config.ok());
      CHECK(config->problems().empty());
      CHECK(config->max_rejected_share == kDefaultMaxRejectedShare);
    } else {
      REQUIRE_FALSE(config.ok());
      CHECK_THAT(config.error().to_string(), Catch::Contains(row.expected));
    }
  }
  // A mapping that does not check is the rule's problem, at the mapping's own line and column.
  auto config = parse_import_config("[[export]]\npattern = \"corporate-*.csv\"\nmapping = \"corporate.toml\"\n",
                                    dir / "imports.toml", shipped_workflows());
  REQUIRE(config.ok());
  REQUIRE(config->problems().size() == 1);
  CHECK_THAT(config->problems()[0].to_string(),
             Catch::StartsWith((dir / "corporate.toml").string() + ":11:7: [events] 'ACK' stands for 'acknowleged'"));
}

TEST_CASE("two exports with their own mappings in one folder, a misspelt mapping's file and a stray stay put") {
  Night night;
  auto config = load_import_config(night.dir / "imports.toml", shipped_workflows());
  REQUIRE(config.ok());
  auto store = fresh_store(night.dir / "cases.db");
  const FolderImportPlaces places{*config->rejects, *config->archive, "2026-12-01T023000Z"};
  auto outcome = import_folder(store, night.incoming, *config, workflow_event_validator(shipped_workflows()), places);
  INFO((outcome.ok() ? "" : outcome.error().to_string()));
  REQUIRE(outcome.ok());

  // complaints-monday.csv (3 events) and ehcp-monday.csv (1): imported, each with its layout.
  CHECK(outcome->added == 4);
  REQUIRE(outcome->imported.size() == 2);
  auto cmp = store.load_case("CMP-1");
  REQUIRE(cmp.ok());
  REQUIRE(cmp->has_value());
  CHECK((**cmp).events.size() == 2);
  CHECK(to_iso((**cmp).events[1].date) == "2026-12-03");
  CHECK((*store.load_case("EHC-1"))->workflow == "ehcp-needs-assessment");
  CHECK(outcome->archived == std::vector<fs::path>{night.incoming / "imported" / "2026-12-01T023000Z-complaints-monday.csv",
                                                   night.incoming / "imported" / "2026-12-01T023000Z-ehcp-monday.csv"});
  for (const auto& f : outcome->archived) CHECK(fs::exists(f));

  // corporate-monday.csv (its mapping misspelt) and stray.csv (no pattern): held back, in place.
  REQUIRE(outcome->held_back.size() == 2);
  CHECK(outcome->held_back[0].file == night.incoming / "corporate-monday.csv");
  CHECK_THAT(outcome->held_back[0].why, Catch::Contains("corporate.toml:11:7:"));
  CHECK(outcome->held_back[1].file == night.incoming / "stray.csv");
  CHECK_THAT(outcome->held_back[1].why, Catch::Contains("no [[export]] pattern"));
  CHECK(fs::exists(night.incoming / "corporate-monday.csv"));
  CHECK(fs::exists(night.incoming / "stray.csv"));
  CHECK_FALSE(fs::exists(night.incoming / "complaints-monday.csv"));
  CHECK(*store.connection().query_int("SELECT count(*) FROM cases WHERE id = 'CORP-1'") == 0);
}

TEST_CASE("an export held back for its rejected rows stays in place, with its rejects file for the run") {
  Night night;
  fs::remove(night.incoming / "corporate-monday.csv");
  fs::remove(night.incoming / "stray.csv");
  // 1 good row of 3: two thirds rejected, more than a fifth.
  write(night.incoming / "complaints-monday.csv", "Ref,Step,When\nCMP-1,RECV,01/12/2026\nCMP-1,ACK,31/11/2026\nCMP-2,RCV,02/12/2026\n");
  auto config = load_import_config(night.dir / "imports.toml", shipped_workflows());
  REQUIRE(config.ok());
  auto store = fresh_store(night.dir / "cases.db");
  const FolderImportPlaces places{*config->rejects, *config->archive, "2026-12-01T023000Z"};
  auto outcome = import_folder(store, night.incoming, *config, workflow_event_validator(shipped_workflows()), places);
  REQUIRE(outcome.ok());
  REQUIRE(outcome->held_back.size() == 1);
  CHECK(outcome->held_back[0].why == "2 of its 3 rows rejected, more than the 20% allowed: nothing of it was imported");
  CHECK(fs::exists(night.incoming / "complaints-monday.csv"));
  CHECK(*store.connection().query_int("SELECT count(*) FROM events WHERE case_id = 'CMP-1'") == 0);
  CHECK(outcome->rejected == 2);
  REQUIRE(outcome->rejects_files == std::vector<fs::path>{night.dir / "out" / "rejects" / "2026-12-01T023000Z-complaints-monday.csv"});
  auto rejects = read_text_file(outcome->rejects_files[0]);
  REQUIRE(rejects.ok());
  CHECK_THAT(*rejects, Catch::Contains("complaints-monday.csv,3,CMP-1,") && Catch::Contains("complaints-monday.csv,4,CMP-2,"));
  CHECK(mode_of(outcome->rejects_files[0]) == 0600);
}

TEST_CASE("two nights that each bring export.csv keep both, and a second run in the same second keeps all") {
  TempDir dir;
  auto store = fresh_store(dir / "cases.db");
  auto config = single_mapping_config(std::nullopt, shipped_workflows());
  REQUIRE(config.ok());
  const fs::path incoming = dir / "incoming";
  std::vector<fs::path> archived;
  // Monday, Tuesday, then Tuesday again within the same second: three names, none overwritten.
  const std::vector<std::pair<std::string, std::string>> nights = {
      {"2026-11-30T023000Z", "2026-11-27"}, {"2026-12-01T023000Z", "2026-11-30"}, {"2026-12-01T023000Z", "2026-12-01"}};
  for (const auto& [stamp, received] : nights) {
    write(incoming / "export.csv",
          "case_id,workflow,event,date,reason\nCMP-" + received + ",complaints-statutory,received," + received + ",\n");
    auto outcome = import_folder(store, incoming, *config, workflow_event_validator(shipped_workflows()),
                                 {dir / "rejects", incoming / "imported", stamp});
    REQUIRE(outcome.ok());
    REQUIRE(outcome->archived.size() == 1);
    archived.push_back(outcome->archived[0]);
  }
  REQUIRE(archived == std::vector<fs::path>{incoming / "imported" / "2026-11-30T023000Z-export.csv",
                                            incoming / "imported" / "2026-12-01T023000Z-export.csv",
                                            incoming / "imported" / "2026-12-01T023000Z-export-2.csv"});
  // Each keeps its own night's text.
  for (size_t i = 0; i < nights.size(); ++i) CHECK_THAT(*read_text_file(archived[i]), Catch::Contains("received," + nights[i].second));
}

TEST_CASE("rejects files of two runs on one day are both kept") {
  TempDir dir;
  auto store = fresh_store(dir / "cases.db");
  auto config = single_mapping_config(std::nullopt, shipped_workflows());
  REQUIRE(config.ok());
  std::vector<fs::path> files;
  for (const char* stamp : {"2026-12-01T023000Z", "2026-12-01T101500Z"}) {
    // One bad row of two, more than a fifth: held back both times, and each run still writes its
    // own rejects file (the officer needs it to fix the export).
    write(dir / "incoming" / "export.csv",
          "case_id,workflow,event,date,reason\nCMP-1,complaints-statutory,received,2026-11-02,\nCMP-2,complaints-statutory,recieved,2026-11-02,\n");
    auto outcome = import_folder(store, dir / "incoming", *config, workflow_event_validator(shipped_workflows()),
                                 {dir / "rejects", dir / "incoming" / "imported", stamp});
    REQUIRE(outcome.ok());
    REQUIRE(outcome->rejects_files.size() == 1);
    files.push_back(outcome->rejects_files[0]);
  }
  CHECK(files == std::vector<fs::path>{dir / "rejects" / "2026-12-01T023000Z-export.csv",
                                       dir / "rejects" / "2026-12-01T101500Z-export.csv"});
  for (const auto& f : files) CHECK(fs::exists(f));
}
