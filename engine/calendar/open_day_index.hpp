// O(1) arithmetic over the open days (working days, school days) of a fixed range of dates.
//
// Built once from a per-day open/closed table, it keeps two arrays: how many open days there are
// up to and including each date, and the offset of every open day in order. "The N-th open day
// after D" is then one lookup in each, and "open days in (A, B]" a subtraction. No library offers
// this shape (numpy's busday functions binary-search a holiday list; QuantLib loops day by day),
// so it is written here; it is what makes a nightly run over a million cases cheap.
//
// Thread-safety: immutable after construction; safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/calendar/date.hpp"

namespace timescales {

class OpenDayIndex {
 public:
  OpenDayIndex() = default;
  // open[i] says whether first + i days is open; the range is first .. first + open.size() - 1.
  OpenDayIndex(Date first, const std::vector<bool>& open);

  Date first() const { return first_; }
  Date last() const { return first_ + Days{static_cast<int>(open_through_.size()) - 1}; }
  bool empty() const { return open_through_.empty(); }
  bool covers(Date d) const { return d >= first_ && d <= last(); }
  bool is_open(Date d) const;  // false outside the range

  // n > 0: the n-th open day strictly after `from`; n < 0: the |n|-th open day strictly before
  // `from`; n == 0: `from` itself. nullopt when `from` or the answer lies outside the range.
  std::optional<Date> nth_open_day(Date from, int n) const;

  // Open days in (from, to] when from <= to; minus the open days in (to, from] otherwise.
  // nullopt when either date lies outside the range.
  std::optional<int> open_days_between(Date from, Date to) const;

 private:
  int offset(Date d) const { return static_cast<int>((d - first_).count()); }
  int32_t open_before(int i) const { return i == 0 ? 0 : open_through_[i - 1]; }

  Date first_{};
  std::vector<int32_t> open_through_;  // open days in [first_, first_ + i]
  std::vector<int32_t> open_days_;     // offsets from first_ of the open days, ascending
};

}  // namespace timescales
