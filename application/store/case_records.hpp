// What the case store keeps, as plain values: a case's record beyond the engine's Case (who owns
// it, whether it is closed), where each event came from and how it was corrected, the record of
// an evaluation run, and the rows of the bulk paths (import, nightly scan). engine/case/case.hpp's
// Case is what the store hands the evaluator; these are what it stores. Every store
// implementation (case_store.hpp) speaks in these.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/case/case.hpp"
#include "engine/evaluate/evaluation.hpp"

namespace timescales {

struct CaseRecord {
  std::string id;        // the council's reference
  std::string workflow;
  std::optional<std::string> workflow_version;
  std::map<std::string, std::string> attributes;
  std::optional<std::string> owner;  // who owes the next response, when the source says
  std::optional<std::string> team;   // "CIN Widnes"
  bool closed = false;   // set by the caller once the workflow's final state is reached
  std::string created_at;  // filled when read from the store
  std::string updated_at;
};

// Where an event was learnt: an export's file name (not its path, which differs between
// machines) and the physical line its row starts on, or "command line" with no row.
// Who recorded it, when a person or an integration did through the service or the command line
// (Principal::actor(): "user:ann", "token:case-system", "cli:root"); empty for an import's rows,
// which the file names.
struct EventSource {
  std::string file;
  std::optional<int64_t> row;
  std::string recorded_by = {};
};

// How an event was put right: corrected (superseded by another event, which restates it) or voided
// (recorded in error: nothing takes its place). Either way the event stays in the history, with
// the reason given, and is no longer in force.
struct EventAmendment {
  enum class Kind { corrected, voided };
  Kind kind = Kind::corrected;
  std::optional<int64_t> by_event;  // the correcting event; none for a void
  std::string reason;               // why, as the officer put it (required)
  std::string recorded_at;
};

struct StoredEvent {
  int64_t id = 0;
  std::string case_id;
  CaseEvent event;
  int occurrence = 1;  // see events_identity in schema.cpp
  EventSource source;
  std::string recorded_at;
  std::optional<int64_t> supersedes;
  std::optional<int64_t> superseded_by;
  std::optional<EventAmendment> amended;  // when corrected or voided with a reason (schema 4 on)
  bool voided = false;
};

struct AppendedEvent {
  bool added = false;  // false: an event with the same identity was already stored
  int64_t id = 0;      // the new event's id; 0 when not added
};

// One line of `case list`: identifiers and counts only, never attributes (children's data).
struct CaseSummary {
  std::string id;
  std::string workflow;
  bool closed = false;
  int64_t events = 0;                 // in force, i.e. not superseded
  std::optional<std::string> latest_event_date;
  std::string updated_at;
};

// A definition or calendar in force during a run, identified by the hash of its content so a
// later recalculation can tell exactly which rules produced which due dates.
struct DefinitionInForce {
  std::string kind;          // "workflow", "calendar", "school_calendar", "rule"
  std::string name;          // a workflow's or a calendar's id
  std::optional<std::string> version;
  std::string content_hash;  // e.g. "sha256:…"; computed by the caller
};

struct RunFlag {
  std::string case_id;
  std::string rule;
  std::string severity;  // info, at_risk, overdue, breach, data_quality (engine contract §2)
  std::string message;
};

// What a run keeps of one timer: enough for the next run to say which due dates moved.
struct RunTimer {
  std::string timer;   // "stage1_response"
  std::string status;  // timer_status_name(): "running", "met", ...
  std::optional<Date> due;
};

// What a run keeps of one case, a few hundred bytes beside the kilobytes of its Evaluation (the
// explanations and timeline), so a nightly run can record a chunk of cases and let their
// evaluations go. run_case_of() (run_log.hpp) makes one.
struct RunCase {
  std::string case_id;
  std::string workflow_version;  // "" when the case names none
  std::string state;
  std::vector<RunTimer> timers;  // in the evaluation's order
};

struct StoredRun {
  int64_t id = 0;
  std::string kind;
  Date as_of{};
  std::string started_at;
  std::string finished_at;
  int64_t cases_evaluated = 0;
  int64_t flags_raised = 0;
  std::string changes_json;
  std::vector<DefinitionInForce> definitions;
};

struct StoredTimer {
  std::string case_id;
  std::string timer;
  std::string status;
  std::optional<Date> due;
};

// One row per export file imported, written in the same unit of work as its events, so the log
// says exactly what each night's import added (and a rolled-back import leaves no trace).
struct ImportLogEntry {
  std::string file_name;  // name only, as in events.source_file
  int64_t file_bytes = 0;
  std::optional<std::string> mapping;  // the mapping file's name, when one was used
  std::string imported_at;
  int64_t rows = 0;
  int64_t new_events = 0;
  int64_t duplicates = 0;
  int64_t ignored = 0;
  int64_t rejected = 0;
};

// A row an import rejected that named a case, kept against the case, so that the digest and the
// case page can say so beside an alert the missing event might explain (a rejected
// acknowledgement shows as an overdue one). Written in the import's unit of work.
struct RejectedRowRecord {
  std::string case_id;
  std::string event;      // the engine's event the row was for, when it got that far; else ""
  std::string file_name;  // name only, as in events.source_file
  int64_t line = 0;
  std::string reason;     // why it was rejected
  std::string rejected_at;  // utc_timestamp_now() of the import
};

// What a case's latest day of rejected rows was: how many, that day (UTC, the import's), and the
// events they were for (those known, each once).
struct RejectedRowsOfCase {
  std::string case_id;
  int64_t rows = 0;
  Date day{};
  std::vector<std::string> events;
  // "1 row rejected for this case on 2026-12-01"
  std::string note() const;
};

// A case as a scan of the whole store hands it out: the engine's Case (events in force, in the
// order recorded) and whether the store had it closed before this run.
struct StoredCase {
  Case case_data;
  bool closed = false;
};

// A case or event row as the bulk paths (import, demo) write them. Their strings are bound
// without copying, so they must stay unchanged until the call that takes them returns.
struct CaseRow {
  std::string id, workflow;
  std::string attributes = "{}";  // attributes_to_json()
  std::optional<std::string> workflow_version, owner, team;
  bool closed = false;
  static CaseRow of(const CaseRecord& r);
};
struct EventRow {
  std::string case_id, type;
  std::string date;  // yyyy-mm-dd (to_iso)
  std::string reason;
  int occurrence = 1;
  std::optional<int64_t> source_row;
  std::string time = {};  // "HH:MM" (to_hh_mm) where the record has a time of day; empty: none
};

// Attributes as stores keep them: a JSON object of strings, keys sorted.
std::string attributes_to_json(const std::map<std::string, std::string>& attributes);
std::map<std::string, std::string> attributes_from_json(const std::string& json);

struct RunRecord {
  std::string kind = "evaluate";  // or "recalc", "nightly"
  Date as_of{};
  std::string started_at;   // utc_timestamp_now() when the run began
  std::string finished_at;  // left empty: filled when recorded
  std::vector<DefinitionInForce> definitions;
  std::vector<RunCase> cases;  // each case's state and timers, as evaluated
  std::vector<RunFlag> flags;
  std::string changes_json = "[]";  // what changed since the previous run, as the caller words it
};

// The part of an evaluation a run keeps. Pure; safe from any thread.
RunCase run_case_of(const Evaluation& evaluation);

}  // namespace timescales
