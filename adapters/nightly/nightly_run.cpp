#include "adapters/nightly/nightly_run.hpp"

#include <algorithm>
#include <fstream>
#include <map>

#include "adapters/alerts/deadline_calendar.hpp"
#include "adapters/alerts/digest_email.hpp"
#include "adapters/files/calendar_files.hpp"
#include "adapters/files/engine_data.hpp"
#include "adapters/files/text_files.hpp"
#include "adapters/import/csv_reader.hpp"
#include "adapters/import/event_importer.hpp"
#include "adapters/import/import_mapping.hpp"
#include "adapters/import/rejects_report.hpp"
#include "adapters/nightly/report_outputs.hpp"
#include "adapters/nightly/stored_cases.hpp"
#include "adapters/store/case_store.hpp"
#include "adapters/store/sqlite_transaction.hpp"
#include "adapters/store/timestamps.hpp"
#include "engine/rules/rule_engine.hpp"

namespace timescales::nightly {
namespace {

namespace fs = std::filesystem;

// FNV-1a, 64 bits: a stable fingerprint of a definition's text so a run records exactly which
// rules produced its dates. Not a security hash; nothing here needs one.
std::string fingerprint(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "fnv1a64:%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::vector<DefinitionInForce> definitions_in_force(const fs::path& data_dir) {
  std::vector<DefinitionInForce> out;
  for (const auto& [kind, folder] : std::vector<std::pair<std::string, fs::path>>{
           {"workflow", data_dir / "workflows"}, {"rule", data_dir / "rules"}, {"calendar", data_dir / "rules" / "calendars"}}) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(folder, ec))
      if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files)
      if (auto text = read_text_file(f)) out.push_back({kind, f.filename().string(), std::nullopt, fingerprint(*text)});
  }
  return out;
}

Status write_output(const fs::path& path, const std::string& text, NightlyOutcome& outcome) {
  // Outputs name cases and teams: owner-only, like the database.
  auto written = write_file_atomically(path, text, FileAccess::owner_only);
  if (written) outcome.written.push_back(path);
  return written;
}

std::string file_safe(const std::string& s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '-';
  return out;
}

Result<size_t> import_waiting(const NightlyOptions& o, CaseStore& store, const WorkflowLibrary& workflows,
                              NightlyOutcome& outcome) {
  std::optional<ImportMapping> mapping;
  if (o.import_mapping) {
    auto text = read_text_file(*o.import_mapping);
    if (!text) return text.error();
    auto parsed = parse_import_mapping(*text, o.import_mapping->string());
    if (!parsed) return parsed.error();
    mapping = std::move(*parsed);
  }
  ImportOptions options;
  options.mapping = mapping ? &*mapping : nullptr;
  options.validate = [&workflows](const std::string& workflow, const std::string& event) -> Status {
    const auto versions = workflows.versions(workflow);
    if (versions.empty()) return Error{"unknown workflow '" + workflow + "'"};
    for (const auto* w : versions)
      if (w->event(event)) return Ok{};
    return Error{workflow + " has no event '" + event + "'"};
  };
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(*o.import_dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".csv") files.push_back(e.path());
  if (ec) return Error{o.import_dir->string() + ": " + ec.message()};
  std::sort(files.begin(), files.end());
  size_t added = 0;
  for (const auto& file : files) {
    auto report = import_events_file(store, file, options);
    if (!report) return Error{file.string() + ": " + report.error().message};
    added += static_cast<size_t>(report->added);
    outcome.rejected_rows += report->rejects.size();
    if (!report->rejects.empty()) {
      const fs::path rejects = o.out / ("rejects-" + file.stem().string() + ".csv");
      if (auto w = write_output(rejects, rejects_csv(report->rejects), outcome); !w) return w.error();
    }
    // Imported files move aside so tomorrow's run does not read them again (re-reading would add
    // nothing, the import being idempotent, but would cost time).
    fs::create_directories(*o.import_dir / "imported", ec);
    fs::rename(file, *o.import_dir / "imported" / file.filename(), ec);
  }
  return added;
}

}  // namespace

Result<NightlyOutcome> run_nightly(const NightlyOptions& o) {
  NightlyOutcome outcome;
  const std::string started = utc_timestamp_now();
  std::error_code ec;
  fs::create_directories(o.out, ec);
  if (ec) return Error{o.out.string() + ": cannot create the output folder: " + ec.message()};
  fs::permissions(o.out, fs::perms::owner_all, fs::perm_options::replace, ec);

  auto setup = open_store_run(o.data_dir, o.db, o.school_calendar);
  if (!setup) return setup.error();
  const EngineData* data = &setup->data;
  CalendarFiles& calendars = setup->calendars;
  const std::shared_ptr<const SchoolCalendar>& school = setup->school;
  CaseStore* store = &setup->store;

  if (o.import_dir) {
    auto added = import_waiting(o, *store, data->workflows, outcome);
    if (!added) return added.error();
    outcome.imported_events = *added;
  }

  auto stored = assess_stored_cases(*store, *data, calendars, school.get(), o.as_of, o.progress);
  if (!stored) return stored.error();
  std::vector<CaseAssessment>& assessed = stored->cases;
  const std::vector<bool>& is_closed = stored->closed;
  std::map<std::string, bool> closed_now;  // cases whose stored flag must change
  for (size_t i = 0; i < assessed.size(); ++i) {
    if (is_closed[i] != stored->stored_closed[i]) closed_now[assessed[i].case_data.id] = is_closed[i];
    outcome.open_cases += !is_closed[i];
    const auto& events = assessed[i].case_data.events;
    const bool future = std::any_of(events.begin(), events.end(), [&](const CaseEvent& e) { return e.date > o.as_of; });
    outcome.cases_with_problems += !assessed[i].evaluation.problems.empty() || future;
  }
  outcome.cases = assessed.size();

  // Record the run and the cases that closed (or reopened), all in one transaction.
  RunRecord run;
  run.kind = "nightly";
  run.as_of = o.as_of;
  run.started_at = started;
  run.definitions = definitions_in_force(o.data_dir);
  // The open cases' evaluations are lent to the run record and given back once it is written:
  // copying them would double the memory of a national run.
  for (size_t i = 0; i < assessed.size(); ++i) {
    if (is_closed[i]) continue;
    auto& a = assessed[i];
    run.evaluations.push_back(std::move(a.evaluation));
    for (const auto& f : a.flags)
      run.flags.push_back({a.case_data.id, f.rule, std::string(rules::severity_name(f.severity)), f.message});
  }
  auto give_back = [&] {
    for (size_t i = 0, k = 0; i < assessed.size(); ++i)
      if (!is_closed[i]) assessed[i].evaluation = std::move(run.evaluations[k++]);
    run.evaluations.clear();
  };
  {
    auto tx = sqlite::Transaction::begin(store->connection());
    if (!tx) return tx.error();
    auto writer = store->writer();
    if (!writer) return writer.error();
    const std::string now = utc_timestamp_now();
    for (const auto& [id, closed] : closed_now)
      if (auto s = writer->set_closed(id, closed, now); !s) return s.error();
    auto run_id = store->record_run(run);
    give_back();
    if (!run_id) return run_id.error();
    outcome.run_id = *run_id;
    if (auto committed = tx->commit(); !committed) return committed.error();
  }

  // What each user reads in the morning.
  // The open cases move out for the digests, calendar feed and flags, and back in before the
  // reports, which read every case: a copy would double the memory of a national run.
  std::vector<CaseAssessment> open;
  for (size_t i = 0; i < assessed.size(); ++i)
    if (!is_closed[i]) open.push_back(std::move(assessed[i]));
  auto division = calendars.division("england-and-wales");
  if (!division) return division.error();
  const CalendarContext working{division->get(), school.get()};

  fs::create_directories(o.out / "alerts", ec);
  for (const auto& digest : alerts::build_digests(open, o.as_of, working, o.digest)) {
    const std::string name = file_safe(digest.recipient);
    if (auto w = write_output(o.out / "alerts" / (name + ".txt"), alerts::render_digest_text(digest), outcome); !w) return w.error();
    if (auto w = write_output(o.out / "alerts" / (name + ".eml"), alerts::render_digest_email(digest, {}), outcome); !w) return w.error();
  }
  if (auto w = write_output(o.out / "deadlines.ics", alerts::render_deadline_calendar(open, o.as_of), outcome); !w)
    return w.error();

  // Ids, teams and messages come from the councils' own exports: written spreadsheet-safe.
  auto row = [](std::initializer_list<std::string> cells) {
    std::string line;
    for (const auto& c : cells) line += (line.empty() ? "" : ",") + spreadsheet_csv_field(c);
    return line + "\r\n";
  };
  std::string flags = "case_id,workflow,team,rule,severity,message,escalate_to,why\r\n";
  std::string problems = "case_id,workflow,event,date,problem\r\n";
  for (const auto& a : open) {
    const auto team = a.case_data.attributes.count("team") ? a.case_data.attributes.at("team") : "";
    for (const auto& f : a.flags) {
      ++outcome.flags;
      flags += row({a.case_data.id, a.case_data.workflow, team, f.rule, std::string(rules::severity_name(f.severity)),
                    f.message, f.escalate_to, rules::explain_flag(f)});
    }
  }
  for (size_t i = 0, k = 0; i < assessed.size(); ++i)
    if (!is_closed[i]) assessed[i] = std::move(open[k++]);
  open.clear();
  for (const auto& a : assessed) {
    for (const auto& p : a.evaluation.problems)
      problems += row({a.case_data.id, a.case_data.workflow, p.event, p.date ? to_iso(*p.date) : "", p.message});
    // The engine does not count events after the as-of date (they have not happened yet, as of
    // that day); a nightly run is as of today, so such a date is almost always mistyped.
    for (const auto& e : a.case_data.events)
      if (e.date > o.as_of)
        problems += row({a.case_data.id, a.case_data.workflow, e.type, to_iso(e.date),
                         e.type + " on " + to_iso(e.date) + " is after the run's as-of date " + to_iso(o.as_of) +
                             "; not counted (a mistyped date?)"});
  }
  if (auto w = write_output(o.out / "flags.csv", flags, outcome); !w) return w.error();
  if (auto w = write_output(o.out / "data-problems.csv", problems, outcome); !w) return w.error();

  if (auto reports = write_reports(assessed, data->workflows, o.data_dir, o.as_of, working, o.out); !reports)
    return reports.error();
  else
    for (const auto& p : *reports) outcome.written.push_back(p);
  return outcome;
}

}  // namespace timescales::nightly
