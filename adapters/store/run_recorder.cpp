#include "adapters/store/run_recorder.hpp"

#include <array>
#include <string_view>
#include <tuple>

#include "adapters/store/sqlite_transaction.hpp"
#include "adapters/store/timestamps.hpp"

namespace timescales {
namespace {

// The run's counts and finish time are known only at its end; the row is written first, so the
// cases' rows can name it as they come. Until finish() it is unfinished: finished_at '' (the
// column is NOT NULL since version 2, and '' is no time), which readers of runs pass over.
constexpr const char* kInsertRun = R"sql(
INSERT INTO runs(kind, as_of, started_at, finished_at, cases_evaluated, flags_raised, changes)
VALUES (?1, ?2, ?3, '', 0, 0, ?4)
)sql";
constexpr const char* kFinishRun = R"sql(
UPDATE runs SET finished_at = ?2, cases_evaluated = ?3, flags_raised = ?4 WHERE id = ?1
)sql";
constexpr const char* kInsertDefinition = R"sql(
INSERT INTO run_definitions(run_id, kind, name, version, content_hash) VALUES (?1, ?2, ?3, ?4, ?5)
)sql";
constexpr const char* kInsertFlag = R"sql(
INSERT INTO run_flags(run_id, case_id, rule, severity, message) VALUES (?1, ?2, ?3, ?4, ?5)
)sql";
// Each run's per-case states and timers are kept for the run after it to compare with (recalc),
// and no longer: at national scale they are half a million rows a night. So a run keeps its own
// and those of the last finished run before it, and prunes the rest. Runs, their definitions and
// the flags raised stay for good, as the history of what the council was told and when (a run left
// unfinished told nobody: its row stays, unread, as the trace of a run that died).
// (run_timers is a view over run_cases since schema version 3, so this prunes both.)
constexpr const char* kLastFinishedBefore = R"sql(
SELECT coalesce(MAX(id), 0) FROM runs WHERE id < ?1 AND finished_at <> ''
)sql";
// The run ids with per-case rows below a bound, newest first, found by one index seek each
// (SELECT DISTINCT would walk every row).
constexpr const char* kNewestRunBelow = "SELECT MAX(run_id) FROM run_cases WHERE run_id < ?1";
constexpr const char* kRunFinished = "SELECT finished_at <> '' FROM runs WHERE id = ?1";
constexpr const char* kPruneRange = R"sql(
DELETE FROM run_cases WHERE run_id = ?1 AND case_id >= ?2 AND case_id <= ?3
)sql";
constexpr const char* kPruneRunCases = "DELETE FROM run_cases WHERE run_id = ?1";

// Appends `text` as a JSON string. Timer names come from the councils' TOML, so anything may be
// in them; what JSON requires escaping is escaped, everything else (UTF-8 included) kept as is.
// Runs of plain characters are appended whole: this is most of the bytes a run writes.
void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t plain = 0;  // start of the run of characters not yet appended
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
        out.append(escaped, sizeof escaped);
      }
    }
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
}

using TimerFields = std::tuple<std::string_view, std::string_view, std::optional<Date>>;

TimerFields fields_of(const RunTimer& t) { return {t.timer, t.status, t.due}; }
TimerFields fields_of(const TimerResult& t) { return {t.id, timer_status_name(t.status), t.due}; }

// run_cases.timers: [[timer, status, due or null], ...] in the evaluation's order. Two timers of
// one name would be two rows of the run_timers view that a reader cannot tell apart (version 2's
// primary key refused them), so they are refused here. The same JSON is written from a RunCase's
// timers and straight from an evaluation's (fields_of gives each timer's name, status and due).
template <class Timer>
Status write_timers_json(std::string& out, std::string_view case_id, const std::vector<Timer>& timers) {
  out.clear();
  out += '[';
  for (size_t i = 0; i < timers.size(); ++i) {
    const auto [name, status, due] = fields_of(timers[i]);
    for (size_t j = 0; j < i; ++j)
      if (std::get<0>(fields_of(timers[j])) == name)
        return Error{"case '" + std::string(case_id) + "' has two timers named '" + std::string(name) + "'"};
    if (i > 0) out += ',';
    out += '[';
    append_json_string(out, name);
    out += ',';
    append_json_string(out, status);
    out += ',';
    if (due) {
      out += '"';
      out += to_iso(*due);
      out += '"';
    } else {
      out += "null";
    }
    out += ']';
  }
  out += ']';
  return Ok{};
}

}  // namespace

// Writes run_cases rows kRows to an INSERT: one statement a row costs more in SQLite's VM and
// the wrapper's calls than the row itself. Each pending row owns its case's strings and its
// timers' JSON, bound without copying until the batch is written; the buffers are reused from
// batch to batch.
class RunRecorder::CaseRows {
 public:
  static constexpr int kRows = 100;

  CaseRows(sqlite::Connection& db, int64_t run_id) : db_(db), run_id_(run_id) {}

  Status add(const RunCase& c) {
    Row& row = rows_[pending_];
    if (auto json = write_timers_json(row.timers, c.case_id, c.timers); !json) return json.error();
    return keep(row, c.case_id, c.workflow_version, c.state);
  }

  // The row run_case_of(e) would give, without making the RunCase first.
  Status add(const Evaluation& e) {
    Row& row = rows_[pending_];
    if (auto json = write_timers_json(row.timers, e.case_id, e.timers); !json) return json.error();
    return keep(row, e.case_id, e.workflow_version, e.state);
  }

  // Writes what is pending.
  Status flush() {
    if (pending_ == 0) return Ok{};
    std::optional<sqlite::Statement> remainder;
    sqlite::Statement* insert = nullptr;
    if (pending_ == kRows) {
      if (!full_) {
        auto prepared = db_.prepare(insert_sql(kRows));
        if (!prepared) return prepared.error();
        full_.emplace(std::move(*prepared));
      }
      insert = &*full_;
    } else {
      auto prepared = db_.prepare(insert_sql(pending_));
      if (!prepared) return prepared.error();
      remainder.emplace(std::move(*prepared));
      insert = &*remainder;
    }
    insert->bind(1, run_id_);
    for (int k = 0; k < pending_; ++k) {
      const Row& row = rows_[k];
      const int first = 2 + 4 * k;
      insert->bind_static(first, row.case_id);
      if (row.workflow_version.empty())
        insert->bind_null(first + 1);
      else
        insert->bind_static(first + 1, row.workflow_version);
      insert->bind_static(first + 2, row.state);
      insert->bind_static(first + 3, row.timers);
    }
    pending_ = 0;
    return insert->run();
  }

 private:
  // Each string is assigned into, so its buffer is reused from batch to batch.
  struct Row {
    std::string case_id;
    std::string workflow_version;  // "" for NULL
    std::string state;
    std::string timers;  // the JSON of the case's timers
  };

  Status keep(Row& row, std::string_view case_id, std::string_view workflow_version, std::string_view state) {
    row.case_id.assign(case_id);
    row.workflow_version.assign(workflow_version);
    row.state.assign(state);
    if (++pending_ == kRows) return flush();
    return Ok{};
  }

  // ?1 is the run, bound once a statement; each row then takes the next four parameters.
  static std::string insert_sql(int rows) {
    std::string sql = "INSERT INTO run_cases(run_id, case_id, workflow_version, state, timers)\nVALUES ";
    for (int k = 0, p = 2; k < rows; ++k, p += 4) {
      sql += k == 0 ? "(?1, ?" : ", (?1, ?";
      sql += std::to_string(p) + ", ?" + std::to_string(p + 1) + ", ?" + std::to_string(p + 2) + ", ?" +
             std::to_string(p + 3) + ")";
    }
    return sql;
  }

  sqlite::Connection& db_;
  const int64_t run_id_;
  std::optional<sqlite::Statement> full_;  // prepared at the first full batch, then reused
  std::array<Row, kRows> rows_;
  int pending_ = 0;
};

RunRecorder::RunRecorder(sqlite::Connection& db, int64_t run_id, std::string finished_at, sqlite::Statement insert_flag)
    : db_(db), run_id_(run_id), finished_at_(std::move(finished_at)), insert_flag_(std::move(insert_flag)),
      rows_(std::make_unique<CaseRows>(db, run_id)) {}
RunRecorder::RunRecorder(RunRecorder&&) noexcept = default;
RunRecorder::~RunRecorder() = default;

Result<RunRecorder> RunRecorder::start(sqlite::Connection& db, const RunRecord& header,
                                       std::optional<RunLease> lease) {
  // A unit at a time: the unfinished row is committed here, so the units that follow can name it.
  std::optional<sqlite::Transaction> own;
  if (!db.in_transaction()) {
    auto begun = sqlite::Transaction::begin(db);
    if (!begun) return begun.error();
    own.emplace(std::move(*begun));
  }
  auto insert_run = db.prepare(kInsertRun);
  auto insert_definition = db.prepare(kInsertDefinition);
  auto insert_flag = db.prepare(kInsertFlag);
  for (auto* prepared : {&insert_run, &insert_definition, &insert_flag})
    if (!*prepared) return prepared->error();
  const std::string started = header.started_at.empty() ? utc_timestamp_now() : header.started_at;
  auto ran = insert_run->bind(1, header.kind).bind(2, to_iso(header.as_of)).bind(3, started)
                 .bind(4, header.changes_json).run();
  if (!ran) return ran.error();
  const int64_t run_id = db.last_insert_rowid();
  for (const auto& d : header.definitions) {
    auto ok = insert_definition->bind(1, run_id).bind(2, d.kind).bind(3, d.name)
                  .bind(4, d.version).bind(5, d.content_hash).run();
    if (!ok) return ok.error();
  }
  RunRecorder recorder(db, run_id, header.finished_at, std::move(*insert_flag));
  if (lease) recorder.lease_.emplace(std::move(*lease));
  if (auto found = recorder.find_runs_to_prune(); !found) return found.error();
  if (own)
    if (auto committed = own->commit(); !committed) return committed.error();
  return recorder;
}

Status RunRecorder::find_runs_to_prune() {
  auto last = db_.prepare(kLastFinishedBefore);
  if (!last) return last.error();
  last->bind(1, run_id_);
  auto row = last->step();
  if (!row) return row.error();
  const int64_t kept = *row ? last->column_int(0) : 0;
  auto below = db_.prepare(kNewestRunBelow);
  auto finished = db_.prepare(kRunFinished);
  if (!below) return below.error();
  if (!finished) return finished.error();
  for (int64_t bound = run_id_;;) {
    below->reset();
    below->bind(1, bound);
    auto more = below->step();
    if (!more) return more.error();
    if (!*more || below->column_is_null(0)) break;
    bound = below->column_int(0);
    if (bound == kept) continue;
    // Without the lease, an unfinished run may be one still going (recorded by another process):
    // its rows are left for the next run that holds the lease.
    if (!lease_) {
      finished->reset();
      finished->bind(1, bound);
      auto is = finished->step();
      if (!is) return is.error();
      if (!*is || finished->column_int(0) == 0) continue;
    }
    runs_to_prune_.push_back(bound);
  }
  return Ok{};
}

Status RunRecorder::prune_cases(std::string_view first_case, std::string_view last_case) {
  if (runs_to_prune_.empty()) return Ok{};
  if (!prune_range_) {
    auto prepared = db_.prepare(kPruneRange);
    if (!prepared) return prepared.error();
    prune_range_.emplace(std::move(*prepared));
  }
  for (int64_t run : runs_to_prune_)
    if (auto ok = prune_range_->bind(1, run).bind(2, first_case).bind(3, last_case).run(); !ok) return ok;
  return Ok{};
}

Status RunRecorder::add_case(const RunCase& c) {
  ++cases_;
  return rows_->add(c);
}

Status RunRecorder::add_case(const Evaluation& e) {
  ++cases_;
  return rows_->add(e);
}

Status RunRecorder::add_flag(const RunFlag& f) {
  ++flags_;
  return insert_flag_.bind(1, run_id_).bind(2, f.case_id).bind(3, f.rule).bind(4, f.severity)
      .bind(5, f.message).run();
}

Result<int64_t> RunRecorder::finish() {
  std::optional<sqlite::Transaction> own;
  if (!db_.in_transaction()) {
    auto begun = sqlite::Transaction::begin(db_);
    if (!begun) return begun.error();
    own.emplace(std::move(*begun));
  }
  if (auto ok = rows_->flush(); !ok) return ok.error();
  auto update = db_.prepare(kFinishRun);
  if (!update) return update.error();
  const std::string finished = finished_at_.empty() ? utc_timestamp_now() : finished_at_;
  if (auto ok = update->bind(1, run_id_).bind(2, finished).bind(3, cases_).bind(4, flags_).run(); !ok)
    return ok.error();
  // Whatever prune_cases() left (all of it, when it was never called): a seek a run and nothing
  // more when the run pruned every case it read.
  auto prune = db_.prepare(kPruneRunCases);
  if (!prune) return prune.error();
  for (int64_t run : runs_to_prune_)
    if (auto ok = prune->bind(1, run).run(); !ok) return ok.error();
  if (own)
    if (auto committed = own->commit(); !committed) return committed.error();
  lease_.reset();
  return run_id_;
}

}  // namespace timescales
