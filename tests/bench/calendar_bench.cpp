// Calendar arithmetic micro-benchmarks. Baseline: a day-by-day walk over the same calendar (what
// a spreadsheet formula or QuantLib's Calendar::advance does); ours is the O(1) OpenDayIndex.
// Run: build/tests/bench/calendar_bench  (Release build recommended; see README).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "adapters/files/calendar_files.hpp"
#include "engine/calendar/clock_arithmetic.hpp"

using namespace timescales;

namespace {

const DivisionCalendar& calendar() {
  static CalendarFiles files(TIMESCALES_SOURCE_DIR);
  static auto schedule = files.shipped_schedule("england-and-wales");
  static DivisionCalendar c(std::move(*schedule));
  return c;
}

struct Inputs {
  std::vector<Date> from;
  std::vector<int> n;
  Inputs() {
    std::mt19937 random(42);
    for (int i = 0; i < 1 << 16; ++i) {
      from.push_back(make_date(2000, 1, 1) + Days{static_cast<int>(random() % 21900)});
      n.push_back(1 + static_cast<int>(random() % 200));
    }
  }
};
const Inputs& inputs() {
  static Inputs in;
  return in;
}

Date walk_working_days(const DivisionCalendar& c, Date from, int n) {
  while (n > 0) {
    from += Days{1};
    if (c.is_working_day(from)) --n;
  }
  return from;
}

void add_working_days(benchmark::State& state) {
  const auto& c = calendar();
  const auto& in = inputs();
  const CalendarContext ctx{&c, nullptr};
  size_t i = 0;
  for (auto _ : state) {
    const size_t k = i++ & 0xFFFF;
    benchmark::DoNotOptimize(add_duration(in.from[k], {in.n[k], Unit::working_days}, Convention::after, ctx));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(add_working_days);

void add_working_days_index_only(benchmark::State& state) {
  const auto& index = calendar().working_days();
  const auto& in = inputs();
  size_t i = 0;
  for (auto _ : state) {
    const size_t k = i++ & 0xFFFF;
    benchmark::DoNotOptimize(index.nth_open_day(in.from[k], in.n[k]));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(add_working_days_index_only);

void count_working_days(benchmark::State& state) {
  const auto& c = calendar();
  const auto& in = inputs();
  const CalendarContext ctx{&c, nullptr};
  size_t i = 0;
  for (auto _ : state) {
    const size_t k = i++ & 0xFFFF;
    benchmark::DoNotOptimize(count_units(in.from[k], in.from[k] + Days{in.n[k]}, Unit::working_days,
                                         Convention::after, ctx));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(count_working_days);

void baseline_day_by_day_add(benchmark::State& state) {
  const auto& c = calendar();
  const auto& in = inputs();
  size_t i = 0;
  for (auto _ : state) {
    const size_t k = i++ & 0xFFFF;
    benchmark::DoNotOptimize(walk_working_days(c, in.from[k], in.n[k]));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(baseline_day_by_day_add);

// School days: the example primary school's 2025-26 calendar (terms, closures, bank holidays).
// From any day of the school year, N school days on (N small enough to stay inside the year).
const SchoolCalendar& school() {
  static CalendarFiles files(TIMESCALES_SOURCE_DIR);
  static auto loaded = files.school(TIMESCALES_SOURCE_DIR "/tests/fixtures/calendars/example-primary-2025-26.toml");
  if (!loaded) std::abort();
  return **loaded;
}

void add_school_days(benchmark::State& state) {
  const SchoolCalendar& s = school();
  const CalendarContext ctx{&calendar(), &s};
  const auto& in = inputs();
  const int span = static_cast<int>((s.last() - s.first()).count());
  size_t i = 0;
  for (auto _ : state) {
    const size_t k = i++ & 0xFFFF;
    const Date from = s.first() + Days{in.n[k] * span / 400};  // spread over the first half of the year
    benchmark::DoNotOptimize(add_duration(from, {1 + in.n[k] % 30, Unit::school_days}, Convention::after, ctx));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(add_school_days);

void count_school_days(benchmark::State& state) {
  const SchoolCalendar& s = school();
  const CalendarContext ctx{&calendar(), &s};
  const auto& in = inputs();
  const int span = static_cast<int>((s.last() - s.first()).count());
  size_t i = 0;
  for (auto _ : state) {
    const size_t k = i++ & 0xFFFF;
    const Date from = s.first() + Days{in.n[k] * span / 400};
    benchmark::DoNotOptimize(count_units(from, from + Days{in.n[k] % 60}, Unit::school_days, Convention::after, ctx));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(count_school_days);

}  // namespace

BENCHMARK_MAIN();
