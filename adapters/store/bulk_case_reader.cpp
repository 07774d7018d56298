#include "adapters/store/bulk_case_reader.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <string_view>

#include "adapters/store/case_writer.hpp"

namespace timescales {
namespace {

// Chunks are taken by reference range, so each query starts where the last one stopped (an index
// seek), not by OFFSET (which would re-walk every case before the chunk).
constexpr const char* kFirstCases =
    "SELECT id, workflow, workflow_version, attributes, closed FROM cases ORDER BY id LIMIT ?1";
constexpr const char* kNextCases =
    "SELECT id, workflow, workflow_version, attributes, closed FROM cases WHERE id > ?2 ORDER BY id LIMIT ?1";
// Events no longer in force: superseded by a correction, or voided.
constexpr const char* kSuperseded =
    "SELECT supersedes FROM events WHERE supersedes IS NOT NULL "
    "UNION ALL SELECT event_id FROM event_amendments WHERE kind = 'voided'";
// Times of day (schema 7) are few (returns from missing episodes): held for the whole read.
constexpr const char* kEventTimes = "SELECT event_id, time FROM event_times";
// Answered from the events_identity index alone (case_id, type, date, reason, occurrence, and the
// rowid that is the event's id), in case order.
constexpr const char* kChunkEvents =
    "SELECT id, case_id, type, date, reason FROM events WHERE case_id >= ?1 AND case_id <= ?2 ORDER BY case_id";

std::string_view text(sqlite3_stmt* s, int column) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s, column))) : std::string_view{};
}

// The attributes JSON as attributes_to_json writes it: {"key":"value",...}, keys sorted. Read
// directly when it is plain (printable ASCII, no escapes, no repeated key), because a JSON parser
// per case is a third of the read; anything else goes through attributes_from_json, so the result
// is the same either way.
bool read_plain_attributes(std::string_view json, std::map<std::string, std::string>& out) {
  for (char ch : json)
    if (ch == '\\' || static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) > 0x7e) return false;
  size_t i = 0;
  auto expect = [&](char ch) { return i < json.size() && json[i++] == ch; };
  auto string = [&](std::string_view& s) {
    if (!expect('"')) return false;
    const size_t end = json.find('"', i);
    if (end == std::string_view::npos) return false;
    s = json.substr(i, end - i);
    i = end + 1;
    return true;
  };
  if (!expect('{')) return false;
  if (i < json.size() && json[i] == '}') return i + 1 == json.size();
  for (;;) {
    std::string_view key, value;
    if (!string(key) || !expect(':') || !string(value)) return false;
    if (!out.emplace(std::string(key), std::string(value)).second) return false;  // repeated key
    if (i < json.size() && json[i] == ',') {
      ++i;
      continue;
    }
    return expect('}') && i == json.size();
  }
}

std::map<std::string, std::string> attributes(std::string_view json) {
  std::map<std::string, std::string> out;
  if (read_plain_attributes(json, out)) return out;
  return attributes_from_json(std::string(json));
}

struct Finalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using RawStatement = std::unique_ptr<sqlite3_stmt, Finalize>;

// The C API directly: Statement::column_text copies every value into a std::string, and the
// case reference of eight million events need only be looked at.
Result<RawStatement> prepare(sqlite::Connection& db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db.handle(), sql, -1, &s, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    return db.error("preparing to read every case");
  }
  return RawStatement(s);
}

// Resets a statement when the chunk is done with it, so it holds no read lock in between.
struct Reset {
  sqlite3_stmt* s;
  ~Reset() {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
};

}  // namespace

struct BulkCaseReader::Statements {
  RawStatement first_cases, next_cases, events;
};

BulkCaseReader::BulkCaseReader(sqlite::Connection& db, std::unique_ptr<Statements> statements)
    : db_(&db), statements_(std::move(statements)) {}
BulkCaseReader::BulkCaseReader(BulkCaseReader&&) noexcept = default;
BulkCaseReader& BulkCaseReader::operator=(BulkCaseReader&&) noexcept = default;
BulkCaseReader::~BulkCaseReader() = default;

Result<BulkCaseReader> BulkCaseReader::open(sqlite::Connection& db) {
  auto statements = std::make_unique<Statements>();
  for (auto [slot, sql] : {std::pair{&statements->first_cases, kFirstCases}, std::pair{&statements->next_cases, kNextCases},
                           std::pair{&statements->events, kChunkEvents}}) {
    auto prepared = prepare(db, sql);
    if (!prepared) return prepared.error();
    *slot = std::move(*prepared);
  }
  BulkCaseReader reader(db, std::move(statements));
  auto count = db.query_int("SELECT count(*) FROM cases");
  if (!count) return count.error();
  reader.case_count_ = *count;
  // Corrections are few (a handful a case at most, usually none): held for the whole read.
  auto corrections = prepare(db, kSuperseded);
  if (!corrections) return corrections.error();
  for (int rc; (rc = sqlite3_step(corrections->get())) != SQLITE_DONE;) {
    if (rc != SQLITE_ROW) return db.error("reading the corrections");
    reader.superseded_.insert(sqlite3_column_int64(corrections->get(), 0));
  }
  auto times = prepare(db, kEventTimes);
  if (!times) return times.error();
  for (int rc; (rc = sqlite3_step(times->get())) != SQLITE_DONE;) {
    if (rc != SQLITE_ROW) return db.error("reading the events' times of day");
    const int64_t id = sqlite3_column_int64(times->get(), 0);
    auto time = parse_time_of_day(text(times->get(), 1));
    if (!time) return Error{"event " + std::to_string(id) + ": its time of day: " + time.error().message};
    reader.times_.emplace(id, *time);
  }
  return reader;
}

Status BulkCaseReader::next(std::vector<StoredCase>& out, size_t limit) {
  out.clear();
  if (finished_ || limit == 0) return Ok{};
  sqlite3_stmt* cases = started_ ? statements_->next_cases.get() : statements_->first_cases.get();
  {
    Reset reset{cases};
    sqlite3_bind_int64(cases, 1, static_cast<int64_t>(limit));
    if (started_) sqlite3_bind_text(cases, 2, last_id_.data(), static_cast<int>(last_id_.size()), SQLITE_STATIC);
    for (int rc; (rc = sqlite3_step(cases)) != SQLITE_DONE;) {
      if (rc != SQLITE_ROW) return db_->error("reading the cases");
      StoredCase c;
      c.case_data.id = text(cases, 0);
      c.case_data.workflow = text(cases, 1);
      if (sqlite3_column_type(cases, 2) != SQLITE_NULL) c.case_data.workflow_version = std::string(text(cases, 2));
      c.case_data.attributes = attributes(text(cases, 3));
      c.closed = sqlite3_column_int64(cases, 4) != 0;
      out.push_back(std::move(c));
    }
  }
  started_ = true;
  if (out.size() < limit) finished_ = true;
  if (out.empty()) return Ok{};
  last_id_ = out.back().case_data.id;

  // The chunk's events arrive in case order (the index's), and within a case by type and date;
  // each keeps its id beside it until the case is put back in recorded order.
  std::vector<std::pair<int64_t, CaseEvent>> pending;
  size_t k = 0;  // the case the events belong to: cases and events are both in reference order
  auto finish_case = [&](Case& c) {
    std::sort(pending.begin(), pending.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    c.events.reserve(pending.size());
    for (auto& [id, e] : pending) {
      e.sequence = static_cast<int>(c.events.size()) + 1;
      c.events.push_back(std::move(e));
    }
    pending.clear();
  };
  sqlite3_stmt* events = statements_->events.get();
  Reset reset{events};
  const std::string& first = out.front().case_data.id;
  sqlite3_bind_text(events, 1, first.data(), static_cast<int>(first.size()), SQLITE_STATIC);
  sqlite3_bind_text(events, 2, last_id_.data(), static_cast<int>(last_id_.size()), SQLITE_STATIC);
  for (int rc; (rc = sqlite3_step(events)) != SQLITE_DONE;) {
    if (rc != SQLITE_ROW) return db_->error("reading the events");
    const int64_t id = sqlite3_column_int64(events, 0);
    if (!superseded_.empty() && superseded_.count(id)) continue;
    const std::string_view case_id = text(events, 1);
    while (k < out.size() && std::string_view(out[k].case_data.id) < case_id) {
      finish_case(out[k].case_data);
      ++k;
    }
    // An event of no case (the foreign key makes this impossible) would be skipped.
    if (k == out.size()) break;
    if (out[k].case_data.id != case_id) continue;
    auto date = parse_iso_date(text(events, 3));
    if (!date)
      return Error{"event " + std::to_string(id) + " of case '" + out[k].case_data.id + "': " + date.error().message};
    pending.push_back({id, CaseEvent{std::string(text(events, 2)), *date, std::string(text(events, 4)), 0}});
    if (!times_.empty())
      if (const auto t = times_.find(id); t != times_.end()) pending.back().second.time = t->second;
  }
  for (; k < out.size(); ++k) finish_case(out[k].case_data);
  return Ok{};
}

}  // namespace timescales
