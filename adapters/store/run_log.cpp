#include "adapters/store/run_log.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "adapters/store/run_recorder.hpp"
#include "adapters/store/sqlite_statement.hpp"
#include "adapters/store/sqlite_transaction.hpp"
#include "adapters/store/timestamps.hpp"

namespace timescales {
namespace {

// Readers see finished runs only: a run recorded a unit at a time (run_recorder.hpp) is
// unfinished, finished_at '', until its last unit, and stays so if it died half-way.
constexpr const char* kLatestRun = R"sql(
SELECT id, kind, as_of, started_at, finished_at, cases_evaluated, flags_raised, changes
FROM runs WHERE finished_at <> '' AND (?1 = '' OR kind = ?1) ORDER BY id DESC LIMIT 1
)sql";
constexpr const char* kRunDefinitions = R"sql(
SELECT kind, name, version, content_hash FROM run_definitions WHERE run_id = ?1 ORDER BY kind, name
)sql";
// Not through the run_timers view: its JSON functions take seconds over a national run, where
// reading each case's array here takes a fraction of one.
constexpr const char* kRunCaseTimers = R"sql(
SELECT case_id, timers FROM run_cases
WHERE run_id = ?1 AND EXISTS (SELECT 1 FROM runs WHERE id = ?1 AND finished_at <> '') ORDER BY case_id
)sql";

constexpr const char* kRunFlags = R"sql(
SELECT case_id, rule, severity, message FROM run_flags
WHERE run_id = ?1 AND EXISTS (SELECT 1 FROM runs WHERE id = ?1 AND finished_at <> '') ORDER BY case_id, id
)sql";

// nullopt for anything not a date (a hand-edited row), as the version 2 reader gave.
std::optional<Date> iso_date(std::string_view s) {
  auto parsed = parse_iso_date(s);
  return parsed ? std::optional<Date>(*parsed) : std::nullopt;
}

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

Result<int64_t> record_run(sqlite::Connection& db, const RunRecord& run) {
  std::optional<sqlite::Transaction> tx;
  if (!db.in_transaction()) {
    auto begun = sqlite::Transaction::begin(db);
    if (!begun) return begun.error();
    tx.emplace(std::move(*begun));
  }
  auto recorder = RunRecorder::start(db, run);
  if (!recorder) return recorder.error();
  for (const auto& c : run.cases)
    if (auto ok = recorder->add_case(c); !ok) return ok.error();
  for (const auto& f : run.flags)
    if (auto ok = recorder->add_flag(f); !ok) return ok.error();
  auto run_id = recorder->finish();
  if (!run_id) return run_id.error();
  if (tx)
    if (auto committed = tx->commit(); !committed) return committed.error();
  return *run_id;
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
