// What the demonstration caseload's generators share: a reproducible draw, and the rough date
// steps a demo needs (plausible dates, not statutory ones: the engine counts those).
//
// Thread-safety: a Draw is used by one thread; the functions are pure.
#pragma once

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "engine/case/case.hpp"

namespace timescales::demo {

// Draws from std::mt19937_64's raw output (fully specified by the standard), not from the
// standard distributions (whose algorithms vary by library), so a seed means the same caseload
// everywhere.
class Draw {
 public:
  explicit Draw(uint64_t seed) : engine_(seed) {}
  double unit() { return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0); }
  int between(int lo, int hi) { return lo + static_cast<int>(unit() * (hi - lo + 1)); }
  bool chance(double p) { return unit() < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<size_t>(between(0, static_cast<int>(v.size()) - 1))]; }

 private:
  std::mt19937_64 engine_;
};

inline Date weekday_on_or_after(Date d) {
  while (is_weekend(d)) d += Days{1};
  return d;
}

// Adds working days roughly (weekends only): the demo wants plausible dates, not statutory ones.
inline Date plus_weekdays(Date d, int n) {
  while (n > 0) {
    d += Days{1};
    if (!is_weekend(d)) --n;
  }
  return d;
}

// "0042": at least `width` digits, more when the caseload is scaled past them, so references stay
// distinct at any scale.
inline std::string numbered(int n, int width) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%0*d", width, n);
  return buf;
}

inline void add(Case& c, const char* type, Date date, const std::string& reason = {}) {
  c.events.push_back({type, date, reason, static_cast<int>(c.events.size())});
}

}  // namespace timescales::demo
