#include "adapters/store/run_log.hpp"

#include "adapters/store/sqlite_statement.hpp"
#include "adapters/store/sqlite_transaction.hpp"
#include "adapters/store/timestamps.hpp"

namespace timescales {
namespace {

constexpr const char* kInsertRun = R"sql(
INSERT INTO runs(kind, as_of, started_at, finished_at, cases_evaluated, flags_raised, changes)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
)sql";
constexpr const char* kInsertDefinition = R"sql(
INSERT INTO run_definitions(run_id, kind, name, version, content_hash) VALUES (?1, ?2, ?3, ?4, ?5)
)sql";
constexpr const char* kInsertCase = R"sql(
INSERT INTO run_cases(run_id, case_id, workflow_version, state) VALUES (?1, ?2, ?3, ?4)
)sql";
constexpr const char* kInsertTimer = R"sql(
INSERT INTO run_timers(run_id, case_id, timer, status, due) VALUES (?1, ?2, ?3, ?4, ?5)
)sql";
constexpr const char* kInsertFlag = R"sql(
INSERT INTO run_flags(run_id, case_id, rule, severity, message) VALUES (?1, ?2, ?3, ?4, ?5)
)sql";
constexpr const char* kLatestRun = R"sql(
SELECT id, kind, as_of, started_at, finished_at, cases_evaluated, flags_raised, changes
FROM runs WHERE ?1 = '' OR kind = ?1 ORDER BY id DESC LIMIT 1
)sql";
constexpr const char* kRunDefinitions = R"sql(
SELECT kind, name, version, content_hash FROM run_definitions WHERE run_id = ?1 ORDER BY kind, name
)sql";
constexpr const char* kRunTimers = R"sql(
SELECT case_id, timer, status, due FROM run_timers WHERE run_id = ?1 ORDER BY case_id, timer
)sql";
// Each run's per-case states and timers are kept for the run after it to compare with (recalc),
// and no longer: at national scale they are millions of rows a night. Runs, their definitions and
// the flags raised stay for good, as the history of what the council was told and when.
constexpr const char* kPruneRunCases = R"sql(
DELETE FROM run_cases WHERE run_id < (SELECT MIN(id) FROM (SELECT id FROM runs ORDER BY id DESC LIMIT 2))
)sql";
constexpr const char* kPruneRunTimers = R"sql(
DELETE FROM run_timers WHERE run_id < (SELECT MIN(id) FROM (SELECT id FROM runs ORDER BY id DESC LIMIT 2))
)sql";

constexpr const char* kRunFlags = R"sql(
SELECT case_id, rule, severity, message FROM run_flags WHERE run_id = ?1 ORDER BY case_id, id
)sql";

std::optional<Date> optional_date(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  auto parsed = parse_iso_date(*text);
  if (!parsed) return std::nullopt;
  return *parsed;
}

}  // namespace

Result<int64_t> record_run(sqlite::Connection& db, const RunRecord& run) {
  std::optional<sqlite::Transaction> tx;
  if (!db.in_transaction()) {
    auto begun = sqlite::Transaction::begin(db);
    if (!begun) return begun.error();
    tx.emplace(std::move(*begun));
  }
  auto insert_run = db.prepare(kInsertRun);
  auto insert_definition = db.prepare(kInsertDefinition);
  auto insert_case = db.prepare(kInsertCase);
  auto insert_timer = db.prepare(kInsertTimer);
  auto insert_flag = db.prepare(kInsertFlag);
  for (auto* prepared : {&insert_run, &insert_definition, &insert_case, &insert_timer, &insert_flag})
    if (!*prepared) return prepared->error();

  const std::string finished = run.finished_at.empty() ? utc_timestamp_now() : run.finished_at;
  auto ran = insert_run->bind(1, run.kind)
                 .bind(2, to_iso(run.as_of))
                 .bind(3, run.started_at.empty() ? finished : run.started_at)
                 .bind(4, finished)
                 .bind(5, static_cast<int64_t>(run.evaluations.size()))
                 .bind(6, static_cast<int64_t>(run.flags.size()))
                 .bind(7, run.changes_json)
                 .run();
  if (!ran) return ran.error();
  const int64_t run_id = db.last_insert_rowid();

  for (const auto& d : run.definitions) {
    auto ok = insert_definition->bind(1, run_id).bind(2, d.kind).bind(3, d.name)
                  .bind(4, d.version).bind(5, d.content_hash).run();
    if (!ok) return ok.error();
  }
  for (const auto& e : run.evaluations) {
    auto ok = insert_case->bind(1, run_id).bind(2, e.case_id)
                  .bind(3, e.workflow_version.empty() ? std::optional<std::string>{}
                                                      : std::optional<std::string>{e.workflow_version})
                  .bind(4, e.state).run();
    if (!ok) return ok.error();
    for (const auto& t : e.timers) {
      insert_timer->bind(1, run_id).bind(2, e.case_id).bind(3, t.id)
          .bind(4, timer_status_name(t.status));
      if (t.due) insert_timer->bind(5, to_iso(*t.due));
      if (auto timer_ok = insert_timer->run(); !timer_ok) return timer_ok.error();
    }
  }
  for (const auto& f : run.flags) {
    auto ok = insert_flag->bind(1, run_id).bind(2, f.case_id).bind(3, f.rule)
                  .bind(4, f.severity).bind(5, f.message).run();
    if (!ok) return ok.error();
  }
  for (const char* prune : {kPruneRunTimers, kPruneRunCases}) {
    auto statement = db.prepare(prune);
    if (!statement) return statement.error();
    if (auto ok = statement->run(); !ok) return ok.error();
  }
  if (tx) {
    if (auto committed = tx->commit(); !committed) return committed.error();
  }
  return run_id;
}

Result<std::optional<StoredRun>> latest_run(sqlite::Connection& db, const std::string& kind) {
  auto stmt = db.prepare(kLatestRun);
  if (!stmt) return stmt.error();
  stmt->bind(1, kind);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<StoredRun>{};
  StoredRun r;
  r.id = stmt->column_int(0);
  r.kind = stmt->column_text(1);
  r.as_of = optional_date(stmt->column_text(2)).value_or(Date{});
  r.started_at = stmt->column_text(3);
  r.finished_at = stmt->column_text(4);
  r.cases_evaluated = stmt->column_int(5);
  r.flags_raised = stmt->column_int(6);
  r.changes_json = stmt->column_text(7);

  auto defs = db.prepare(kRunDefinitions);
  if (!defs) return defs.error();
  defs->bind(1, r.id);
  for (;;) {
    auto more = defs->step();
    if (!more) return more.error();
    if (!*more) break;
    r.definitions.push_back({defs->column_text(0), defs->column_text(1),
                             defs->column_optional_text(2), defs->column_text(3)});
  }
  return std::optional<StoredRun>{std::move(r)};
}

Result<std::vector<StoredTimer>> run_timers(sqlite::Connection& db, int64_t run_id) {
  auto stmt = db.prepare(kRunTimers);
  if (!stmt) return stmt.error();
  stmt->bind(1, run_id);
  std::vector<StoredTimer> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({stmt->column_text(0), stmt->column_text(1), stmt->column_text(2),
                   optional_date(stmt->column_optional_text(3))});
  }
  return out;
}

Result<std::vector<RunFlag>> run_flags(sqlite::Connection& db, int64_t run_id) {
  auto stmt = db.prepare(kRunFlags);
  if (!stmt) return stmt.error();
  stmt->bind(1, run_id);
  std::vector<RunFlag> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({stmt->column_text(0), stmt->column_text(1), stmt->column_text(2),
                   stmt->column_text(3)});
  }
  return out;
}

}  // namespace timescales
