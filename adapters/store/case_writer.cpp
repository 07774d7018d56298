#include "adapters/store/case_writer.hpp"

#include <algorithm>

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

constexpr const char* kHasCases = "SELECT EXISTS (SELECT 1 FROM cases)";

// An event's time of day (schema 7), found by the event's identity: a batch's inserts do not say
// which ids they made. A time already recorded for that event stays (a re-import restates it).
constexpr const char* kInsertEventTime = R"sql(
INSERT INTO event_times(event_id, time)
SELECT id, ?6 FROM events WHERE case_id = ?1 AND type = ?2 AND date = ?3 AND reason = ?4 AND occurrence = ?5
ON CONFLICT(event_id) DO NOTHING
)sql";

// Appends one row's "(?b, ?b+1, …)": `shape` has a letter for each column, 'p' for the row's own
// next parameter, 'N' for NULL, a digit d for the shared parameter ?d.
void append_row(std::string& sql, size_t first, std::string_view shape) {
  sql += '(';
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) sql += ", ";
    if (shape[i] == 'p') {
      sql += '?';
      sql += std::to_string(first++);
    } else if (shape[i] == 'N') {
      sql += "NULL";
    } else {
      sql += '?';
      sql += shape[i];
    }
  }
  sql += ')';
}

// The inserts for a batch of rows. ?1 (and for events ?2) is the value every row shares (the
// timestamp, the source file), bound once rather than once a row. Corrections are never batched,
// so supersedes is NULL.
std::string case_batch_sql(size_t rows) {
  std::string sql = kInsertCaseHead;
  for (size_t i = 0; i < rows; ++i) {
    if (i) sql += ",\n";
    append_row(sql, 2 + 7 * i, "ppppppp11");  // created_at and updated_at: ?1
  }
  return sql;
}

std::string event_batch_sql(size_t rows) {
  std::string sql = kInsertEventHead;
  for (size_t i = 0; i < rows; ++i) {
    if (i) sql += ",\n";
    append_row(sql, 3 + 6 * i, "ppppp1p2N");  // source_file ?1, recorded_at ?2, supersedes NULL
  }
  return sql + kInsertEventTail;
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

}  // namespace

namespace {

Status prepare_into(sqlite::Connection& db, const std::string& sql,
                    std::optional<sqlite::Statement>& out) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  out.emplace(std::move(*stmt));
  return Ok{};
}

}  // namespace

Result<CaseWriter> CaseWriter::prepare(sqlite::Connection& db) {
  CaseWriter w(db);
  for (auto [sql, slot] :
       {std::pair<std::string, std::optional<sqlite::Statement>*>{kFindCase, &w.find_case_},
        {kUpdateCase, &w.update_case_},
        {kInsertEvent, &w.insert_event_}, {kFindEvent, &w.find_event_},
        {kNextOccurrence, &w.next_occurrence_}, {kSetClosed, &w.set_closed_},
        {kHasCases, &w.has_cases_}}) {
    if (auto prepared = prepare_into(db, sql, *slot); !prepared) return prepared.error();
  }
  w.pending_.resize(kEventBatch);
  w.pending_cases_.resize(kCaseBatch);
  w.insert_events_.resize(kEventBatch + 1);
  w.insert_cases_.resize(kCaseBatch + 1);
  return w;
}

Result<bool> CaseWriter::has_cases() {
  auto& s = *has_cases_;
  auto row = s.step();
  if (!row) return row.error();
  const bool any = *row && s.column_int(0) != 0;
  s.reset();
  return any;
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

Result<sqlite::Statement*> CaseWriter::case_batch(size_t rows) {
  if (!insert_cases_[rows]) {
    auto prepared = db_->prepare(case_batch_sql(rows));
    if (!prepared) return prepared.error();
    insert_cases_[rows].emplace(std::move(*prepared));
  }
  return &*insert_cases_[rows];
}

Result<sqlite::Statement*> CaseWriter::event_batch(size_t rows) {
  if (!insert_events_[rows]) {
    auto prepared = db_->prepare(event_batch_sql(rows));
    if (!prepared) return prepared.error();
    insert_events_[rows].emplace(std::move(*prepared));
  }
  return &*insert_events_[rows];
}

Status CaseWriter::insert_case(const CaseRecord& r, const std::string& now) {
  if (auto queued = queue_case(r, now); !queued) return queued;
  return flush_cases();
}

// Every string is bound without copying (the rows outlive the run), and every parameter is bound
// again for each run, so the bindings need not be cleared after it.
Status CaseWriter::insert_case_batch(const CaseRow* rows, size_t count, const std::string& now) {
  auto insert = case_batch(count);
  if (!insert) return insert.error();
  sqlite::Statement& s = **insert;
  s.bind_static(1, now);
  for (size_t i = 0; i < count; ++i) {
    const CaseRow& c = rows[i];
    const int b = static_cast<int>(2 + 7 * i);
    s.bind_static(b, c.id)
        .bind_static(b + 1, c.workflow)
        .bind(b + 2, c.workflow_version)
        .bind_static_terminated(b + 3, c.attributes)  // json_valid() reads it; JSON has no NUL
        .bind(b + 4, c.owner)
        .bind(b + 5, c.team)
        .bind(b + 6, int64_t{c.closed ? 1 : 0});
  }
  return s.run_keeping_bindings();
}

Status CaseWriter::insert_cases(const CaseRow* rows, size_t count, const std::string& now) {
  for (size_t done = 0; done < count; done += kCaseBatch) {
    if (auto ran = insert_case_batch(rows + done, std::min(kCaseBatch, count - done), now); !ran)
      return ran;
  }
  return Ok{};
}

Status CaseWriter::queue_case(const CaseRecord& r, const std::string& now) {
  if (pending_case_count_ > 0 && now != pending_cases_now_) {
    if (auto flushed = flush_cases(); !flushed) return flushed;
  }
  pending_cases_now_ = now;
  pending_cases_[pending_case_count_++] = CaseRow::of(r);
  if (pending_case_count_ == kCaseBatch) return flush_cases();
  return Ok{};
}

Status CaseWriter::flush_cases() {
  if (pending_case_count_ == 0) return Ok{};
  const size_t count = pending_case_count_;
  pending_case_count_ = 0;
  return insert_case_batch(pending_cases_.data(), count, pending_cases_now_);
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
  const AppendedEvent appended{true, db_->last_insert_rowid()};
  if (event.time) {
    if (auto timed = insert_event_time(case_id, event.type, date, event.reason, occurrence, to_hh_mm(*event.time));
        !timed)
      return timed.error();
  }
  return appended;
}

Status CaseWriter::insert_event_time(const std::string& case_id, const std::string& type, const std::string& date,
                                     const std::string& reason, int occurrence, const std::string& time) {
  // Prepared when first needed: most writers never see a time.
  if (!insert_event_time_)
    if (auto prepared = prepare_into(*db_, kInsertEventTime, insert_event_time_); !prepared) return prepared;
  return insert_event_time_->bind_static(1, case_id)
      .bind_static(2, type)
      .bind_static(3, date)
      .bind_static(4, reason)
      .bind(5, int64_t{occurrence})
      .bind_static(6, time)
      .run();
}

Status CaseWriter::insert_event_batch(const EventRow* rows, size_t count,
                                      const std::string& source_file,
                                      const std::string& recorded_at) {
  auto insert = event_batch(count);
  if (!insert) return insert.error();
  sqlite::Statement& s = **insert;
  s.bind_static(1, source_file).bind_static(2, recorded_at);
  for (size_t i = 0; i < count; ++i) {
    const EventRow& e = rows[i];
    const int b = static_cast<int>(3 + 6 * i);
    s.bind_static(b, e.case_id)
        .bind_static(b + 1, e.type)
        .bind_static_terminated(b + 2, e.date)  // GLOB reads it; made by to_iso()
        .bind_static(b + 3, e.reason)
        .bind(b + 4, int64_t{e.occurrence})
        .bind(b + 5, e.source_row);
  }
  if (auto ran = s.run_keeping_bindings(); !ran) return ran;
  batch_added_ += db_->changes();
  batch_written_ += static_cast<int64_t>(count);
  // Times are rare (a child's return from a missing episode): one statement each, after the batch.
  for (size_t i = 0; i < count; ++i) {
    const EventRow& e = rows[i];
    if (e.time.empty()) continue;
    if (auto timed = insert_event_time(e.case_id, e.type, e.date, e.reason, e.occurrence, e.time); !timed) return timed;
  }
  return Ok{};
}

Status CaseWriter::insert_events(const EventRow* rows, size_t count,
                                 const std::string& source_file, const std::string& recorded_at) {
  for (size_t done = 0; done < count; done += kEventBatch) {
    const size_t n = std::min(kEventBatch, count - done);
    if (auto ran = insert_event_batch(rows + done, n, source_file, recorded_at); !ran) return ran;
  }
  return Ok{};
}

Status CaseWriter::queue_event(const std::string& case_id, const CaseEvent& event, int occurrence,
                               const EventSource& source, const std::string& recorded_at) {
  if (pending_count_ > 0 &&
      (source.file != pending_source_file_ || recorded_at != pending_recorded_at_)) {
    if (auto flushed = flush_events(); !flushed) return flushed;
  }
  pending_source_file_ = source.file;
  pending_recorded_at_ = recorded_at;
  EventRow& e = pending_[pending_count_++];
  e.case_id = case_id;
  e.type = event.type;
  e.date = to_iso(event.date);
  e.reason = event.reason;
  e.time = event.time ? to_hh_mm(*event.time) : std::string();
  e.occurrence = occurrence;
  e.source_row = source.row;
  if (pending_count_ == kEventBatch) return flush_events();
  return Ok{};
}

Status CaseWriter::flush_events() {
  // Cases first, so the events' foreign keys hold even when they are checked per statement.
  if (auto flushed = flush_cases(); !flushed) return flushed;
  if (pending_count_ == 0) return Ok{};
  const size_t count = pending_count_;
  pending_count_ = 0;
  return insert_event_batch(pending_.data(), count, pending_source_file_, pending_recorded_at_);
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
