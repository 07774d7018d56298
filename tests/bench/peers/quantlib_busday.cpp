// The QuantLib peer (tests/bench/run.sh compiles it when libquantlib0-dev is installed; CI never
// needs QuantLib). Same inputs and outputs as busday_batch.cpp, answered by QuantLib's
// UnitedKingdom(Settlement) calendar: advance(d, n, Days) and businessDaysBetween(from, to,
// false, true), i.e. working days in (from, to], the engine's convention.
//
//   quantlib_busday --inputs triples.bin --out quantlib.bin [--rows K] [--holidays ql-holidays.txt]
//
// --rows answers only the first K triples: QuantLib walks day by day (~30 us an advance here), so
// all 10 million would take a quarter of an hour; per-element times are what is compared.
// --holidays writes QuantLib's weekday holidays from 1990 to 2100, one ISO date a line, so the
// script can name the days where QuantLib and GOV.UK disagree.
#include <ql/time/calendars/unitedkingdom.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using QuantLib::Date;

namespace {
// QuantLib serials count from 31 Dec 1899 (serial 1 = 1 Jan 1900); 1970-01-01 is serial 25569.
constexpr int kEpochSerial = 25569;
Date from_days(int32_t days) { return Date(static_cast<QuantLib::Date::serial_type>(days + kEpochSerial)); }
int32_t to_days(const Date& d) { return static_cast<int32_t>(d.serialNumber() - kEpochSerial); }
}  // namespace

int main(int argc, char** argv) {
  std::string inputs, out, holidays;
  size_t limit = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--inputs")) inputs = argv[i + 1];
    else if (!std::strcmp(argv[i], "--out")) out = argv[i + 1];
    else if (!std::strcmp(argv[i], "--holidays")) holidays = argv[i + 1];
    else if (!std::strcmp(argv[i], "--rows")) limit = std::stoul(argv[i + 1]);
  }
  if (inputs.empty() || out.empty()) return std::cerr << "usage: quantlib_busday --inputs F --out F\n", 2;
  const QuantLib::UnitedKingdom calendar(QuantLib::UnitedKingdom::Settlement);
  if (!holidays.empty()) {
    std::ofstream h(holidays);
    for (const Date& d : calendar.holidayList(Date(1, QuantLib::January, 1990),
                                             Date(31, QuantLib::December, 2100), false)) {
      char iso[16];
      std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", d.year(), static_cast<int>(d.month()), d.dayOfMonth());
      h << iso << "\n";
    }
  }
  std::ifstream in(inputs, std::ios::binary | std::ios::ate);
  if (!in) return std::cerr << inputs << ": cannot read\n", 1;
  const auto bytes = static_cast<size_t>(in.tellg());
  std::vector<int32_t> triples(bytes / sizeof(int32_t));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(triples.data()), static_cast<std::streamsize>(bytes));
  const size_t rows = limit ? std::min(limit, triples.size() / 3) : triples.size() / 3;
  std::vector<int32_t> results(rows * 2);

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  for (size_t i = 0; i < rows; ++i)
    results[2 * i] = to_days(calendar.advance(from_days(triples[3 * i]), triples[3 * i + 1], QuantLib::Days));
  const auto t1 = Clock::now();
  for (size_t i = 0; i < rows; ++i)
    results[2 * i + 1] = static_cast<int32_t>(
        calendar.businessDaysBetween(from_days(triples[3 * i]), from_days(triples[3 * i + 2]), false, true));
  const auto t2 = Clock::now();
  std::ofstream o(out, std::ios::binary);
  o.write(reinterpret_cast<const char*>(results.data()), static_cast<std::streamsize>(results.size() * sizeof(int32_t)));
  std::printf("rows=%zu add_seconds=%.6f count_seconds=%.6f\n", rows,
              std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count());
  return 0;
}
