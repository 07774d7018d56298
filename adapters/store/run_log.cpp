#include "adapters/store/run_log.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

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
// Not through the run_timers view: its JSON functions take seconds over a national run, where
// reading each case's array here takes a fraction of one.
constexpr const char* kRunCaseTimers = R"sql(
SELECT case_id, timers FROM run_cases WHERE run_id = ?1 ORDER BY case_id
)sql";
// Each run's per-case states and timers are kept for the run after it to compare with (recalc),
// and no longer: at national scale they are half a million rows a night. Runs, their definitions
// and the flags raised stay for good, as the history of what the council was told and when.
// (run_timers is a view over run_cases since schema version 3, so this prunes both.)
constexpr const char* kPruneRunCases = R"sql(
DELETE FROM run_cases WHERE run_id < (SELECT MIN(id) FROM (SELECT id FROM runs ORDER BY id DESC LIMIT 2))
)sql";

constexpr const char* kRunFlags = R"sql(
SELECT case_id, rule, severity, message FROM run_flags WHERE run_id = ?1 ORDER BY case_id, id
)sql";

// nullopt for anything not a date (a hand-edited row), as the version 2 reader gave.
std::optional<Date> iso_date(std::string_view s) {
  auto parsed = parse_iso_date(s);
  return parsed ? std::optional<Date>(*parsed) : std::nullopt;
}

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

// run_cases.timers: [[timer, status, due or null], ...] in the evaluation's order. Two timers of
// one name would be two rows of the run_timers view that a reader cannot tell apart (version 2's
// primary key refused them), so they are refused here.
Status write_timers_json(std::string& out, const std::string& case_id, const std::vector<RunTimer>& timers) {
  out.clear();
  out += '[';
  for (size_t i = 0; i < timers.size(); ++i) {
    const std::string_view name = timers[i].timer;
    for (size_t j = 0; j < i; ++j)
      if (timers[j].timer == name)
        return Error{"case '" + case_id + "' has two timers named '" + std::string(name) + "'"};
    if (i > 0) out += ',';
    out += '[';
    append_json_string(out, name);
    out += ',';
    append_json_string(out, timers[i].status);
    out += ',';
    if (timers[i].due) {
      out += '"';
      out += to_iso(*timers[i].due);
      out += '"';
    } else {
      out += "null";
    }
    out += ']';
  }
  out += ']';
  return Ok{};
}

// Writes run_cases rows kRows to an INSERT: one statement a row costs more in SQLite's VM and
// the wrapper's calls than the row itself. Text is bound without copying, so each row's strings
// must outlive the next flush; the case's own strings do (they are the caller's RunRecord) and
// its timers' JSON is kept here in a buffer reused from batch to batch.
//
// Not thread-safe; lives inside one record_run.
class CaseRows {
 public:
  static constexpr int kRows = 100;

  CaseRows(sqlite::Connection& db, int64_t run_id) : db_(db), run_id_(run_id) {}

  Status add(const std::string& case_id, const std::string& workflow_version, const std::string& state,
             const std::vector<RunTimer>& timers) {
    Row& row = rows_[pending_];
    if (auto json = write_timers_json(row.timers, case_id, timers); !json) return json.error();
    row.case_id = &case_id;
    row.workflow_version = &workflow_version;
    row.state = &state;
    if (++pending_ == kRows) return flush();
    return Ok{};
  }

  // Writes what is left; call once, after the last add().
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
      insert->bind_static(first, *row.case_id);
      if (row.workflow_version->empty())
        insert->bind_null(first + 1);
      else
        insert->bind_static(first + 1, *row.workflow_version);
      insert->bind_static(first + 2, *row.state);
      insert->bind_static(first + 3, row.timers);
    }
    pending_ = 0;
    return insert->run();
  }

 private:
  struct Row {
    const std::string* case_id = nullptr;
    const std::string* workflow_version = nullptr;  // "" for NULL
    const std::string* state = nullptr;
    std::string timers;
  };

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

// run_cases.timers as record_run writes it, and as version 3's migration wrote version 2's
// timers: no whitespace, no escapes. Read directly, because a JSON parser per case would be most
// of the time taken to read a run back; anything else goes through read_any_timers, so the result
// is the same either way. False, adding nothing, when the text is not plain.
bool read_plain_timers(std::string_view json, const std::string& case_id, std::vector<StoredTimer>& out) {
  if (json.find('\\') != std::string_view::npos) return false;
  const size_t first = out.size();
  size_t i = 0;
  auto fail = [&] {
    out.resize(first);
    return false;
  };
  auto expect = [&](char ch) { return i < json.size() && json[i++] == ch; };
  auto string = [&](std::string_view& text) {
    if (!expect('"')) return false;
    const size_t end = json.find('"', i);
    if (end == std::string_view::npos) return false;
    text = json.substr(i, end - i);
    i = end + 1;
    return true;
  };
  if (!expect('[')) return fail();
  if (i < json.size() && json[i] == ']') return i + 1 == json.size() || fail();
  for (;;) {
    std::string_view timer, status, due;
    if (!expect('[') || !string(timer) || !expect(',') || !string(status) || !expect(',')) return fail();
    std::optional<Date> date;
    if (json.compare(i, 4, "null") == 0)
      i += 4;
    else if (string(due))
      date = iso_date(due);
    else
      return fail();
    if (!expect(']')) return fail();
    out.push_back({case_id, std::string(timer), std::string(status), date});
    if (i < json.size() && json[i] == ',') {
      ++i;
      continue;
    }
    return (expect(']') && i == json.size()) || fail();
  }
}

// Any JSON the timers column may hold (it is checked valid, not checked to be ours): answers as
// the run_timers view would, or says the case's timers are not in the recorded shape.
Status read_any_timers(const std::string& json, const std::string& case_id, int64_t run_id,
                       std::vector<StoredTimer>& out) {
  const auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  const Error bad{"run " + std::to_string(run_id) + ": the timers recorded for case '" + case_id +
                  "' are not [[timer, status, due], ...]"};
  if (!parsed.is_array()) return bad;
  for (const auto& t : parsed) {
    if (!t.is_array() || t.size() < 3 || !t[0].is_string() || !t[1].is_string()) return bad;
    out.push_back({case_id, t[0].get<std::string>(), t[1].get<std::string>(),
                   t[2].is_string() ? iso_date(t[2].get_ref<const std::string&>()) : std::nullopt});
  }
  return Ok{};
}

}  // namespace

RunCase run_case_of(const Evaluation& e) {
  RunCase c{e.case_id, e.workflow_version, e.state, {}};
  c.timers.reserve(e.timers.size());
  for (const auto& t : e.timers) c.timers.push_back({t.id, std::string(timer_status_name(t.status)), t.due});
  return c;
}

Result<int64_t> record_run(sqlite::Connection& db, const RunRecord& run) {
  std::optional<sqlite::Transaction> tx;
  if (!db.in_transaction()) {
    auto begun = sqlite::Transaction::begin(db);
    if (!begun) return begun.error();
    tx.emplace(std::move(*begun));
  }
  auto insert_run = db.prepare(kInsertRun);
  auto insert_definition = db.prepare(kInsertDefinition);
  auto insert_flag = db.prepare(kInsertFlag);
  for (auto* prepared : {&insert_run, &insert_definition, &insert_flag})
    if (!*prepared) return prepared->error();

  const std::string finished = run.finished_at.empty() ? utc_timestamp_now() : run.finished_at;
  auto ran = insert_run->bind(1, run.kind)
                 .bind(2, to_iso(run.as_of))
                 .bind(3, run.started_at.empty() ? finished : run.started_at)
                 .bind(4, finished)
                 .bind(5, static_cast<int64_t>(run.cases.size()))
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
  CaseRows rows(db, run_id);
  for (const auto& c : run.cases)
    if (auto ok = rows.add(c.case_id, c.workflow_version, c.state, c.timers); !ok) return ok.error();
  if (auto ok = rows.flush(); !ok) return ok.error();
  for (const auto& f : run.flags) {
    auto ok = insert_flag->bind(1, run_id).bind(2, f.case_id).bind(3, f.rule)
                  .bind(4, f.severity).bind(5, f.message).run();
    if (!ok) return ok.error();
  }
  auto prune = db.prepare(kPruneRunCases);
  if (!prune) return prune.error();
  if (auto ok = prune->run(); !ok) return ok.error();
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
  r.as_of = iso_date(stmt->column_text(2)).value_or(Date{});
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
  auto stmt = db.prepare(kRunCaseTimers);
  if (!stmt) return stmt.error();
  stmt->bind(1, run_id);
  std::vector<StoredTimer> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    const std::string case_id = stmt->column_text(0);
    const std::string json = stmt->column_text(1);
    const size_t first = out.size();
    if (!read_plain_timers(json, case_id, out))
      if (auto read = read_any_timers(json, case_id, run_id, out); !read) return read.error();
    std::sort(out.begin() + static_cast<ptrdiff_t>(first), out.end(),
              [](const StoredTimer& a, const StoredTimer& b) { return a.timer < b.timer; });
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
