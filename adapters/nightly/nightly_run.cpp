#include "adapters/nightly/nightly_run.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>
#include <utility>

#include "adapters/alerts/deadline_calendar.hpp"
#include "adapters/alerts/digest_email.hpp"
#include "adapters/files/calendar_files.hpp"
#include "adapters/files/engine_data.hpp"
#include "adapters/files/fingerprint.hpp"
#include "adapters/files/output_files.hpp"
#include "adapters/files/spreadsheet_csv.hpp"
#include "adapters/files/text_files.hpp"
#include "adapters/import/csv_reader.hpp"
#include "adapters/import/import_folder.hpp"
#include "adapters/import/rejects_report.hpp"
#include "application/cases/event_validator.hpp"
#include "adapters/reports/report_figures.hpp"
#include "adapters/reports/report_files.hpp"
#include "adapters/nightly/stored_cases.hpp"
#include "adapters/store/timestamps.hpp"
#include "engine/rules/rule_engine.hpp"

namespace timescales::nightly {
namespace {

namespace fs = std::filesystem;

// A definition's fingerprint, so a run records exactly which rules produced its dates.
std::string fingerprint(const std::string& text) { return "fnv1a64:" + fnv1a64_hex(text); }

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

// A recipient's name as a file name, one-to-one so that no two recipients share a file ("CIN
// Widnes" and "CIN-Widnes" once both became team-CIN-Widnes.txt): letters, digits, '-', '_' and
// '.' stay as they are (a login such as a.officer reads as itself; the name always ends ".txt" or
// ".eml", so it is never "." or ".."), a space becomes '+', and every other byte (including '+',
// '%' and '/') is written %XX, as in a URL. A team's or owner's digest ("team:…", "owner:…") is written
// "team-…" / "owner-…" (README: team-<team>.txt, owner-<owner>.txt), and only theirs start so:
// another audience spelt "team-…" or "owner-…" has that '-' written %2D. run_nightly still
// refuses two outputs with one name, should anything else ever collide.
std::string file_safe(const std::string& recipient) {
  static constexpr std::string_view kKinds[] = {"team", "owner"};
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string_view rest = recipient;
  std::string out;
  for (const auto kind : kKinds)
    if (rest.size() > kind.size() && rest.substr(0, kind.size()) == kind && rest[kind.size()] == ':') {
      out = std::string(kind) + "-";
      rest.remove_prefix(kind.size() + 1);
      break;
    }
  const bool per_kind = !out.empty();
  for (const char ch : rest) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  if (!per_kind)
    for (const auto kind : kKinds)
      if (out.size() > kind.size() && out.compare(0, kind.size(), kind) == 0 && out[kind.size()] == '-')
        out.replace(kind.size(), 1, "%2D");
  return out;
}

// The exports waiting in --import-dir, under the import configuration (adapters/import/
// import_folder.hpp); a held-back file leaves the run going, and exiting 2.
Result<size_t> import_waiting(const NightlyOptions& o, CaseStore& store, const WorkflowLibrary& workflows,
                              NightlyOutcome& outcome) {
  auto config = o.import_config ? load_import_config(*o.import_config, workflows)
                                : single_mapping_config(o.import_mapping, workflows);
  if (!config) return config.error();
  const FolderImportPlaces places{config->rejects.value_or(o.out / "rejects"),
                                  config->archive.value_or(*o.import_dir / "imported"), run_stamp()};
  auto imported = import_folder(store, *o.import_dir, *config, workflow_event_validator(workflows), places);
  if (!imported) return imported.error();
  outcome.rejected_rows = imported->rejected;
  outcome.possible_corrections = imported->corrections;
  outcome.rejects_files = imported->rejects_files;
  outcome.written.insert(outcome.written.end(), imported->rejects_files.begin(), imported->rejects_files.end());
  for (const auto& h : imported->held_back) outcome.held_back.push_back(h.file.string() + ": " + h.why);
  return imported->added;
}

// Everything the run takes from each case, folded in as the chunks pass: the run's record, the
// complaints officer's alerts, flags and data problems, the report's figures. Nothing here keeps
// a case, so a national run holds only these slim results and the chunk being assessed.
class NightlyFold {
 public:
  // What each output reads comes from `declared` (rules/outputs.toml, rules/measures.toml).
  NightlyFold(const NightlyOptions& o, const EngineData& data, const CalendarContext& working,
              const DeclaredOutputs& declared)
      : o_(o), digests_(o.as_of, working, declared.outputs.digests, o.digest),
        deadlines_(o.as_of, declared.outputs.calendar_feed.value_or(outputs::TimerFeed{})),
        figures_(o.as_of, data.workflows, working, declared.outputs, declared.measures) {}

  // Open cases' states, timers and flags go to `recorder` as they come.
  // `working`: the division calendar the case was assessed in, for its digest lines.
  Status add(const CaseAssessment& a, bool closed, bool stored_closed, const DivisionCalendar* working,
             RunRecording& recorder) {
    ++outcome_.cases;
    if (closed != stored_closed) closed_now_.push_back({a.case_data.id, closed});
    const auto& events = a.case_data.events;
    const bool future = std::any_of(events.begin(), events.end(), [&](const CaseEvent& e) { return e.date > o_.as_of; });
    outcome_.cases_with_problems += !a.evaluation.problems.empty() || future;
    if (!closed)
      if (auto recorded = add_open(a, working, recorder); !recorded) return recorded;
    for (const auto& p : a.evaluation.problems)
      row(problems_, {a.case_data.id, a.case_data.workflow, p.event, p.date ? to_iso(*p.date) : "", p.message});
    // The engine does not count events after the as-of date (they have not happened yet, as of
    // that day); a nightly run is as of today, so such a date is almost always mistyped.
    if (future)
      for (const auto& e : events)
        if (e.date > o_.as_of)
          row(problems_, {a.case_data.id, a.case_data.workflow, e.type, to_iso(e.date),
                            e.type + " on " + to_iso(e.date) + " is after the run's as-of date " + to_iso(o_.as_of) +
                                "; not counted (a mistyped date?)"});
    figures_.add(a);
    return Ok{};
  }

  NightlyOutcome& outcome() { return outcome_; }
  // "1 row rejected for this case on …", by case, for the digest lines (CaseStore::rejected_rows).
  void note_cases(std::map<std::string, std::string> notes) { digests_.note_cases(std::move(notes)); }
  // The cases added since the last call whose stored closed flag must change, for the caller to
  // write; taken, so each is written once.
  std::vector<std::pair<std::string, bool>> take_closed_now() { return std::exchange(closed_now_, {}); }
  std::vector<alerts::Digest> digests() { return digests_.finish(); }
  std::string deadlines() { return deadlines_.finish(); }
  const std::string& flags_csv() const { return flags_.str(); }
  const std::string& problems_csv() const { return problems_.str(); }
  reports::ReportFigures figures() { return figures_.finish(); }

 private:
  Status add_open(const CaseAssessment& a, const DivisionCalendar* working, RunRecording& recorder) {
    ++outcome_.open_cases;
    if (auto recorded = recorder.add_case(a.evaluation); !recorded) return recorded;
    const auto team = a.case_data.attributes.count("team") ? a.case_data.attributes.at("team") : "";
    for (const auto& f : a.flags) {
      ++outcome_.flags;
      const std::string severity(rules::severity_name(f.severity));
      if (auto recorded = recorder.add_flag({a.case_data.id, f.rule, severity, f.message}); !recorded) return recorded;
      row(flags_, {a.case_data.id, a.case_data.workflow, team, f.rule, severity, f.message, f.escalate_to,
                   rules::explain_flag(f)});
    }
    digests_.add(a, working);
    deadlines_.add(a);
    return Ok{};
  }

  // Ids, teams and messages come from the councils' own exports: every cell text, kept from
  // being run as a formula.
  static void row(SpreadsheetCsv& csv, std::initializer_list<std::string> cells) {
    for (const auto& c : cells) csv.text(c);
    csv.end_row();
  }

  const NightlyOptions& o_;
  NightlyOutcome outcome_;
  std::vector<std::pair<std::string, bool>> closed_now_;  // cases whose stored flag must change
  alerts::DigestBuilder digests_;
  alerts::DeadlineCalendarBuilder deadlines_;
  reports::ReportFiguresBuilder figures_;
  SpreadsheetCsv flags_{{"case_id", "workflow", "team", "rule", "severity", "message", "escalate_to", "why"}};
  SpreadsheetCsv problems_{{"case_id", "workflow", "event", "date", "problem"}};
};

// What the run writes for its users, in two parts that are made on two threads: the alerts
// (digests as text and e-mail per recipient, the calendar feed, flags, data problems) and the
// reports. Each file is staged (written and flushed under a temporary name) into `staged`; the
// caller puts them in place, alerts first. Outputs name cases and teams: owner-only, like the
// database.
enum class OutputPart { alerts, reports };

Status stage_outputs(OutputPart part, NightlyFold& fold, const NightlyOptions& o, std::vector<StagedFile>& staged,
                     std::vector<alerts::Digest>& digests) {
  const fs::path& out = o.out;
  auto stage = [&](const fs::path& name, const std::string& text) -> Status {
    auto file = StagedFile::stage(out / name, text, FileAccess::owner_only);
    if (!file) return file.error();
    staged.push_back(std::move(*file));
    return Ok{};
  };
  if (part == OutputPart::reports) {
    for (const auto& report : reports::render_reports(fold.figures()))
      if (auto s = stage(report.file_name, report.text); !s) return s;
    return Ok{};
  }
  digests = fold.digests();  // kept for sending once the files are in place
  for (const auto& digest : digests) {
    const std::string name = file_safe(digest.recipient);
    const alerts::EmailAddresses addresses = o.email_addresses ? o.email_addresses(digest) : alerts::EmailAddresses{};
    if (auto s = stage(fs::path("alerts") / (name + ".txt"), alerts::render_digest_text(digest)); !s) return s;
    if (auto s = stage(fs::path("alerts") / (name + ".eml"), alerts::render_digest_email(digest, addresses)); !s) return s;
  }
  if (auto s = stage("deadlines.ics", fold.deadlines()); !s) return s;
  if (auto s = stage("flags.csv", fold.flags_csv()); !s) return s;
  return stage("data-problems.csv", fold.problems_csv());
}

// The wall time of each phase, as `nightly --timings` prints it.
class PhaseClock {
 public:
  void ended(const char* name) {
    const auto now = std::chrono::steady_clock::now();
    phases_.emplace_back(name, std::chrono::duration<double>(now - began_).count());
    began_ = now;
  }
  std::vector<std::pair<std::string, double>> take() { return std::move(phases_); }

 private:
  std::chrono::steady_clock::time_point began_ = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, double>> phases_;
};

// The output folder and its alerts folder. Those the run creates are owner-only (they will name
// cases and teams); a folder that already exists is the user's and is left as it is, for it may be
// /tmp or a group's shared folder (2770) on purpose. The files in it are owner-only (0600) either
// way, so a folder others can read or write is warned about on stderr rather than refused: the
// run's own files stay private, but others could see their names or replace them.
Status prepare_output_folders(const fs::path& out) {
  for (const fs::path& folder : {out, out / "alerts"}) {
    std::error_code ec;
    const auto before = fs::status(folder, ec);
    if (fs::exists(before)) {
      if (!fs::is_directory(before))
        return Error{ErrorKind::io, folder.string() + ": cannot use as the output folder: it is not a folder"};
      const auto others = fs::perms::group_all | fs::perms::others_all;
      if ((before.permissions() & others) != fs::perms::none)
        std::cerr << "timescales nightly: warning: " << folder.string()
                  << " can be read or written by others (its own permissions are kept; the files the run "
                     "writes in it are owner-only)\n";
      continue;
    }
    // Created one level at a time, so that every folder the run makes is owner-only from the
    // start, never readable by others for a moment.
    fs::path made;
    for (const auto& part : folder) {
      made /= part;
      if (fs::exists(made, ec)) continue;
      if (::mkdir(made.c_str(), 0700) != 0 && errno != EEXIST)
        return Error{ErrorKind::io, made.string() + ": cannot create the output folder: " + std::strerror(errno)};
      // mkdir's mode is narrowed by the umask, never widened; set it exactly.
      fs::permissions(made, fs::perms::owner_all, fs::perm_options::replace, ec);
    }
  }
  return Ok{};
}

// The files the run has staged, put in place once its record is committed, alerts first.
struct StagedOutputs {
  std::vector<StagedFile> alerts, reports;
  std::vector<alerts::Digest> digests, no_digests;
};

// Between two of the run's write units the store is left free for this long. A writer waiting
// for it (the server recording an event) retries every millisecond (sqlite_connection.hpp), so it
// gets in here and waits at most for one unit; without the pause the run would take the store
// again at once, and a writer could wait through the whole run. The pause is on the thread that
// records, beside the assessing of the next chunk, so it costs the run next to nothing.
constexpr auto kPauseBetweenUnits = std::chrono::milliseconds(5);

// Reads every case, assesses it, folds it into `fold` and records it. The cases are read through
// a snapshot scan: the run sees one consistent store from its first case to its last (an import
// or an officer's event cannot land between two chunks of it), never the run's own rows, while
// the store stays open to other writers.
//
// The run is recorded a unit at a time (CaseStore::start_run): its row, unfinished, first; then
// each chunk's cases, flags, prunings and closings in a short write unit of its own
// (Work::run_record: every row names the run or a case the run read); then, once the outputs are
// staged, a last unit marks it finished. So the store is held for writing a chunk at a time, and
// readers of runs see yesterday's run until this one is finished. A run whose outputs cannot be
// staged (a full disk, two outputs with one name) or that fails anywhere before the end is left
// unfinished: no one reads it, the next run prunes its rows, and the outputs, put in place by the
// caller only after, stay yesterday's.
Status assess_and_record(const NightlyOptions& o, StoreRunSetup& setup, const RunRecord& header, NightlyFold& fold,
                         StagedOutputs& staged, PhaseClock& clock) {
  CaseStore& store = *setup.store;
  auto recorder = store.start_run(header);
  if (!recorder) return recorder.error();
  auto scan = store.snapshot_scan();
  if (!scan) return scan.error();
  // Cases the run finds in a final state are marked closed (and reopened ones open) as each
  // chunk passes: on the first night after a load that is half the store.
  auto writer = store.batch_writer();
  if (!writer) return writer.error();
  const std::string now = utc_timestamp_now();
  auto assessed = for_each_assessed_chunk(
      **scan, setup.data, setup.calendars, setup.school, o.as_of,
      [&](AssessedChunk& chunk) -> Status {
        if (chunk.cases.empty()) return Ok{};
        auto unit = store.begin(CaseStore::Work::run_record);
        if (!unit) return unit.error();
        // The run-before-last's rows for these cases go now, on this thread, rather than all
        // at the end, when nothing else would be running beside the deletion.
        if (auto pruned = (*recorder)->prune_cases(chunk.cases.front().case_data.id, chunk.cases.back().case_data.id);
            !pruned)
          return pruned;
        for (size_t i = 0; i < chunk.cases.size(); ++i)
          if (auto added = fold.add(chunk.cases[i], chunk.closed[i] != 0, chunk.stored_closed[i] != 0, chunk.working[i], **recorder);
              !added)
            return added;
        for (const auto& [id, closed] : fold.take_closed_now())
          if (auto marked = (*writer)->set_closed(id, closed, now); !marked) return marked.error();
        if (auto committed = (*unit)->commit(); !committed) return committed;
        std::this_thread::sleep_for(kPauseBetweenUnits);
        return Ok{};
      },
      o.progress, o.cases_per_chunk ? o.cases_per_chunk : kCasesPerChunk);
  if (!assessed) return assessed;
  scan->reset();
  clock.ended("read, assess, fold and record every case");

  Status alerts_staged = Ok{}, reports_staged = Ok{};
  std::thread rendering_alerts(
      [&] { alerts_staged = stage_outputs(OutputPart::alerts, fold, o, staged.alerts, staged.digests); });
  std::thread rendering_reports(
      [&] { reports_staged = stage_outputs(OutputPart::reports, fold, o, staged.reports, staged.no_digests); });
  rendering_alerts.join();
  rendering_reports.join();
  clock.ended("render and stage the alerts and reports");
  // Every output is staged, and checked, before the run is marked finished: a run that cannot
  // write its outputs must not record itself as having run (the staged files are dropped,
  // yesterday's stay).
  if (!alerts_staged) return alerts_staged;
  if (!reports_staged) return reports_staged;
  if (auto distinct = refuse_shared_paths({&staged.alerts, &staged.reports}); !distinct)
    return Error{distinct.error().message +
                 "; the run did not record itself as done (its record stays unfinished, read by no one) and "
                 "replaced no file"};
  auto run_id = (*recorder)->finish();
  if (!run_id) return run_id.error();
  fold.outcome().run_id = *run_id;
  clock.ended("finish the record");
  return Ok{};
}

}  // namespace

Result<NightlyOutcome> run_nightly(const NightlyOptions& o) {
  const std::string started = utc_timestamp_now();
  PhaseClock clock;
  if (auto prepared = prepare_output_folders(o.out); !prepared) return prepared.error();
  // A run killed while staging left its temporaries: whole outputs, children's data in them.
  for (const fs::path& folder : {o.out, o.out / "alerts"}) {
    auto cleared = remove_abandoned_staged_files(folder);
    if (!cleared) return cleared.error();
    if (!cleared->empty())
      std::cerr << "timescales nightly: removed " << cleared->size() << " unfinished output file(s) from "
                << folder.string() << ", left by a run that was stopped while writing them\n";
  }

  // Everything the run needs is loaded before it reads a case, so a bad file fails it at once.
  auto setup = open_store_run(o.data_dir, o.db, o.school_calendar);
  if (!setup) return setup.error();
  auto declared = load_declared_outputs(o.data_dir, setup->data.workflows, setup->data.rules);
  if (!declared) return declared.error();
  auto division = setup->calendars.division("england-and-wales");
  if (!division) return division.error();
  const CalendarContext working{division->get(), setup->school.get()};
  clock.ended("load definitions and calendars");

  NightlyOutcome imported;
  if (o.import_dir) {
    auto added = import_waiting(o, *setup->store, setup->data.workflows, imported);
    if (!added) return added.error();
    imported.imported_events = *added;
  }
  clock.ended("import");

  RunRecord header;  // the run's own row; its cases and flags go to the recording as they pass
  header.kind = "nightly";
  header.as_of = o.as_of;
  header.started_at = started;
  header.definitions = definitions_in_force(o.data_dir);
  NightlyFold fold(o, setup->data, working, *declared);
  auto notes = rejected_row_notes(*setup->store);
  if (!notes) return notes.error();
  fold.note_cases(std::move(*notes));
  StagedOutputs staged;
  if (auto recorded = assess_and_record(o, *setup, header, fold, staged, clock); !recorded) return recorded.error();

  NightlyOutcome outcome = std::move(fold.outcome());
  outcome.imported_events = imported.imported_events;
  outcome.rejected_rows = imported.rejected_rows;
  outcome.possible_corrections = imported.possible_corrections;
  outcome.rejects_files = std::move(imported.rejects_files);
  outcome.held_back = std::move(imported.held_back);
  outcome.written = std::move(imported.written);
  for (auto* part : {&staged.alerts, &staged.reports})
    for (auto& file : *part) {
      if (auto placed = file.place(); !placed) return placed.error();
      outcome.written.push_back(file.path());
    }
  outcome.digests = std::move(staged.digests);
  clock.ended("put the alerts and reports in place");
  outcome.phases = clock.take();
  return outcome;
}

}  // namespace timescales::nightly
