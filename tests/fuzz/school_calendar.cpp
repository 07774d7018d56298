// School calendars (a council's terms and closures): parse, and build over England and Wales.
#include "engine/calendar/calendar_toml.hpp"
#include "engine/calendar/school_calendar.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace timescales;
  auto spec = parse_school_calendar(fuzz::text_of(data, size), "fuzz.toml");
  if (!spec) return 0;
  (void)SchoolCalendar::build(std::move(*spec), fuzz::england_and_wales());
  return 0;
}
