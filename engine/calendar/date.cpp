#include "engine/calendar/date.hpp"

#include <array>
#include <cstdio>

namespace timescales {
namespace {

constexpr std::array<const char*, 12> kMonthAbbrev = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<const char*, 7> kWeekdayAbbrev = {"Mon", "Tue", "Wed", "Thu",
                                                       "Fri", "Sat", "Sun"};

std::chrono::year_month_day civil(Date d) { return std::chrono::year_month_day{d}; }

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

const char* month_abbreviation(unsigned month) { return month >= 1 && month <= 12 ? kMonthAbbrev[month - 1] : "?"; }
const char* weekday_abbreviation(unsigned iso_weekday) {
  return iso_weekday >= 1 && iso_weekday <= 7 ? kWeekdayAbbrev[iso_weekday - 1] : "?";
}

Date make_date(int year, unsigned month, unsigned day) {
  return Date{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
}

Result<Date> parse_iso_date(std::string_view text) {
  // The quoted text only for an error: a store of millions of events reads a date per event.
  auto quoted = [&] { return "'" + std::string(text) + "'"; };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
      !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
    return Error{quoted() + " is not a date in the form YYYY-MM-DD"};
  }
  const int y = to_int(text.substr(0, 4));
  const unsigned m = static_cast<unsigned>(to_int(text.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(to_int(text.substr(8, 2)));
  if (m < 1 || m > 12) return Error{quoted() + " is not a date: there is no month " + std::to_string(m)};
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!ymd.ok()) {
    const auto last = std::chrono::year_month_day_last{std::chrono::year{y},
                                                       std::chrono::month_day_last{std::chrono::month{m}}};
    return Error{quoted() + " is not a date: " + kMonthAbbrev[m - 1] + " " + std::to_string(y) +
                 " has " + std::to_string(static_cast<unsigned>(last.day())) + " days"};
  }
  return Date{ymd};
}

std::string to_iso(Date date) {
  const auto ymd = civil(date);
  const int y = static_cast<int>(ymd.year());
  // Written digit by digit: every timer's explanation and every report row formats dates, and
  // snprintf's format parsing was a sixth of assessing a case.
  if (y >= 0 && y <= 9999) {
    const unsigned m = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
    std::string out(10, '-');
    out[0] = static_cast<char>('0' + y / 1000);
    out[1] = static_cast<char>('0' + y / 100 % 10);
    out[2] = static_cast<char>('0' + y / 10 % 10);
    out[3] = static_cast<char>('0' + y % 10);
    out[5] = static_cast<char>('0' + m / 10);
    out[6] = static_cast<char>('0' + m % 10);
    out[8] = static_cast<char>('0' + d / 10);
    out[9] = static_cast<char>('0' + d % 10);
    return out;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string to_day_month(Date date) {
  const auto ymd = civil(date);
  return std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         kMonthAbbrev[static_cast<unsigned>(ymd.month()) - 1];
}

std::string to_long(Date date) {
  return std::string(kWeekdayAbbrev[iso_weekday(date) - 1]) + " " + to_day_month(date) + " " +
         std::to_string(year_of(date));
}

int year_of(Date date) { return static_cast<int>(civil(date).year()); }
unsigned month_of(Date date) { return static_cast<unsigned>(civil(date).month()); }
unsigned day_of(Date date) { return static_cast<unsigned>(civil(date).day()); }
unsigned iso_weekday(Date date) { return std::chrono::weekday{date}.iso_encoding(); }

Date add_months(Date date, int months) {
  const auto ymd = civil(date) + std::chrono::months{months};
  if (ymd.ok()) return Date{ymd};
  return Date{ymd.year() / ymd.month() / std::chrono::last};
}

}  // namespace timescales
