// Bank-holiday calendars (rules/calendars/*.toml) and their local change files: parse; build a
// calendar from a schedule that parses; and a change file, written back out, reads back the same.
#include "engine/calendar/calendar_toml.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace timescales;
  const auto text = fuzz::text_of(data, size);
  if (auto schedule = parse_holiday_schedule(text, "fuzz.toml")) {
    const DivisionCalendar calendar(std::move(*schedule));
    (void)calendar.holidays().size();
  }
  auto changes = parse_holiday_changes(text, "fuzz.local.toml", "england-and-wales");
  if (!changes) return 0;
  const std::string written = format_holiday_changes("england-and-wales", "fuzz", *changes);
  auto back = parse_holiday_changes(written, "written.local.toml", "england-and-wales");
  FUZZ_CHECK(back.ok());
  FUZZ_CHECK(back->size() == changes->size());
  for (std::size_t i = 0; i < changes->size(); ++i) {
    FUZZ_CHECK((*back)[i].date == (*changes)[i].date);
    FUZZ_CHECK((*back)[i].name == (*changes)[i].name);
    FUZZ_CHECK((*back)[i].basis == (*changes)[i].basis);
  }
  return 0;
}
