#include "engine/calendar/holiday_reconcile.hpp"

#include <algorithm>
#include <iterator>

namespace timescales {
namespace {

std::vector<Holiday> generate_with(const HolidaySchedule& shipped,
                                   const std::vector<HolidayChange>& local) {
  HolidaySchedule s = shipped;
  s.changes.insert(s.changes.end(), local.begin(), local.end());
  return generate_holidays(s);
}

// Holidays in `a` whose date is not in `b`; both sorted by date.
std::vector<Holiday> dates_missing_from(const std::vector<Holiday>& a, const std::vector<Holiday>& b) {
  std::vector<Holiday> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

Reconciliation reconcile_holidays(const HolidaySchedule& shipped,
                                  const std::vector<HolidayChange>& current_local,
                                  std::vector<Holiday> published, const std::string& basis) {
  Reconciliation r;
  if (published.empty()) {
    r.local_changes = current_local;
    return r;
  }
  std::sort(published.begin(), published.end());
  published.erase(std::unique(published.begin(), published.end(),
                              [](const Holiday& a, const Holiday& b) { return a.date == b.date; }),
                  published.end());
  r.first_year = year_of(published.front().date);
  r.last_year = year_of(published.back().date);
  auto in_feed_years = [&](Date d) { return year_of(d) >= r.first_year && year_of(d) <= r.last_year; };

  for (const auto& c : current_local)
    if (!in_feed_years(c.date)) r.local_changes.push_back(c);

  std::vector<Holiday> base;
  for (const auto& h : generate_holidays(shipped))
    if (in_feed_years(h.date)) base.push_back(h);
  for (const auto& h : dates_missing_from(published, base))
    r.local_changes.push_back({h.date, HolidayChange::Action::add, h.name, basis});
  for (const auto& h : dates_missing_from(base, published))
    r.local_changes.push_back({h.date, HolidayChange::Action::remove, h.name, basis});
  std::sort(r.local_changes.begin(), r.local_changes.end(),
            [](const HolidayChange& a, const HolidayChange& b) { return a.date < b.date; });

  const auto before = generate_with(shipped, current_local);
  const auto after = generate_with(shipped, r.local_changes);
  r.added = dates_missing_from(after, before);
  r.removed = dates_missing_from(before, after);
  return r;
}

}  // namespace timescales
