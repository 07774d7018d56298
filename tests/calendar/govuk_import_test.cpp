// `calendar import-govuk`: a bank holiday announced next week needs no new release; a malformed
// feed changes nothing.
#include <filesystem>

#include "adapters/govuk/govuk_feed.hpp"
#include "engine/calendar/holiday_reconcile.hpp"
#include "temp_data_folder.hpp"
#include "test_calendars.hpp"

using namespace timescales;
using namespace timescales::test;
namespace fs = std::filesystem;

namespace {

const std::string kFixtures = std::string(TIMESCALES_SOURCE_DIR) + "/tests/fixtures/govuk/";

std::vector<Holiday> feed_events(const std::string& name) {
  auto text = read_text_file(kFixtures + name);
  REQUIRE(text.ok());
  auto feed = parse_govuk_feed(*text, name);
  REQUIRE(feed.ok());
  return feed->at("england-and-wales");
}

using timescales::test::TempData;

}  // namespace

TEST_CASE("Reconciling with GOV.UK's own list changes nothing") {
  const auto& shipped = england_and_wales().schedule();
  auto r = reconcile_holidays(shipped, {}, feed_events("bank-holidays-2019-2028-england-and-wales.json"), "test");
  CHECK(r.first_year == 2019);
  CHECK(r.last_year == 2028);
  CHECK(r.added.empty());
  CHECK(r.removed.empty());
  CHECK(r.local_changes.empty());
}

TEST_CASE("A newly announced and a moved bank holiday are added and reported") {
  const auto& shipped = england_and_wales().schedule();
  // By default the day the feed lacks (Mon 1 May 2028, moved to 8 May in this feed) is reported
  // and kept; with Removals::apply it goes (issue 14).
  auto kept = reconcile_holidays(shipped, {}, feed_events("bank-holidays-announced.json"), "test");
  REQUIRE(kept.added.size() == 2);
  CHECK(kept.removed.empty());
  REQUIRE(kept.withheld.size() == 1);
  CHECK(to_iso(kept.withheld[0].date) == "2028-05-01");
  auto r = reconcile_holidays(shipped, {}, feed_events("bank-holidays-announced.json"), "test", Removals::apply);
  REQUIRE(r.added.size() == 2);
  CHECK(to_iso(r.added[0].date) == "2027-06-07");
  CHECK(to_iso(r.added[1].date) == "2028-05-08");
  REQUIRE(r.removed.size() == 1);
  CHECK(to_iso(r.removed[0].date) == "2028-05-01");

  // The changes, applied, move a Stage 1 deadline: Fri 4 Jun 2027 + 1 working day.
  HolidaySchedule updated = shipped;
  updated.changes.insert(updated.changes.end(), r.local_changes.begin(), r.local_changes.end());
  const DivisionCalendar calendar(updated);
  auto due = add_duration(d("2027-06-04"), {1, Unit::working_days}, Convention::after, {&calendar, nullptr});
  REQUIRE(due.ok());
  CHECK(to_iso(*due) == "2027-06-08");

  // Importing the same feed again reports nothing new.
  auto again = reconcile_holidays(shipped, r.local_changes, feed_events("bank-holidays-announced.json"), "test",
                                  Removals::apply);
  CHECK(again.added.empty());
  CHECK(again.removed.empty());
  CHECK(again.local_changes.size() == r.local_changes.size());
}

TEST_CASE("import-govuk writes the local changes, and the next deadline uses them") {
  TempData data;
  const std::string base = "--data " + data.dir.string() + " ";
  auto before = run_cli(base + "deadline --from 2027-06-04 --add \"1 working day\"");
  CHECK(before.out == "2027-06-07\n");

  auto dry = run_cli(base + "calendar import-govuk --dry-run " + kFixtures + "bank-holidays-announced.json");
  CHECK(dry.status == 0);
  CHECK_FALSE(fs::exists(data.local()));

  auto imported = run_cli(base + "calendar import-govuk " + kFixtures + "bank-holidays-announced.json");
  CHECK(imported.status == 0);
  // The shipped 1 May 2028 is not in this feed: reported and kept, not removed (issue 14).
  CHECK_THAT(imported.out, Catch::Contains("added 2027-06-07") && Catch::Contains("not in this feed, kept: 2028-05-01"));
  CHECK_THAT(imported.out, !Catch::Contains("removed 2028-05-01"));
  REQUIRE(fs::exists(data.local()));
  auto after = run_cli(base + "deadline --from 2027-06-04 --add \"1 working day\"");
  CHECK(after.out == "2027-06-08\n");
  // Fri 28 Apr 2028 + 1 working day: Mon 1 May is still a holiday -> Tue 2 May.
  CHECK(run_cli(base + "deadline --from 2028-04-28 --add \"1 working day\"").out == "2028-05-02\n");

  // Back to GOV.UK's original list: without the flag the imported 7 June 2027 stays...
  auto kept = run_cli(base + "calendar import-govuk " + kFixtures + "bank-holidays-2019-2028-england-and-wales.json");
  CHECK_THAT(kept.out, Catch::Contains("not in this feed, kept: 2027-06-07"));
  CHECK(run_cli(base + "deadline --from 2027-06-04 --add \"1 working day\"").out == "2027-06-08\n");
  // ...and with it, the extra day goes again.
  auto reverted = run_cli(base + "calendar import-govuk --apply-removals " + kFixtures +
                          "bank-holidays-2019-2028-england-and-wales.json");
  CHECK_THAT(reverted.out, Catch::Contains("removed 2027-06-07"));
  CHECK(run_cli(base + "deadline --from 2027-06-04 --add \"1 working day\"").out == "2027-06-07\n");
}

TEST_CASE("A malformed feed is refused and nothing changes") {
  TempData data;
  const std::string base = "--data " + data.dir.string() + " ";
  for (const char* bad : {"bank-holidays-malformed.json", "bank-holidays-truncated.json"}) {
    INFO(bad);
    auto r = run_cli(base + "calendar import-govuk " + kFixtures + bad);
    CHECK(r.status == 2);
    CHECK_FALSE(fs::exists(data.local()));
  }
  auto malformed = run_cli(base + "calendar import-govuk " + kFixtures + "bank-holidays-malformed.json");
  CHECK_THAT(malformed.out, Catch::Contains("event 1") && Catch::Contains("has 28 days"));
  auto truncated = run_cli(base + "calendar import-govuk " + kFixtures + "bank-holidays-truncated.json");
  CHECK_THAT(truncated.out, Catch::Contains("bank-holidays-truncated.json:3:"));
  auto missing = run_cli(base + "calendar import-govuk " + kFixtures + "no-such-file.json");
  CHECK(missing.status == 2);
}
