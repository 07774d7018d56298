#include "adapters/store/case_writer.hpp"

#include <nlohmann/json.hpp>

namespace timescales {
namespace {

constexpr const char* kFindCase = R"sql(
SELECT workflow, workflow_version, attributes, owner, team, closed, created_at, updated_at
FROM cases WHERE id = ?1
)sql";

constexpr const char* kInsertCaseHead = R"sql(
INSERT INTO cases(id, workflow, workflow_version, attributes, owner, team, closed,
                  created_at, updated_at)
VALUES )sql";

// The WHERE clause makes an unchanged case a no-op, so updated_at means "last changed", not
// "last seen in an export".
constexpr const char* kUpdateCase = R"sql(
UPDATE cases SET
  workflow = ?2,
  workflow_version = coalesce(?3, workflow_version),
  attributes = json_patch(attributes, ?4),
  owner = coalesce(?5, owner),
  team = coalesce(?6, team),
  updated_at = ?7
WHERE id = ?1
  AND (workflow IS NOT ?2
       OR (?3 IS NOT NULL AND workflow_version IS NOT ?3)
       OR attributes IS NOT json_patch(attributes, ?4)
       OR (?5 IS NOT NULL AND owner IS NOT ?5)
       OR (?6 IS NOT NULL AND team IS NOT ?6))
)sql";

// DO NOTHING names the identity index, so only a duplicate is skipped: a CHECK or foreign-key
// failure is still an error (INSERT OR IGNORE would silently swallow those too).
constexpr const char* kInsertEventHead = R"sql(
INSERT INTO events(case_id, type, date, reason, occurrence, source_file, source_row,
                   recorded_at, supersedes)
VALUES )sql";
constexpr const char* kInsertEventTail =
    "\nON CONFLICT(case_id, type, date, reason, occurrence) DO NOTHING";
const std::string kInsertEvent =
    std::string(kInsertEventHead) + "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)" + kInsertEventTail;

// The same inserts for a batch of rows (corrections are never batched, so supersedes is NULL).
std::string batch_sql(const char* head, const char* row, size_t rows, const char* tail) {
  std::string sql = head;
  for (size_t i = 0; i < rows; ++i) sql += (i ? ",\n" : "") + std::string(row);
  return sql + tail;
}

constexpr const char* kFindEvent = R"sql(
SELECT id FROM events
WHERE case_id = ?1 AND type = ?2 AND date = ?3 AND reason = ?4 AND occurrence = ?5
)sql";

constexpr const char* kNextOccurrence = R"sql(
SELECT coalesce(max(occurrence), 0) + 1 FROM events
WHERE case_id = ?1 AND type = ?2 AND date = ?3 AND reason = ?4
)sql";

constexpr const char* kSetClosed = R"sql(
UPDATE cases SET closed = ?2, updated_at = ?3 WHERE id = ?1 AND closed IS NOT ?2
)sql";

Status prepare_into(sqlite::Connection& db, const std::string& sql,
                    std::optional<sqlite::Statement>& out) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  out.emplace(std::move(*stmt));
  return Ok{};
}

}  // namespace

std::string attributes_to_json(const std::map<std::string, std::string>& attributes) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [key, value] : attributes) object[key] = value;
  // Exports are meant to be UTF-8; a stray byte is replaced rather than failing the import.
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::map<std::string, std::string> attributes_from_json(const std::string& json) {
  std::map<std::string, std::string> out;
  const auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return out;
  for (const auto& [key, value] : parsed.items())
    out[key] = value.is_string() ? value.get<std::string>() : value.dump();
  return out;
}

Result<CaseWriter> CaseWriter::prepare(sqlite::Connection& db) {
  CaseWriter w(db);
  for (auto [sql, slot] :
       {std::pair<std::string, std::optional<sqlite::Statement>*>{kFindCase, &w.find_case_},
        {kUpdateCase, &w.update_case_},
        {kInsertEvent, &w.insert_event_}, {kFindEvent, &w.find_event_},
        {kNextOccurrence, &w.next_occurrence_}, {kSetClosed, &w.set_closed_}}) {
    if (auto prepared = prepare_into(db, sql, *slot); !prepared) return prepared.error();
  }
  w.pending_.resize(kEventBatch);
  w.pending_cases_.resize(kCaseBatch);
  w.insert_events_.resize(kEventBatch + 1);
  w.insert_cases_.resize(kCaseBatch + 1);
  return w;
}

Result<std::optional<CaseRecord>> CaseWriter::find_case(const std::string& id) {
  auto& s = *find_case_;
  s.bind(1, id);
  auto row = s.step();
  if (!row) return row.error();
  if (!*row) {
    s.reset();
    return std::optional<CaseRecord>{};
  }
  CaseRecord r;
  r.id = id;
  r.workflow = s.column_text(0);
  r.workflow_version = s.column_optional_text(1);
  r.attributes = attributes_from_json(s.column_text(2));
  r.owner = s.column_optional_text(3);
  r.team = s.column_optional_text(4);
  r.closed = s.column_int(5) != 0;
  r.created_at = s.column_text(6);
  r.updated_at = s.column_text(7);
  s.reset();
  return std::optional<CaseRecord>{std::move(r)};
}

// The insert for exactly `rows` rows, prepared the first time that many are flushed. A flush
// is usually full, but cases are flushed whenever events are, so partial ones are common too.
Result<sqlite::Statement*> CaseWriter::batch_statement(std::vector<std::optional<sqlite::Statement>>& cache,
                                                       size_t rows, const char* head,
                                                       const char* row, const char* tail) {
  if (!cache[rows]) {
    auto prepared = db_->prepare(batch_sql(head, row, rows, tail));
    if (!prepared) return prepared.error();
    cache[rows].emplace(std::move(*prepared));
  }
  return &*cache[rows];
}

Status CaseWriter::insert_case(const CaseRecord& r, const std::string& now) {
  if (auto queued = queue_case(r, now); !queued) return queued;
  return flush_cases();
}

Status CaseWriter::queue_case(const CaseRecord& r, const std::string& now) {
  PendingCase& p = pending_cases_[pending_case_count_++];
  p.id = r.id;
  p.workflow = r.workflow;
  p.workflow_version = r.workflow_version;
  p.attributes = attributes_to_json(r.attributes);
  p.owner = r.owner;
  p.team = r.team;
  p.closed = r.closed;
  p.now = now;
  if (pending_case_count_ == kCaseBatch) return flush_cases();
  return Ok{};
}

Status CaseWriter::flush_cases() {
  if (pending_case_count_ == 0) return Ok{};
  auto bind_row = [](sqlite::Statement& s, int first, const PendingCase& p) {
    s.bind_static(first, p.id)
        .bind_static(first + 1, p.workflow)
        .bind(first + 2, p.workflow_version)
        .bind_static(first + 3, p.attributes)
        .bind(first + 4, p.owner)
        .bind(first + 5, p.team)
        .bind(first + 6, int64_t{p.closed ? 1 : 0})
        .bind_static(first + 7, p.now)
        .bind_static(first + 8, p.now);
  };
  auto insert = batch_statement(insert_cases_, pending_case_count_, kInsertCaseHead,
                                "(?, ?, ?, ?, ?, ?, ?, ?, ?)", "");
  if (!insert) return insert.error();
  for (size_t i = 0; i < pending_case_count_; ++i)
    bind_row(**insert, static_cast<int>(i * 9 + 1), pending_cases_[i]);
  pending_case_count_ = 0;
  if (auto ran = (*insert)->run(); !ran) return ran.error();
  return Ok{};
}

Result<bool> CaseWriter::update_case(const CaseRecord& r, const std::string& now) {
  // The case may still be waiting in the batch.
  if (auto flushed = flush_cases(); !flushed) return flushed.error();
  auto ran = update_case_->bind(1, r.id)
                 .bind(2, r.workflow)
                 .bind(3, r.workflow_version)
                 .bind(4, attributes_to_json(r.attributes))
                 .bind(5, r.owner)
                 .bind(6, r.team)
                 .bind(7, now)
                 .run();
  if (!ran) return ran.error();
  return db_->changes() > 0;
}

Result<AppendedEvent> CaseWriter::append_event(const std::string& case_id, const CaseEvent& event,
                                               int occurrence, const EventSource& source,
                                               const std::string& recorded_at,
                                               std::optional<int64_t> supersedes) {
  // Every string bound here outlives run(), so none is copied: this runs once per imported row.
  const std::string date = to_iso(event.date);
  auto ran = insert_event_->bind_static(1, case_id)
                 .bind_static(2, event.type)
                 .bind_static(3, date)
                 .bind_static(4, event.reason)
                 .bind(5, int64_t{occurrence})
                 .bind_static(6, source.file)
                 .bind(7, source.row)
                 .bind_static(8, recorded_at)
                 .bind(9, supersedes)
                 .run();
  if (!ran) return ran.error();
  if (db_->changes() == 0) return AppendedEvent{false, 0};
  return AppendedEvent{true, db_->last_insert_rowid()};
}

Status CaseWriter::queue_event(const std::string& case_id, const CaseEvent& event, int occurrence,
                               const EventSource& source, const std::string& recorded_at) {
  PendingEvent& p = pending_[pending_count_++];
  p.case_id = case_id;
  p.type = event.type;
  p.date = to_iso(event.date);
  p.reason = event.reason;
  p.source_file = source.file;
  p.recorded_at = recorded_at;
  p.occurrence = occurrence;
  p.source_row = source.row;
  if (pending_count_ == kEventBatch) return flush_events();
  return Ok{};
}

Status CaseWriter::flush_events() {
  // Cases first, so the events' foreign keys hold even when they are checked per statement.
  if (auto flushed = flush_cases(); !flushed) return flushed;
  if (pending_count_ == 0) return Ok{};
  // Bound without copying: pending_ is untouched until the statements have run.
  auto bind_row = [](sqlite::Statement& s, int first, const PendingEvent& p) {
    s.bind_static(first, p.case_id)
        .bind_static(first + 1, p.type)
        .bind_static(first + 2, p.date)
        .bind_static(first + 3, p.reason)
        .bind(first + 4, int64_t{p.occurrence})
        .bind_static(first + 5, p.source_file)
        .bind(first + 6, p.source_row)
        .bind_static(first + 7, p.recorded_at);
  };
  auto insert = batch_statement(insert_events_, pending_count_, kInsertEventHead,
                                "(?, ?, ?, ?, ?, ?, ?, ?, NULL)", kInsertEventTail);
  if (!insert) return insert.error();
  for (size_t i = 0; i < pending_count_; ++i)
    bind_row(**insert, static_cast<int>(i * 8 + 1), pending_[i]);
  const auto rows = static_cast<int64_t>(pending_count_);
  pending_count_ = 0;
  if (auto ran = (*insert)->run(); !ran) return ran.error();
  batch_added_ += db_->changes();
  batch_written_ += rows;
  return Ok{};
}

Result<std::optional<int64_t>> CaseWriter::find_event(const std::string& case_id,
                                                      const CaseEvent& event, int occurrence) {
  auto& s = *find_event_;
  s.bind(1, case_id).bind(2, event.type).bind(3, to_iso(event.date)).bind(4, event.reason);
  s.bind(5, int64_t{occurrence});
  auto row = s.step();
  if (!row) return row.error();
  std::optional<int64_t> id;
  if (*row) id = s.column_int(0);
  s.reset();
  return id;
}

Result<int> CaseWriter::next_occurrence(const std::string& case_id, const CaseEvent& event) {
  auto& s = *next_occurrence_;
  s.bind(1, case_id).bind(2, event.type).bind(3, to_iso(event.date)).bind(4, event.reason);
  auto row = s.step();
  if (!row) return row.error();
  const int next = *row ? static_cast<int>(s.column_int(0)) : 1;
  s.reset();
  return next;
}

Result<bool> CaseWriter::set_closed(const std::string& case_id, bool closed,
                                    const std::string& now) {
  auto ran = set_closed_->bind(1, case_id).bind(2, int64_t{closed ? 1 : 0}).bind(3, now).run();
  if (!ran) return ran.error();
  return db_->changes() > 0;
}

}  // namespace timescales
