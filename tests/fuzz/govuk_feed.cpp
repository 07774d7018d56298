// GOV.UK's bank-holidays.json (`calendar import-govuk`): parse; every event of a feed that parses
// can be written to a change file that reads back with the same days and names (issue 18, defect 3).
#include "adapters/govuk/govuk_feed.hpp"
#include "engine/calendar/calendar_toml.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace timescales;
  auto feed = parse_govuk_feed(fuzz::text_of(data, size), "fuzz.json");
  if (!feed) return 0;
  for (const auto& [division, events] : *feed) {
    std::vector<HolidayChange> changes;
    for (const auto& e : events) changes.push_back({e.date, HolidayChange::Action::add, e.name, "fuzz"});
    const std::string written = format_holiday_changes("england-and-wales", "fuzz", changes);
    auto back = parse_holiday_changes(written, "written.local.toml", "england-and-wales");
    FUZZ_CHECK(back.ok());
    FUZZ_CHECK(back->size() == changes.size());
    for (std::size_t i = 0; i < changes.size(); ++i) {
      FUZZ_CHECK((*back)[i].date == changes[i].date);
      FUZZ_CHECK((*back)[i].name == changes[i].name);
    }
  }
  return 0;
}
