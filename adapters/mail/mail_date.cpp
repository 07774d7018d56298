#include "adapters/mail/mail_date.hpp"

#include <time.h>

namespace timescales::mail {

std::string rfc5322_date(std::time_t when) {
  // The names are RFC 5322's own (English, whatever the locale); strftime's %a and %b would
  // follow LC_TIME.
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  ::tzset();
  std::tm local{};
  if (!::localtime_r(&when, &local)) return "Thu, 01 Jan 1970 00:00:00 +0000";
  char clock[32], offset[8];
  std::strftime(clock, sizeof clock, "%H:%M:%S", &local);
  std::strftime(offset, sizeof offset, "%z", &local);  // "+0100": the zone's offset that day
  char out[64];
  std::snprintf(out, sizeof out, "%s, %02d %s %04d %s %s", kDays[local.tm_wday % 7], local.tm_mday,
                kMonths[local.tm_mon % 12], local.tm_year + 1900, clock, offset);
  return out;
}

std::string rfc5322_date_now() { return rfc5322_date(std::time(nullptr)); }

}  // namespace timescales::mail
