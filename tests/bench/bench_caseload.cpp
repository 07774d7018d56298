// A national caseload for the benchmarks: many councils' demonstration caseloads side by side.
//
//   bench_caseload --cases 1000000 --as-of 2026-11-22 --db national.db [--csv events.csv]
//
// Why not `timescales demo --scale 440`: the demo numbers a council's cases within a year
// (CMP-2026-001 … CMP-2026-999), so at a scale past a few councils the references wrap and cases
// merge into one another. England is ~150 councils each with its own references, so this tool
// draws one council of demo scale kCouncilScale per seed and prefixes its references
// ("LA017/EHC-2025-0042"), until it has exactly --cases cases. Deterministic for --seed.
//
// --db writes the cases and their events into a new case store, as `timescales demo` does.
// --csv writes the same events as one native-layout export (case_id,workflow,event,date,reason),
// for the CSV import benchmark. Prints one line: cases, events, events per case.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "adapters/demo/demo_caseload.hpp"
#include "adapters/store/sqlite_case_store.hpp"
#include "adapters/store/sqlite_transaction.hpp"
#include "adapters/store/timestamps.hpp"

using namespace timescales;

namespace {

// One council of Halton's size times 3: ~6,800 cases, about England's mean per council (1M / 150).
constexpr double kCouncilScale = 3.0;

int usage() {
  std::cerr << "usage: bench_caseload --cases N --as-of YYYY-MM-DD [--db FILE] [--csv FILE] [--seed S]\n";
  return 2;
}

// Only ever called on references and codes this tool generated: no quoting needed.
void csv_row(std::string& out, const std::string& id, const std::string& workflow, const CaseEvent& e) {
  out += id;
  out += ',';
  out += workflow;
  out += ',';
  out += e.type;
  out += ',';
  out += to_iso(e.date);
  out += ',';
  if (e.reason.find_first_of(",\"") == std::string::npos) {
    out += e.reason;
  } else {
    out += '"';
    out += e.reason;
    out += '"';
  }
  out += '\n';
}

}  // namespace

int main(int argc, char** argv) {
  size_t wanted = 0;
  std::string as_of_text, db_path, csv_path;
  uint64_t seed = 20261122;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--cases") wanted = std::strtoull(value.c_str(), nullptr, 10);
    else if (flag == "--as-of") as_of_text = value;
    else if (flag == "--db") db_path = value;
    else if (flag == "--csv") csv_path = value;
    else if (flag == "--seed") seed = std::strtoull(value.c_str(), nullptr, 10);
    else return usage();
  }
  if (argc % 2 == 0 || wanted == 0 || as_of_text.empty() || (db_path.empty() && csv_path.empty())) return usage();
  auto as_of = parse_iso_date(as_of_text);
  if (!as_of) {
    std::cerr << "--as-of: " << as_of.error().message << "\n";
    return 2;
  }

  std::optional<SqliteCaseStore> store;
  std::optional<sqlite::Transaction> tx;
  std::optional<CaseWriter> writer;
  if (!db_path.empty()) {
    std::filesystem::remove(db_path);
    auto opened = SqliteCaseStore::open(db_path, SqliteCaseStore::OpenMode::create_if_missing);
    if (!opened) return std::cerr << opened.error().to_string() << "\n", 1;
    store.emplace(std::move(*opened));
    auto begun = sqlite::Transaction::begin(store->connection());
    if (!begun) return std::cerr << begun.error().message << "\n", 1;
    tx.emplace(std::move(*begun));
    auto w = store->writer();
    if (!w) return std::cerr << w.error().message << "\n", 1;
    writer.emplace(std::move(*w));
  }
  FILE* csv = nullptr;
  if (!csv_path.empty()) {
    csv = std::fopen(csv_path.c_str(), "w");
    if (!csv) return std::cerr << csv_path << ": cannot write\n", 1;
    std::fputs("case_id,workflow,event,date,reason\n", csv);
  }

  const std::string now = utc_timestamp_now();
  size_t cases = 0, events = 0;
  std::string buffer;
  for (int council = 1; cases < wanted; ++council) {
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "LA%03d/", council);
    const auto caseload = demo::generate_demo_caseload({*as_of, 4, kCouncilScale, seed + static_cast<uint64_t>(council)});
    for (const auto& c : caseload) {
      if (cases == wanted) break;
      ++cases;
      const std::string id = prefix + c.id;
      if (writer) {
        CaseRecord record{id, c.workflow, c.workflow_version, c.attributes, std::nullopt, std::nullopt, false, {}, {}};
        if (auto team = c.attributes.find("team"); team != c.attributes.end()) record.team = team->second;
        if (auto s = writer->queue_case(record, now); !s) return std::cerr << s.error().message << "\n", 1;
      }
      for (const auto& e : c.events) {
        ++events;
        if (writer)
          if (auto s = writer->queue_event(id, e, 1, {"bench", std::nullopt}, now); !s)
            return std::cerr << s.error().message << "\n", 1;
        if (csv) csv_row(buffer, id, c.workflow, e);
      }
      if (csv && buffer.size() > (1 << 20)) {
        std::fwrite(buffer.data(), 1, buffer.size(), csv);
        buffer.clear();
      }
    }
  }
  if (writer) {
    if (auto s = writer->flush_events(); !s) return std::cerr << s.error().message << "\n", 1;
    if (auto s = tx->commit(); !s) return std::cerr << s.error().message << "\n", 1;
  }
  if (csv) {
    std::fwrite(buffer.data(), 1, buffer.size(), csv);
    std::fclose(csv);
  }
  std::printf("%zu cases, %zu events, %.2f events a case\n", cases, events,
              static_cast<double>(events) / static_cast<double>(cases));
  return 0;
}
