// The nightly run's first two phases on their own, over a store made by bench_caseload: reading
// every case (BulkCaseReader, chunk by chunk), then reading and assessing every case
// (for_each_assessed_chunk, two threads, the next chunk read meanwhile) with nothing done with
// the result. What is left of `timescales nightly`'s wall time is recording and reporting.
//
//   build-release/tests/bench/store_scan --db /tmp/timescales-bench/cases-1000000.db [--as-of 2026-11-22]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "adapters/nightly/stored_cases.hpp"

using namespace timescales;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, as_of_text = "2026-11-22";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--db")) db = argv[i + 1];
    else if (!std::strcmp(argv[i], "--as-of")) as_of_text = argv[i + 1];
  }
  auto as_of = parse_iso_date(as_of_text);
  if (db.empty() || !as_of) {
    std::fprintf(stderr, "usage: store_scan --db FILE [--as-of YYYY-MM-DD]\n");
    return 2;
  }
  auto setup = nightly::open_store_run(TIMESCALES_SOURCE_DIR, db, std::nullopt);
  if (!setup) {
    std::fprintf(stderr, "%s\n", setup.error().message.c_str());
    return 2;
  }
  auto t = std::chrono::steady_clock::now();
  size_t cases = 0, events = 0;
  {
    auto reader = setup->store->scan();
    if (!reader) return 2;
    std::vector<StoredCase> chunk;
    for (;;) {
      if (!(*reader)->next(chunk, nightly::kCasesPerChunk)) return 2;
      if (chunk.empty()) break;
      cases += chunk.size();
      for (const auto& c : chunk) events += c.case_data.events.size();
    }
  }
  const double read = seconds_since(t);
  t = std::chrono::steady_clock::now();
  size_t open = 0;
  auto scan = setup->store->scan();
  if (!scan) return 2;
  auto assessed = nightly::for_each_assessed_chunk(
      **scan, setup->data, setup->calendars, nullptr, *as_of, [&](nightly::AssessedChunk& chunk) -> Status {
        for (char closed : chunk.closed) open += !closed;
        return Ok{};
      });
  if (!assessed) {
    std::fprintf(stderr, "%s\n", assessed.error().message.c_str());
    return 2;
  }
  const double both = seconds_since(t);
  std::printf("cases=%zu events=%zu open=%zu read_seconds=%.3f read_us_per_case=%.2f "
              "read_and_assess_seconds=%.3f read_and_assess_us_per_case=%.2f\n",
              cases, events, open, read, read * 1e6 / static_cast<double>(cases), both,
              both * 1e6 / static_cast<double>(cases));
  return 0;
}
