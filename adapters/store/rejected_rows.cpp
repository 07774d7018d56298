#include "adapters/store/rejected_rows.hpp"

#include <algorithm>

#include "adapters/store/sqlite_statement.hpp"

namespace timescales {
namespace {

// Each case's latest day (the first ten characters of rejected_at, a UTC timestamp), its rows
// that day, and their events. ?1 = '' reads every case.
constexpr const char* kLatestDay = R"sql(
WITH latest AS (
  SELECT case_id, max(substr(rejected_at, 1, 10)) AS day FROM rejected_rows
  WHERE ?1 = '' OR case_id = ?1 GROUP BY case_id)
SELECT r.case_id, l.day, count(*), coalesce(group_concat(DISTINCT nullif(r.event, '')), '')
FROM rejected_rows r JOIN latest l ON l.case_id = r.case_id AND substr(r.rejected_at, 1, 10) = l.day
GROUP BY r.case_id ORDER BY r.case_id
)sql";

Status read_rows(sqlite::Statement& s, std::vector<RejectedRowsOfCase>& out) {
  while (true) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) return Ok{};
    RejectedRowsOfCase r;
    r.case_id = s.column_text(0);
    auto day = parse_iso_date(s.column_text(1));
    if (!day) return Error{ErrorKind::io, "rejected rows of case '" + r.case_id + "': " + day.error().message};
    r.day = *day;
    r.rows = s.column_int(2);
    const std::string events = s.column_text(3);
    for (size_t start = 0; start < events.size();) {
      const size_t comma = std::min(events.find(',', start), events.size());
      r.events.push_back(events.substr(start, comma - start));
      start = comma + 1;
    }
    std::sort(r.events.begin(), r.events.end());
    out.push_back(std::move(r));
  }
}

}  // namespace

Status record_rejected_rows(sqlite::Connection& db, const std::vector<RejectedRowRecord>& rows) {
  if (rows.empty()) return Ok{};
  auto stmt = db.prepare(
      "INSERT INTO rejected_rows(case_id, event, file_name, line, reason, rejected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt) return stmt.error();
  for (const auto& r : rows) {
    stmt->bind(1, r.case_id).bind(2, r.event).bind(3, r.file_name).bind(4, r.line).bind(5, r.reason).bind(6, r.rejected_at);
    if (auto ran = stmt->run(); !ran) return ran;
  }
  return Ok{};
}

Result<std::vector<RejectedRowsOfCase>> rejected_rows_of_cases(sqlite::Connection& db,
                                                               const std::vector<std::string>& case_ids) {
  auto stmt = db.prepare(kLatestDay);
  if (!stmt) return stmt.error();
  std::vector<RejectedRowsOfCase> out;
  if (case_ids.empty()) {
    stmt->bind(1, "");
    if (auto read = read_rows(*stmt, out); !read) return read.error();
    return out;
  }
  std::vector<std::string> ids = case_ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (const auto& id : ids) {
    if (id.empty()) continue;
    stmt->bind(1, id);
    if (auto read = read_rows(*stmt, out); !read) return read.error();
    stmt->reset();
  }
  return out;
}

}  // namespace timescales
