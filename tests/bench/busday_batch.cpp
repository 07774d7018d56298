// Our side of the working-day peer comparison (tests/bench/run.sh): the same (date, N, to)
// triples that numpy and QuantLib get, answered by add_duration / count_units in a tight loop.
//
//   busday_batch --inputs triples.bin --out ours.bin [--holidays holidays.txt]
//
// triples.bin: int32 little-endian (from, n, to) per row, dates as days since 1970-01-01.
// ours.bin:    int32 (due, count) per row: the n-th working day strictly after `from`, and the
//              working days in (from, to]. --holidays writes the England and Wales bank holidays
//              on weekdays, one ISO date a line, so numpy counts with exactly our list.
// Prints the seconds each loop took (file I/O excluded), as "add_seconds=… count_seconds=…".
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "adapters/files/calendar_files.hpp"
#include "engine/calendar/clock_arithmetic.hpp"

using namespace timescales;

int main(int argc, char** argv) {
  std::string inputs, out, holidays;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--inputs")) inputs = argv[i + 1];
    else if (!std::strcmp(argv[i], "--out")) out = argv[i + 1];
    else if (!std::strcmp(argv[i], "--holidays")) holidays = argv[i + 1];
  }
  if (inputs.empty() || out.empty()) {
    std::cerr << "usage: busday_batch --inputs triples.bin --out ours.bin [--holidays holidays.txt]\n";
    return 2;
  }
  CalendarFiles files(TIMESCALES_SOURCE_DIR);
  auto division = files.division("england-and-wales");
  if (!division) return std::cerr << division.error().message << "\n", 1;
  const DivisionCalendar& calendar = **division;
  if (!holidays.empty()) {
    std::ofstream h(holidays);
    for (const auto& day : calendar.holidays())
      if (!is_weekend(day.date)) h << to_iso(day.date) << "\n";
  }

  std::ifstream in(inputs, std::ios::binary | std::ios::ate);
  if (!in) return std::cerr << inputs << ": cannot read\n", 1;
  const auto bytes = static_cast<size_t>(in.tellg());
  std::vector<int32_t> triples(bytes / sizeof(int32_t));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(triples.data()), static_cast<std::streamsize>(bytes));
  const size_t rows = triples.size() / 3;
  std::vector<int32_t> results(rows * 2);

  const CalendarContext context{&calendar, nullptr};
  using Clock = std::chrono::steady_clock;
  size_t failures = 0;
  const auto t0 = Clock::now();
  for (size_t i = 0; i < rows; ++i) {
    const Date from{Days{triples[3 * i]}};
    auto due = add_duration(from, {triples[3 * i + 1], Unit::working_days}, Convention::after, context);
    if (due) results[2 * i] = static_cast<int32_t>(due->time_since_epoch().count());
    else ++failures;
  }
  const auto t1 = Clock::now();
  for (size_t i = 0; i < rows; ++i) {
    const Date from{Days{triples[3 * i]}}, to{Days{triples[3 * i + 2]}};
    auto n = count_units(from, to, Unit::working_days, Convention::after, context);
    if (n) results[2 * i + 1] = *n;
    else ++failures;
  }
  const auto t2 = Clock::now();
  if (failures) return std::cerr << failures << " inputs outside the calendar\n", 1;

  std::ofstream o(out, std::ios::binary);
  o.write(reinterpret_cast<const char*>(results.data()), static_cast<std::streamsize>(results.size() * sizeof(int32_t)));
  std::printf("rows=%zu add_seconds=%.6f count_seconds=%.6f\n", rows,
              std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count());
  return 0;
}
