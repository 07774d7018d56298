// The generated England and Wales list must equal GOV.UK's for 2019-2028 exactly
// (statutory-timescales.md §E1). The fixture was transcribed by hand from §E3 and GOV.UK.
#include <set>

#include "adapters/govuk/govuk_feed.hpp"
#include "test_calendars.hpp"

using namespace timescales;
using namespace timescales::test;

TEST_CASE("England and Wales bank holidays 2019-2028 equal GOV.UK's list") {
  const std::string path =
      std::string(TIMESCALES_SOURCE_DIR) + "/tests/fixtures/govuk/bank-holidays-2019-2028-england-and-wales.json";
  auto text = read_text_file(path);
  REQUIRE(text.ok());
  auto feed = parse_govuk_feed(*text, path);
  REQUIRE(feed.ok());
  std::set<std::string> govuk;
  for (const auto& h : feed->at("england-and-wales")) govuk.insert(to_iso(h.date));
  REQUIRE(govuk.size() == 83);

  std::set<std::string> ours;
  for (const auto& h : england_and_wales().holidays())
    if (year_of(h.date) >= 2019 && year_of(h.date) <= 2028) ours.insert(to_iso(h.date));

  for (const auto& date : govuk) CHECK(ours.count(date) == 1);   // missing from ours
  for (const auto& date : ours) CHECK(govuk.count(date) == 1);   // extra in ours
}

TEST_CASE("Easter Sunday by the Gregorian computus") {
  // Known Easter Sundays (published tables).
  CHECK(to_iso(easter_sunday(2000)) == "2000-04-23");
  CHECK(to_iso(easter_sunday(2008)) == "2008-03-23");
  CHECK(to_iso(easter_sunday(2011)) == "2011-04-24");
  CHECK(to_iso(easter_sunday(2019)) == "2019-04-21");
  CHECK(to_iso(easter_sunday(2024)) == "2024-03-31");
  CHECK(to_iso(easter_sunday(2038)) == "2038-04-25");  // latest possible
  CHECK(to_iso(easter_sunday(2285)) == "2285-03-22");  // earliest possible
}

TEST_CASE("Scotland and Northern Ireland differ from England and Wales where the law says") {
  const auto& scotland = shipped_division("scotland");
  const auto& ni = shipped_division("northern-ireland");
  // 2 January and St Andrew's Day (Sun 30 Nov 2025 -> Mon 1 Dec) are Scottish only.
  CHECK(scotland.is_bank_holiday(d("2026-01-02")));
  CHECK_FALSE(england_and_wales().is_bank_holiday(d("2026-01-02")));
  CHECK(scotland.is_bank_holiday(d("2025-12-01")));
  // Scotland has no Easter Monday and its summer holiday is the first Monday in August.
  CHECK_FALSE(scotland.is_bank_holiday(d("2026-04-06")));
  CHECK(scotland.is_bank_holiday(d("2026-08-03")));
  CHECK_FALSE(scotland.is_bank_holiday(d("2026-08-31")));
  // The 2026 World Cup holiday is Scotland's only (§E2).
  CHECK(scotland.is_bank_holiday(d("2026-06-15")));
  CHECK_FALSE(england_and_wales().is_bank_holiday(d("2026-06-15")));
  // St Patrick's Day (Tue 17 Mar 2026) and the Boyne (Sun 12 Jul 2026 -> Mon 13 Jul) in NI.
  CHECK(ni.is_bank_holiday(d("2026-03-17")));
  CHECK(ni.is_bank_holiday(d("2026-07-13")));
  CHECK_FALSE(ni.is_bank_holiday(d("2026-07-12")));
}
