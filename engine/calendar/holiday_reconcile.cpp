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

// The union of two date-sorted lists, the first's entry winning on a shared date.
std::vector<Holiday> merged(const std::vector<Holiday>& a, const std::vector<Holiday>& b) {
  std::vector<Holiday> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

const HolidayChange* existing(const std::vector<HolidayChange>& changes, Date date,
                              HolidayChange::Action action) {
  for (const auto& c : changes)
    if (c.date == date && c.action == action) return &c;
  return nullptr;
}

}  // namespace

Reconciliation reconcile_holidays(const HolidaySchedule& shipped,
                                  const std::vector<HolidayChange>& current_local,
                                  std::vector<Holiday> published, const std::string& basis,
                                  Removals removals) {
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
  auto feed_years_of = [&](const std::vector<Holiday>& all) {
    std::vector<Holiday> out;
    for (const auto& h : all)
      if (in_feed_years(h.date)) out.push_back(h);
    return out;
  };

  // What the feed's years hold now, and what they should hold: the feed's days, plus (unless
  // removals are applied) the days in force that the feed lacks.
  const auto before = generate_with(shipped, current_local);
  const auto current = feed_years_of(before);
  std::vector<Holiday> target = published;
  if (removals == Removals::withhold) {
    r.withheld = dates_missing_from(current, published);
    target = merged(published, r.withheld);
  }

  for (const auto& c : current_local)
    if (!in_feed_years(c.date)) r.local_changes.push_back(c);
  // The local file states the difference between the shipped schedule and the target; a change
  // already there keeps its own basis (when it was first imported, and from what).
  const auto base = feed_years_of(generate_holidays(shipped));
  for (const auto& h : dates_missing_from(target, base)) {
    const auto* kept = existing(current_local, h.date, HolidayChange::Action::add);
    r.local_changes.push_back(kept ? *kept : HolidayChange{h.date, HolidayChange::Action::add, h.name, basis});
  }
  for (const auto& h : dates_missing_from(base, target)) {
    const auto* kept = existing(current_local, h.date, HolidayChange::Action::remove);
    r.local_changes.push_back(kept ? *kept : HolidayChange{h.date, HolidayChange::Action::remove, h.name, basis});
  }
  std::stable_sort(r.local_changes.begin(), r.local_changes.end(),
                   [](const HolidayChange& a, const HolidayChange& b) { return a.date < b.date; });

  const auto after = generate_with(shipped, r.local_changes);
  r.added = dates_missing_from(after, before);
  r.removed = dates_missing_from(before, after);
  return r;
}

}  // namespace timescales
