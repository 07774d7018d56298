// Rejected rows kept against their cases: the upgrade to schema version 5 that keeps them, and
// the note beside a case's alerts on `case show` (the digest's: nightly_import_test.cpp).
#include <catch2/catch.hpp>

#include "adapters/store/schema.hpp"
#include "tests/import/import_support.hpp"

using namespace timescales;
using namespace timescales::test;

TEST_CASE("a version-4 database is upgraded past version 5 with its cases kept, and keeps rejected rows") {
  TempDir dir;
  const auto path = dir / "cases.db";
  {
    // A version-4 database: today's, less what versions 5 (rejected rows), 6 (accounts) and 7
    // (events' times of day) added.
    auto store = fresh_store(path);
    REQUIRE(store.connection()
                .exec("DROP TABLE event_times; DROP TABLE rejected_rows; DROP TABLE event_recorders; DROP TABLE audit_log; "
                      "DROP TABLE calendar_feeds; DROP TABLE api_tokens; DROP TABLE sessions; "
                      "DROP TABLE failed_sign_ins; DROP TABLE users; DELETE FROM schema_version WHERE version >= 5")
                .ok());
    REQUIRE(imported(store, "case_id,workflow,event,date,reason\nCMP-1,complaints-statutory,received,2026-01-05,\n",
                     "old.csv", checked_against_workflows())
                .added == 1);
  }
  REQUIRE(latest_schema_version() >= 5);
  auto store = fresh_store(path);
  CHECK(store.migration().from == 4);
  CHECK(store.migration().to == latest_schema_version());
  CHECK(*store.connection().query_text("SELECT description FROM schema_version WHERE version = 5") ==
        "rows an import rejected, kept against their cases");
  CHECK(count_rows(store.connection(), "events") == 1);
  REQUIRE(store.record_rejected_rows({{"CMP-1", "acknowledged", "new.csv", 3, "bad date", "2026-01-08T02:30:00Z"}}).ok());
  auto kept = store.rejected_rows({"CMP-1"});
  REQUIRE(kept.ok());
  REQUIRE(kept->size() == 1);
  CHECK((*kept)[0].note() == "1 row rejected for this case on 2026-01-08");
}

TEST_CASE("a rejected acknowledgement: the case page notes the rejected row beside the alert") {
  TempDir dir;
  const auto db = dir / "cases.db";
  {
    auto store = fresh_store(db);
    // The acknowledgement's date is impossible, so the complaint looks unacknowledged.
    imported(store,
             "case_id,workflow,event,date,reason\n"
             "CMP-1,complaints-statutory,received,2026-01-05,\n"
             "CMP-1,complaints-statutory,acknowledged,2026-01-32,\n"
             "CMP-2,complaints-statutory,received,2026-01-06,\n",
             "night.csv", checked_against_workflows());
  }
  const auto shown = run_timescales("case show --db " + quoted_path(db) + " CMP-1 --as-of 2026-01-20");
  INFO(shown.out);
  CHECK(shown.status != 2);
  // The rejection's day is the import's, today: read back what the store recorded for it.
  auto store = fresh_store(db);
  auto kept = store.rejected_rows({"CMP-1"});
  REQUIRE(kept.ok());
  REQUIRE(kept->size() == 1);
  CHECK_THAT(shown.out, Catch::Contains("Note: 1 row rejected for this case on " + to_iso((*kept)[0].day) +
                                        " (acknowledged): it may explain"));
  const auto other = run_timescales("case show --db " + quoted_path(db) + " CMP-2 --as-of 2026-01-20");
  CHECK_THAT(other.out, !Catch::Contains("rejected for this case"));
}
