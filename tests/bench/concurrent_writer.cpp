// A writer beside the nightly run, for tests/bench/nightly_beside_writer.sh: as an officer's page
// would, it records one event every --every-ms (default 100) in a write unit of its own, on its own
// connection to the store, and measures how long each write took from asking for the store to its
// commit. Stops on SIGINT or SIGTERM and prints one line:
//
//   writes=N failures=F max_ms=X p99_ms=Y p50_ms=Z
//
//   concurrent_writer --db FILE [--every-ms 100] [--busy-timeout-ms 10000]
//
// Its events go to a case of its own (BENCH-WRITER, opened if missing), each a new occurrence of
// one acknowledgement, so every write adds a row. A failure (busy after the timeout) is counted and
// its message printed to stderr.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "adapters/store/sqlite_case_store.hpp"

using namespace timescales;

namespace {

volatile std::sig_atomic_t stop = 0;
void on_signal(int) { stop = 1; }

int usage() {
  std::cerr << "usage: concurrent_writer --db FILE [--every-ms N] [--busy-timeout-ms N]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  int every_ms = 100, busy_ms = SqliteCaseStore::kBusyTimeoutMs;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--db") db = value;
    else if (flag == "--every-ms") every_ms = std::atoi(value.c_str());
    else if (flag == "--busy-timeout-ms") busy_ms = std::atoi(value.c_str());
    else return usage();
  }
  if (argc % 2 == 0 || db.empty() || every_ms <= 0 || busy_ms <= 0) return usage();
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  auto store = SqliteCaseStore::open(db);
  if (!store) return std::cerr << store.error().to_string() << "\n", 1;
  store->connection().set_busy_timeout(busy_ms);
  const std::string id = "BENCH-WRITER";
  const Date day = *parse_iso_date("2026-01-05");
  auto found = store->find_case(id);
  if (!found) return std::cerr << found.error().to_string() << "\n", 1;
  if (!*found) {
    CaseRecord r;
    r.id = id;
    r.workflow = "complaints-statutory";
    if (auto opened = store->upsert_case(r); !opened) return std::cerr << opened.error().to_string() << "\n", 1;
    if (auto received = store->append_event(id, {"received", day, "", 0}, {"bench", std::nullopt}); !received)
      return std::cerr << received.error().to_string() << "\n", 1;
  }
  // The next occurrence free, so a second run of the tool adds rows too.
  auto history = store->event_history(id);
  if (!history) return std::cerr << history.error().to_string() << "\n", 1;
  int occurrence = 1;
  for (const auto& e : *history) occurrence = std::max(occurrence, e.occurrence + 1);

  std::vector<double> waits;
  int failures = 0;
  auto next = std::chrono::steady_clock::now();
  while (!stop) {
    const auto began = std::chrono::steady_clock::now();
    Status written = Ok{};
    if (auto unit = store->begin(); !unit) {
      written = unit.error();
    } else if (auto added = store->append_event(id, {"acknowledged", day, "", 0}, {"bench", std::nullopt}, occurrence);
               !added) {
      written = added.error();
    } else {
      written = (*unit)->commit();
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
    if (written) {
      ++occurrence;
      waits.push_back(ms);
    } else {
      ++failures;
      std::cerr << "write failed after " << ms << " ms: " << written.error().to_string() << "\n";
    }
    // One write every period; a write that waited past its next turn is followed at once by one
    // more, not by the burst of those missed.
    next = std::max(next + std::chrono::milliseconds(every_ms), std::chrono::steady_clock::now());
    std::this_thread::sleep_until(next);
  }
  std::sort(waits.begin(), waits.end());
  auto at = [&](double q) {
    return waits.empty() ? 0.0 : waits[static_cast<size_t>(q * static_cast<double>(waits.size() - 1))];
  };
  std::printf("writes=%zu failures=%d max_ms=%.1f p99_ms=%.1f p50_ms=%.1f\n", waits.size(), failures,
              waits.empty() ? 0.0 : waits.back(), at(0.99), at(0.50));
  return failures == 0 ? 0 : 1;
}
