#include "adapters/store/bulk_case_reader.hpp"

#include <sqlite3.h>

#include <memory>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "adapters/store/case_writer.hpp"

namespace timescales {
namespace {

constexpr const char* kCases =
    "SELECT id, workflow, workflow_version, attributes, closed FROM cases ORDER BY id";
constexpr const char* kSuperseded = "SELECT supersedes FROM events WHERE supersedes IS NOT NULL";
constexpr const char* kEvents = "SELECT id, case_id, type, date, reason FROM events ORDER BY id";

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

// "YYYY-MM-DD" without the error text parse_iso_date builds; anything unusual goes to it.
Result<Date> event_date(std::string_view s) {
  auto digit = [&](size_t k) { return s[k] >= '0' && s[k] <= '9'; };
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && digit(0) && digit(1) && digit(2) && digit(3) && digit(5) &&
      digit(6) && digit(8) && digit(9)) {
    const int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    const unsigned m = static_cast<unsigned>((s[5] - '0') * 10 + (s[6] - '0'));
    const unsigned d = static_cast<unsigned>((s[8] - '0') * 10 + (s[9] - '0'));
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (ymd.ok()) return Date{ymd};
  }
  return parse_iso_date(s);
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

}  // namespace

Result<std::vector<StoredCase>> BulkCaseReader::read_all(sqlite::Connection& db) {
  std::vector<StoredCase> out;
  auto count = db.query_int("SELECT count(*) FROM cases");
  if (!count) return count.error();
  // Reserved up front so that the ids the index views never move.
  out.reserve(static_cast<size_t>(*count));
  std::unordered_map<std::string_view, size_t> index;
  index.reserve(static_cast<size_t>(*count));

  auto cases = prepare(db, kCases);
  if (!cases) return cases.error();
  for (int rc; (rc = sqlite3_step(cases->get())) != SQLITE_DONE;) {
    if (rc != SQLITE_ROW) return db.error("reading the cases");
    if (out.size() == out.capacity()) return Error{"cases were added while reading the store"};
    sqlite3_stmt* s = cases->get();
    StoredCase c;
    c.case_data.id = text(s, 0);
    c.case_data.workflow = text(s, 1);
    if (sqlite3_column_type(s, 2) != SQLITE_NULL) c.case_data.workflow_version = std::string(text(s, 2));
    c.case_data.attributes = attributes(text(s, 3));
    c.closed = sqlite3_column_int64(s, 4) != 0;
    out.push_back(std::move(c));
    index.emplace(out.back().case_data.id, out.size() - 1);
  }

  std::unordered_set<int64_t> superseded;
  auto corrections = prepare(db, kSuperseded);
  if (!corrections) return corrections.error();
  for (int rc; (rc = sqlite3_step(corrections->get())) != SQLITE_DONE;) {
    if (rc != SQLITE_ROW) return db.error("reading the corrections");
    superseded.insert(sqlite3_column_int64(corrections->get(), 0));
  }

  auto events = prepare(db, kEvents);
  if (!events) return events.error();
  sqlite3_stmt* s = events->get();
  // Events of one case usually sit together (an import or the demo writes a case's rows in a
  // run), so the last case found answers most lookups without hashing.
  Case* last = nullptr;
  for (int rc; (rc = sqlite3_step(s)) != SQLITE_DONE;) {
    if (rc != SQLITE_ROW) return db.error("reading the events");
    const int64_t id = sqlite3_column_int64(s, 0);
    if (!superseded.empty() && superseded.count(id)) continue;
    const std::string_view case_id = text(s, 1);
    if (!last || case_id != last->id) {
      auto it = index.find(case_id);
      if (it == index.end()) continue;  // the foreign key makes this impossible
      last = &out[it->second].case_data;
    }
    auto date = event_date(text(s, 3));
    if (!date) return Error{"event " + std::to_string(id) + " of case '" + last->id + "': " + date.error().message};
    last->events.push_back({std::string(text(s, 2)), *date, std::string(text(s, 4)),
                            static_cast<int>(last->events.size()) + 1});
  }
  return out;
}

}  // namespace timescales
