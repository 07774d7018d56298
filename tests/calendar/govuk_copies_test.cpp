// Issue 14: the shipped calendars of all three divisions against every saved copy of GOV.UK's feed
// (tests/fixtures/govuk/copies/, copied from ../shared/data/govuk-bank-holidays/), date by date;
// the Scotland and Northern Ireland working-day arithmetic against a day-by-day reference built
// from those copies alone; and `import-govuk` with an old copy and a hand-edited one.
#include <filesystem>
#include <set>

#include "adapters/govuk/govuk_feed.hpp"
#include "engine/calendar/holiday_reconcile.hpp"
#include "test_calendars.hpp"

using namespace timescales;
using namespace timescales::test;
namespace fs = std::filesystem;

namespace {

const std::string kCopies = std::string(TIMESCALES_SOURCE_DIR) + "/tests/fixtures/govuk/copies/";

const char* const kCopyFiles[] = {
    "saved-2014_covers-2012-2015.json",    "saved-2020_covers-2015-2021.json",
    "saved-2022_covers-2017-2023.json",    "saved-2024_covers-2018-2026.json",
    "saved-2025-07_covers-2019-2027.json", "saved-2025-12_covers-2024-2027.json",
    "hand-edited-2026-08_covers-2025-2028.json",
};
const char* const kDivisions[] = {"england-and-wales", "scotland", "northern-ireland"};

std::map<std::string, std::vector<Holiday>> read_copy(const std::string& file,
                                                      std::vector<std::string>* warnings = nullptr) {
  auto text = read_text_file(kCopies + file);
  REQUIRE(text.ok());
  auto feed = parse_govuk_feed(*text, file, warnings);
  INFO((feed ? "" : feed.error().to_string()));
  REQUIRE(feed.ok());
  return *feed;
}

// Days a copy lacks only because they were proclaimed after it was saved (README of the copies;
// dates of announcement from statutory-timescales.md §E2 and the copies themselves).
struct AnnouncedLater {
  const char* file;
  const char* division;
  const char* date;
  const char* why;
};
const AnnouncedLater kAnnouncedLater[] = {
    {"saved-2022_covers-2017-2023.json", "england-and-wales", "2023-05-08", "coronation holiday, announced November 2022"},
    {"saved-2022_covers-2017-2023.json", "scotland", "2023-05-08", "coronation holiday, announced November 2022"},
    {"saved-2022_covers-2017-2023.json", "northern-ireland", "2023-05-08", "coronation holiday, announced November 2022"},
    {"saved-2024_covers-2018-2026.json", "scotland", "2026-06-15", "World Cup holiday, announced 2026"},
    {"saved-2025-07_covers-2019-2027.json", "scotland", "2026-06-15", "World Cup holiday, announced 2026"},
    {"saved-2025-12_covers-2024-2027.json", "scotland", "2026-06-15", "World Cup holiday, announced 2026"},
};

std::set<std::string> dates_of(const std::vector<Holiday>& holidays, int first_year, int last_year) {
  std::set<std::string> out;
  for (const auto& h : holidays)
    if (year_of(h.date) >= first_year && year_of(h.date) <= last_year) out.insert(to_iso(h.date));
  return out;
}

}  // namespace

TEST_CASE("the shipped calendars equal every saved GOV.UK copy, date by date, all three divisions") {
  int compared = 0;
  for (const char* file : kCopyFiles) {
    const auto copy = read_copy(file);
    for (const char* division : kDivisions) {
      INFO(file << ", " << division);
      REQUIRE(copy.count(division) == 1);
      const auto& events = copy.at(division);
      int first = 9999, last = 0;
      for (const auto& h : events) first = std::min(first, year_of(h.date)), last = std::max(last, year_of(h.date));
      const auto govuk = dates_of(events, first, last);
      const auto ours = dates_of(shipped_division(division).holidays(), first, last);
      std::set<std::string> later;
      for (const auto& k : kAnnouncedLater)
        if (std::string(k.file) == file && std::string(k.division) == division) {
          INFO(k.date << ": " << k.why);
          CHECK(govuk.count(k.date) == 0);  // the copy really lacks it...
          CHECK(ours.count(k.date) == 1);   // ...and the shipped calendar has it
          later.insert(k.date);
        }
      for (const auto& date : govuk) {
        INFO("in the copy, not shipped: " << date);
        CHECK(ours.count(date) == 1);
      }
      for (const auto& date : ours) {
        INFO("shipped, not in the copy: " << date);
        CHECK((govuk.count(date) == 1 || later.count(date) == 1));
      }
      compared += static_cast<int>(govuk.size());
    }
  }
  CHECK(compared > 600);
}

// The one-offs before 2020 (issue 14), each worked from its source: Hansard for 1995, the
// proclamations for 1999-2011 (⚠ text not seen), GOV.UK's 2014 copy for 2012.
TEST_CASE("Scotland and Northern Ireland one-offs before 2020") {
  const auto& scotland = shipped_division("scotland");
  const auto& ni = shipped_division("northern-ireland");
  struct Row {
    const char* date;
    bool scotland;
    bool ni;
    const char* why;
  };
  const Row rows[] = {
      {"1995-05-01", true, false, "Scotland keeps the first Monday in May (BFDA Sch 1); NI's moved to 8 May"},
      {"1995-05-08", true, true, "VE Day 50: extra in Scotland, moved in NI (HC Deb 2 Mar 1995 c709W)"},
      {"1999-12-31", true, true, "Millennium"},
      {"2002-05-27", false, false, "spring holiday moved to 4 June"},
      {"2002-06-03", true, true, "Golden Jubilee"},
      {"2002-06-04", true, true, "spring holiday, moved"},
      {"2011-04-29", true, true, "royal wedding"},
      {"2012-05-28", false, false, "spring holiday moved to 4 June"},
      {"2012-06-04", true, true, "spring holiday, moved"},
      {"2012-06-05", true, true, "Diamond Jubilee"},
      // Scotland: no proclamation for Mon 4 Jan 2010 (2 Jan a Saturday) or Tue 4 Jan 2011 (1 Jan
      // a Saturday); 3 Jan 2011 is 2 January's statutory Sunday substitute.
      {"2010-01-04", false, false, "no proclamation (Scotland); NI has only 1 Jan, a Friday"},
      {"2011-01-03", true, true, "2 Jan (Sun) -> 3 Jan by statute in Scotland; NYD substitute in NI"},
      {"2011-01-04", false, false, "no proclamation (Scotland)"},
  };
  for (const auto& r : rows) {
    INFO(r.date << ": " << r.why);
    CHECK(scotland.is_bank_holiday(d(r.date)) == r.scotland);
    CHECK(ni.is_bank_holiday(d(r.date)) == r.ni);
  }
}

// The day that is not moved keeps its name, as BFDA 1971 Sch 1 and GOV.UK's copies name them:
// Scotland 2012 (saved-2014 copy: 2 Jan "2nd January", 3 Jan "New Year's Day", substitute) and
// England and Wales 2022 (26 Dec "Boxing Day", 27 Dec "Christmas Day", substitute).
TEST_CASE("a substitute day carries the moved holiday's name") {
  auto name_on = [](const DivisionCalendar& c, const char* iso) -> std::string {
    for (const auto& h : c.holidays())
      if (h.date == d(iso)) return h.name;
    return "none";
  };
  const auto& scotland = shipped_division("scotland");
  CHECK(name_on(scotland, "2012-01-02") == "2nd January");
  CHECK(name_on(scotland, "2012-01-03") == "New Year's Day");
  CHECK(name_on(england_and_wales(), "2022-12-26") == "Boxing Day");
  CHECK(name_on(england_and_wales(), "2022-12-27") == "Christmas Day");
  // Both at a weekend (2021: Sat 25, Sun 26): in rule order, Christmas Day Mon 27, Boxing Day Tue 28.
  CHECK(name_on(england_and_wales(), "2021-12-27") == "Christmas Day");
  CHECK(name_on(england_and_wales(), "2021-12-28") == "Boxing Day");
}

// The reference knows nothing of the engine's rules: a day is a working day when it is Monday to
// Friday and no saved copy lists it as a bank holiday of that division. The copies cover
// 2012-2028 between them, and the World Cup day and the coronation are in the later ones.
TEST_CASE("Scotland and NI working days: add and count agree with a day-by-day walk over the copies' holidays") {
  for (const char* division : {"scotland", "northern-ireland"}) {
    INFO(division);
    std::set<Date> holidays;
    for (const char* file : kCopyFiles) {
      const auto copy = read_copy(file);
      for (const auto& h : copy.at(division)) holidays.insert(h.date);
    }
    auto open = [&](Date day) {
      const unsigned wd = std::chrono::weekday{day}.c_encoding();  // Sunday = 0
      return wd != 0 && wd != 6 && !holidays.count(day);
    };
    const auto& calendar = shipped_division(division);
    const CalendarContext calendars{&calendar, nullptr};
    long checked = 0, mismatches = 0;
    // Walks of up to 60 days from every start, stopping before the copies run out at the end of 2028.
    for (Date start = d("2012-01-01"); start <= d("2028-10-31"); start += Days{1}) {
      Date day = start;
      int seen = 0;
      for (int k = 1; k <= 60; ++k) {
        day += Days{1};
        if (open(day)) {
          ++seen;
          auto due = add_duration(start, {seen, Unit::working_days}, Convention::after, calendars);
          if (!due.ok() || *due != day) ++mismatches;
          ++checked;
        }
        if (k % 9 == 0) {
          auto n = count_units(start, day, Unit::working_days, Convention::after, calendars);
          if (!n.ok() || *n != seen) ++mismatches;
          ++checked;
        }
      }
    }
    INFO("checked " << checked);
    CHECK(checked > 200'000);
    CHECK(mismatches == 0);
  }
}

namespace {

// A throwaway data folder holding a copy of the shipped calendars.
struct TempData {
  fs::path dir;
  TempData() {
    dir = fs::temp_directory_path() / ("timescales-copies-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(std::rand()));
    fs::create_directories(dir / "rules");
    fs::copy(fs::path(TIMESCALES_SOURCE_DIR) / "rules" / "calendars", dir / "rules" / "calendars");
    for (const char* division : kDivisions)
      fs::remove(dir / "rules" / "calendars" / (std::string(division) + ".local.toml"));
  }
  ~TempData() { fs::remove_all(dir); }
  fs::path local(const std::string& division) const {
    return dir / "rules" / "calendars" / (division + ".local.toml");
  }
};

}  // namespace

// Point 7: a copy saved in December 2025 lacks Scotland's 15 June 2026; importing it must not
// delete the proclamation.
TEST_CASE("an old copy's missing day is reported and kept unless --apply-removals") {
  const auto copy = read_copy("saved-2025-12_covers-2024-2027.json");
  const auto& scotland = shipped_division("scotland").schedule();
  const auto kept = reconcile_holidays(scotland, {}, copy.at("scotland"), "test");
  CHECK(kept.added.empty());
  CHECK(kept.removed.empty());
  REQUIRE(kept.withheld.size() == 1);
  CHECK(to_iso(kept.withheld[0].date) == "2026-06-15");
  CHECK(kept.local_changes.empty());
  const auto applied = reconcile_holidays(scotland, {}, copy.at("scotland"), "test", Removals::apply);
  REQUIRE(applied.removed.size() == 1);
  CHECK(to_iso(applied.removed[0].date) == "2026-06-15");

  TempData data;
  const std::string base = "--data " + data.dir.string() + " ";
  // Fri 12 Jun 2026 + 1 working day in Scotland: Mon 15 Jun is the World Cup holiday -> Tue 16.
  const std::string next = base + "deadline --calendar scotland --from 2026-06-12 --add \"1 working day\"";
  CHECK(run_cli(next).out == "2026-06-16\n");
  auto r = run_cli(base + "calendar import-govuk " + kCopies + "saved-2025-12_covers-2024-2027.json");
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("scotland (2024-2027): no change") &&
                        Catch::Contains("not in this feed, kept: 2026-06-15 World Cup bank holiday"));
  CHECK_FALSE(fs::exists(data.local("scotland")));
  CHECK(run_cli(next).out == "2026-06-16\n");
  auto applied_cli = run_cli(base + "calendar import-govuk --apply-removals " + kCopies +
                             "saved-2025-12_covers-2024-2027.json");
  CHECK_THAT(applied_cli.out, Catch::Contains("removed 2026-06-15"));
  CHECK(run_cli(next).out == "2026-06-15\n");
}

TEST_CASE("a hand-edited copy with an extra top-level key is read, with a warning") {
  std::vector<std::string> warnings;
  const auto copy = read_copy("hand-edited-2026-08_covers-2025-2028.json", &warnings);
  CHECK(copy.size() == 3);
  CHECK(copy.count("_note") == 0);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("ignored top-level key '_note'") != std::string::npos);

  TempData data;
  auto r = run_cli("--data " + data.dir.string() + " calendar import-govuk --dry-run " + kCopies +
                   "hand-edited-2026-08_covers-2025-2028.json");
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("warning:") && Catch::Contains("'_note'"));
  CHECK_THAT(r.out, Catch::Contains("scotland (2025-2028): no change"));

  // A division that is malformed is still refused whole.
  auto bad = parse_govuk_feed(R"({"_note": "x", "scotland": {"division": "scotland", "events": 5}})", "bad.json");
  CHECK_FALSE(bad.ok());
  auto nothing = parse_govuk_feed(R"({"_note": "only a note"})", "note.json");
  CHECK_FALSE(nothing.ok());
}
