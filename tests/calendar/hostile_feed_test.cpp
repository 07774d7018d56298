// Issue 18, defects 2 and 3: a GOV.UK feed is anyone's text. A number too large for a double is
// refused with a message (exit 2), not an abort; an empty title is refused; a title holding
// quotes, backslashes or control characters is written so the change file reads back as itself,
// and `deadline` keeps working after the import.
#include <filesystem>
#include <fstream>

#include "adapters/govuk/govuk_feed.hpp"
#include "temp_data_folder.hpp"
#include "test_calendars.hpp"

using namespace timescales;
using namespace timescales::test;
namespace fs = std::filesystem;

namespace {

const std::string kFixtures = std::string(TIMESCALES_SOURCE_DIR) + "/tests/fixtures/govuk/";

using timescales::test::TempData;

// The announced fixture (which adds the extra holiday of Mon 7 Jun 2027) with that holiday's
// title replaced by `title_json` (already JSON-encoded, quotes included).
std::string announced_with_title(const std::string& title_json) {
  auto text = read_text_file(kFixtures + "bank-holidays-announced.json");
  REQUIRE(text.ok());
  const std::string from = "\"Extra bank holiday\"";
  const auto at = text->find(from);
  REQUIRE(at != std::string::npos);
  return text->replace(at, from.size(), title_json);
}

// Every control character, and the other characters a TOML string must escape or keep.
const std::string kHostileTitleJson =
    R"("Extra \"bank\" holiday \\ C:\\tmp\n[[change]]\ndate = 2027-01-01\n\t\r\b\f)"
    R"(\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u000b\u000e\u000f\u0010\u0011\u0012\u0013)"
    R"(\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f é ű 日本 🎉 ''' \"\"\"")";

std::string hostile_title() {
  std::string s = "Extra \"bank\" holiday \\ C:\\tmp\n[[change]]\ndate = 2027-01-01\n\t\r\b\f";
  for (int c = 0; c < 0x20; ++c)
    if (c != '\t' && c != '\n' && c != '\r' && c != '\b' && c != '\f') s += static_cast<char>(c);
  s += "\x7f \xc3\xa9 \xc5\xb1 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\x89 ''' \"\"\"";
  return s;
}

}  // namespace

TEST_CASE("A number too large for a double anywhere in the feed is refused, not an abort") {
  for (const std::string& feed :
       {std::string("1e999"), std::string(R"({"england-and-wales": {"events": [{"date": "2027-06-07", "n": 1e400}]}})"),
        std::string("{\"england-and-wales\": {\"division\": \"england-and-wales\",\n  \"events\": [], \"x\": -1e309}}")}) {
    INFO(feed);
    auto parsed = parse_govuk_feed(feed, "feed.json");
    REQUIRE_FALSE(parsed.ok());
    CHECK_THAT(parsed.error().to_string(), Catch::StartsWith("feed.json:") && Catch::Contains("is too large to read"));
  }
  // The position is where the number is written: line 2; `  "events": [], "x": ` is 21 characters,
  // so "-1e309" begins at column 22.
  auto second_line = parse_govuk_feed("{\"england-and-wales\": {\"division\": \"england-and-wales\",\n  \"events\": [], \"x\": -1e309}}", "f.json");
  REQUIRE_FALSE(second_line.ok());
  CHECK(second_line.error().to_string() ==
        "f.json:2:22: not valid JSON: the number -1e309 is too large to read (the largest is about 1.8e308)");

  TempData data;
  const auto r = run_cli("--data " + data.dir.string() + " calendar import-govuk " +
                         data.write("big.json", announced_with_title("\"Extra\", \"n\": 1e400")));
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains("the number 1e400 is too large to read"));
  CHECK_FALSE(fs::exists(data.local()));
}

TEST_CASE("A feed event with an empty title is refused, naming the event, and nothing is written") {
  TempData data;
  const auto r = run_cli("--data " + data.dir.string() + " calendar import-govuk " +
                         data.write("empty.json", announced_with_title("\"\"")));
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Contains("(2027-06-07): an empty \"title\"; every bank holiday needs a name"));
  CHECK_FALSE(fs::exists(data.local()));
  // And the installation still works: Fri 4 Jun 2027 + 1 working day is Mon 7 Jun (no extra day).
  CHECK(run_cli("--data " + data.dir.string() + " deadline --from 2027-06-04 --add \"1 working day\"").out ==
        "2027-06-07\n");
}

TEST_CASE("A hostile title is imported, reads back as itself, and deadlines keep working") {
  TempData data;
  const std::string base = "--data " + data.dir.string() + " ";
  const auto imported =
      run_cli(base + "calendar import-govuk " + data.write("hostile.json", announced_with_title(kHostileTitleJson)));
  REQUIRE(imported.status == 0);
  REQUIRE(fs::exists(data.local()));

  CalendarFiles files(data.dir);
  auto changes = files.local_changes("england-and-wales");
  REQUIRE(changes.ok());
  bool found = false;
  for (const auto& c : *changes)
    if (to_iso(c.date) == "2027-06-07") {
      found = true;
      CHECK(c.name == hostile_title());
    }
  CHECK(found);
  // The title's "[[change]] date = 2027-01-01" stayed inside the string: no holiday on 1 Jan 2027
  // beyond New Year's Day itself, which is shipped. Fri 4 Jun 2027 + 1 working day skips Mon 7 Jun.
  CHECK(run_cli(base + "deadline --from 2027-06-04 --add \"1 working day\"").out == "2027-06-08\n");
  // Re-importing a good feed works, and takes the extra day away again when told to (a day missing
  // from a feed is kept unless --apply-removals says otherwise: issue 14 point 7).
  const auto again = run_cli(base + "calendar import-govuk --apply-removals " + kFixtures +
                             "bank-holidays-2019-2028-england-and-wales.json");
  CHECK(again.status == 0);
  CHECK(run_cli(base + "deadline --from 2027-06-04 --add \"1 working day\"").out == "2027-06-07\n");
}

TEST_CASE("A change file round-trips every name: format, then parse, gives the same days and names") {
  std::vector<std::string> names = {"Plain",       "\"quoted\"",     "back\\slash\\",   "new\nline",
                                    "tab\there",   "cr\rlf\r\n",     "'''", "\"\"\"",   "é ű 日本 🎉",
                                    hostile_title(), std::string("nul\0inside", 10), "\x7f", "# not a comment"};
  for (int c = 0; c < 0x20; ++c) names.push_back(std::string("c") + static_cast<char>(c) + "c");
  std::vector<HolidayChange> changes;
  Date day = d("2030-01-01");
  for (const auto& name : names) {
    changes.push_back({day, HolidayChange::Action::add, name, "basis \"" + name + "\""});
    day += std::chrono::days(1);
  }
  changes.push_back({d("2031-05-05"), HolidayChange::Action::remove, "", ""});
  changes.push_back({d("2031-05-06"), HolidayChange::Action::add, "", ""});  // unnamed: written with the default

  const std::string text = format_holiday_changes("england-and-wales", "a note\nwith a line break", changes);
  auto back = parse_holiday_changes(text, "x.local.toml", "england-and-wales");
  REQUIRE(back.ok());
  REQUIRE(back->size() == changes.size());
  for (size_t i = 0; i + 1 < changes.size(); ++i) {
    INFO(i);
    CHECK((*back)[i].date == changes[i].date);
    CHECK(((*back)[i].action == changes[i].action));
    CHECK((*back)[i].name == changes[i].name);
    CHECK((*back)[i].basis == changes[i].basis);
  }
  CHECK((*back).back().name == "bank holiday");
}
