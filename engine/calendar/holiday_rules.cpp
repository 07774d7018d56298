#include "engine/calendar/holiday_rules.hpp"

#include <algorithm>
#include <set>

namespace timescales {

Date easter_sunday(int year) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = ((h + l - 7 * m + 114) % 31) + 1;
  return make_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

namespace {

bool applies(const HolidayRule& rule, int year) {
  return (rule.from_year == 0 || year >= rule.from_year) &&
         (rule.to_year == 0 || year <= rule.to_year);
}

Date nth_weekday(int year, unsigned month, unsigned iso_weekday, int nth) {
  using namespace std::chrono;
  const weekday wd{iso_weekday % 7};  // chrono's encoding: Sunday = 0
  if (nth < 0) return sys_days{year_month_weekday_last{std::chrono::year{year}, std::chrono::month{month}, weekday_last{wd}}};
  return sys_days{year_month_weekday{std::chrono::year{year}, std::chrono::month{month},
                                     weekday_indexed{wd, static_cast<unsigned>(nth)}}};
}

}  // namespace

std::vector<Holiday> holidays_from_rules(const std::vector<HolidayRule>& rules, int year) {
  std::vector<Holiday> out;
  std::set<Date> taken;
  // First every holiday that falls where its rule puts it, then the substitutes for those that
  // fell at a weekend, in rule order. "If a bank holiday falls at a weekend, a substitute weekday,
  // normally the following Monday, becomes a bank holiday. Holidays only move forward." A day
  // already taken pushes a substitute on, so the day that is not moved keeps its own name: in
  // Scotland in 2012, 2 January was a Monday and New Year's Day moved to 3 January (BFDA 1971
  // Sch 1 para 2: "if it be a Sunday, 3rd January"), and in 2022 Boxing Day stayed on Monday 26
  // December while Christmas Day moved to the 27th, as GOV.UK lists them.
  std::vector<const HolidayRule*> substitutes;
  for (const auto& rule : rules) {
    if (!applies(rule, year)) continue;
    Date date{};
    switch (rule.kind) {
      case HolidayRule::Kind::fixed_date:
        date = make_date(year, rule.month, rule.day);
        if (rule.substitute && (is_weekend(date) || taken.count(date))) {
          substitutes.push_back(&rule);
          continue;
        }
        break;
      case HolidayRule::Kind::easter_offset:
        date = easter_sunday(year) + Days{rule.easter_offset};
        break;
      case HolidayRule::Kind::nth_weekday:
        date = nth_weekday(year, rule.month, rule.weekday, rule.nth);
        break;
    }
    taken.insert(date);
    out.push_back({date, rule.name});
  }
  for (const HolidayRule* rule : substitutes) {
    Date date = make_date(year, rule->month, rule->day);
    while (is_weekend(date) || taken.count(date)) date += Days{1};
    taken.insert(date);
    out.push_back({date, rule->name});
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Holiday> generate_holidays(const HolidaySchedule& schedule) {
  std::vector<Holiday> all;
  for (int year = schedule.first_year; year <= schedule.last_year; ++year) {
    auto one = holidays_from_rules(schedule.rules, year);
    all.insert(all.end(), one.begin(), one.end());
  }
  for (const auto& change : schedule.changes) {
    auto same_day = [&](const Holiday& h) { return h.date == change.date; };
    all.erase(std::remove_if(all.begin(), all.end(), same_day), all.end());
    if (change.action == HolidayChange::Action::add) all.push_back({change.date, change.name});
  }
  std::sort(all.begin(), all.end());
  return all;
}

}  // namespace timescales
