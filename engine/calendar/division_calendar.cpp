#include "engine/calendar/division_calendar.hpp"

#include <algorithm>

namespace timescales {

DivisionCalendar::DivisionCalendar(HolidaySchedule schedule)
    : schedule_(std::move(schedule)), holidays_(generate_holidays(schedule_)) {
  const Date first = make_date(schedule_.first_year, 1, 1);
  const Date last = make_date(schedule_.last_year, 12, 31);
  std::vector<bool> open(static_cast<size_t>((last - first).count() + 1));
  for (size_t i = 0; i < open.size(); ++i) open[i] = !is_weekend(first + Days{static_cast<int>(i)});
  for (const auto& h : holidays_)
    if (h.date >= first && h.date <= last) open[static_cast<size_t>((h.date - first).count())] = false;
  working_days_ = OpenDayIndex(first, open);
}

bool DivisionCalendar::is_bank_holiday(Date d) const {
  return std::binary_search(holidays_.begin(), holidays_.end(), Holiday{d, {}});
}

std::span<const Holiday> DivisionCalendar::holidays_between(Date from, Date to) const {
  auto lo = std::upper_bound(holidays_.begin(), holidays_.end(), Holiday{from, {}});
  auto hi = std::upper_bound(holidays_.begin(), holidays_.end(), Holiday{to, {}});
  if (!(lo < hi)) return {};
  return {lo, hi};
}

}  // namespace timescales
