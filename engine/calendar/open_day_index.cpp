#include "engine/calendar/open_day_index.hpp"

namespace timescales {

OpenDayIndex::OpenDayIndex(Date first, const std::vector<bool>& open) : first_(first) {
  open_through_.resize(open.size());
  int32_t running = 0;
  for (size_t i = 0; i < open.size(); ++i) {
    if (open[i]) {
      open_days_.push_back(static_cast<int32_t>(i));
      ++running;
    }
    open_through_[i] = running;
  }
}

bool OpenDayIndex::is_open(Date d) const {
  if (!covers(d)) return false;
  const int i = offset(d);
  return open_through_[i] != open_before(i);
}

std::optional<Date> OpenDayIndex::nth_open_day(Date from, int n) const {
  if (!covers(from)) return std::nullopt;
  const int i = offset(from);
  if (n == 0) return from;
  // open_through_[i] open days lie on or before `from`, so the n-th after is at that ordinal.
  const int64_t ordinal =
      n > 0 ? int64_t{open_through_[i]} + n - 1 : int64_t{open_before(i)} + n;
  if (ordinal < 0 || ordinal >= static_cast<int64_t>(open_days_.size())) return std::nullopt;
  return first_ + Days{open_days_[ordinal]};
}

std::optional<int> OpenDayIndex::open_days_between(Date from, Date to) const {
  if (!covers(from) || !covers(to)) return std::nullopt;
  return open_through_[offset(to)] - open_through_[offset(from)];
}

}  // namespace timescales
