#include "adapters/reports/report_periods.hpp"

#include <array>

namespace timescales::reports {
namespace {

using namespace std::chrono;


std::string two_digits(int year) {
  const int yy = ((year % 100) + 100) % 100;
  return (yy < 10 ? "0" : "") + std::to_string(yy);
}

Date month_end(int year, unsigned month) {
  return sys_days{std::chrono::year{year} / std::chrono::month{month} / last};
}

}  // namespace

Date last_day_of_month(Date d) { return month_end(year_of(d), month_of(d)); }

Period financial_year_of(Date d) {
  const int start = month_of(d) >= 4 ? year_of(d) : year_of(d) - 1;
  return {make_date(start, 4, 1), make_date(start + 1, 3, 31),
          std::to_string(start) + "-" + two_digits(start + 1)};
}

Period academic_year_of(Date d) {
  const int start = month_of(d) >= 9 ? year_of(d) : year_of(d) - 1;
  return {make_date(start, 9, 1), make_date(start + 1, 8, 31),
          std::to_string(start) + "/" + two_digits(start + 1)};
}

Period calendar_year_of(Date d) {
  const int y = year_of(d);
  return {make_date(y, 1, 1), make_date(y, 12, 31), std::to_string(y)};
}

Period quarter_of(Date d) {
  const int y = year_of(d);
  const unsigned first_month = (month_of(d) - 1) / 3 * 3 + 1;
  return {make_date(y, first_month, 1), month_end(y, first_month + 2),
          std::string(month_abbreviation(first_month)) + "–" + month_abbreviation(first_month + 2) + " " + std::to_string(y)};
}

Period month_period_of(Date d) {
  const int y = year_of(d);
  const unsigned m = month_of(d);
  return {make_date(y, m, 1), month_end(y, m), std::string(month_abbreviation(m)) + " " + std::to_string(y)};
}

Period year_before(const Period& p) {
  Period out;
  out.first = add_months(p.first, -12);
  out.last = add_months(p.last, -12);
  // 29 Feb has no twin: add_months clamps to 28 Feb, which is the right "same period".
  return out;
}

std::optional<int> percent_half_up(int part, int whole) {
  if (whole <= 0) return std::nullopt;
  // round(100 * part / whole) with halves going up, in integers: floor((200 * part + whole) / (2 * whole)).
  return (200 * part + whole) / (2 * whole);
}

std::string percent_text(std::optional<int> percent) {
  return percent ? std::to_string(*percent) + "%" : "–";
}

}  // namespace timescales::reports
