#include "engine/calendar/time_of_day.hpp"

#include <cstdio>

namespace timescales {
namespace {

bool two_digits(std::string_view s, std::size_t at, int& out) {
  if (at + 2 > s.size()) return false;
  const char a = s[at], b = s[at + 1];
  if (a < '0' || a > '9' || b < '0' || b > '9') return false;
  out = (a - '0') * 10 + (b - '0');
  return true;
}

}  // namespace

Result<TimeOfDay> parse_time_of_day(std::string_view text) {
  int h = 0, m = 0, s = 0;
  const bool shape = (text.size() == 5 || (text.size() == 8 && text[5] == ':')) && text[2] == ':' &&
                     two_digits(text, 0, h) && two_digits(text, 3, m) &&
                     (text.size() == 5 || two_digits(text, 6, s));
  if (!shape) return Error("'" + std::string(text) + "' is not a time of day (expected HH:MM, 24-hour)");
  if (h > 23 || m > 59 || s > 59)
    return Error("'" + std::string(text) + "' is not a time of day: hours 00-23, minutes 00-59");
  return TimeOfDay{h * 60 + m};
}

std::string to_hh_mm(TimeOfDay time) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", time.minutes / 60 % 100, time.minutes % 60);
  return buf;
}

}  // namespace timescales
