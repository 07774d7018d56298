// `timescales case …`: one case at a time, at the command line — record an event, correct or void
// one recorded in error, set who owns a case, list and search the caseload, show a case with its
// clocks. Each command parses its arguments and prints; the use cases themselves are in
// application/ (CaseRegister, CaseAssessor, search_caseload), shared with the HTTP server.
//
// Output names cases by their reference only: attributes can hold children's names, so they are
// never printed at normal verbosity (the team and owner are, as officers work by them).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

#include "adapters/cli/case_explanation.hpp"
#include "adapters/cli/command_line_audit.hpp"
#include "adapters/cli/cli_context.hpp"
#include "adapters/files/engine_data.hpp"
#include "adapters/files/workflow_files.hpp"
#include "adapters/store/open_case_store.hpp"
#include "application/caseload/caseload_search.hpp"
#include "application/cases/case_assessor.hpp"
#include "application/cases/case_register.hpp"

#include <nlohmann/json.hpp>

namespace timescales::cli {
namespace {

// Reports a refusal under the command-line name of the field it is about, so the officer sees
// which argument to change.
void report(CliContext& ctx, const std::string& command, const Error& e,
            std::initializer_list<std::pair<const char*, const char*>> arguments) {
  for (const auto& [field, argument] : arguments)
    if (e.field == field) return void(ctx.bad_argument(command, argument, e.message));
  ctx.failure(command, e.to_string());
}

std::unique_ptr<CaseStore> open_store(CliContext& ctx, const std::string& command, const std::string& db) {
  auto opened = open_case_store(db, StoreOpening::must_exist);
  if (!opened) return ctx.failure(command, opened.error().to_string()), nullptr;
  return std::move(opened->store);
}

// The workflows alone, for the commands that only check events against them.
std::optional<WorkflowLibrary> load_workflows(CliContext& ctx, const std::string& command) {
  auto load = WorkflowFiles(ctx.data_dir).load();
  if (!load.errors.empty())
    return ctx.failure(command, load.errors.front().to_string() +
                                    " (the workflow definitions have problems; run 'timescales check')"),
           std::nullopt;
  return std::move(load.library);
}

// The command line's events name who typed them, as the web service's name the signed-in user.
EventSource typed_at_the_command_line() { return {"command line", std::nullopt, command_line_principal().actor()}; }

Result<Date> as_of_or_today(const std::string& text) { return text.empty() ? Result<Date>(today()) : parse_iso_date(text); }

void add_case_add_event(CLI::App* parent, CliContext& ctx) {
  auto* cmd = parent->add_subcommand("add-event", "record one event of a case (checked as an import checks a row)");
  struct Options {
    std::string db, case_id, event, date, reason, workflow, time;
    std::optional<std::string> team, owner;
    bool allow_future = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case database")->required();
  cmd->add_option("CASE", o->case_id, "the case reference, e.g. CMP-2025-0193")->required();
  cmd->add_option("EVENT", o->event, "the event, e.g. received, stage1_extended")->required();
  cmd->add_option("DATE", o->date, "the day it happened, YYYY-MM-DD")->required();
  cmd->add_option("--reason", o->reason, "why, where the workflow asks (e.g. complex)");
  cmd->add_option("--time", o->time, "the time of day it happened, HH:MM, where known (a clock in hours counts from it)");
  cmd->add_option("--workflow", o->workflow, "the case's workflow, needed when the case is new");
  cmd->add_option("--team", o->team, "the team responsible, when the case is new (later: `case set`)");
  cmd->add_option("--owner", o->owner, "who owes the next response, when the case is new (later: `case set`)");
  cmd->add_flag("--allow-future", o->allow_future, "accept a date after today (refused otherwise, as a likely typing mistake)");
  cmd->callback([o, &ctx] {
    const std::string command = "case add-event";
    auto date = parse_iso_date(o->date);
    if (!date) return void(ctx.bad_argument(command, "DATE", date.error().message));
    std::optional<TimeOfDay> time;
    if (!o->time.empty()) {
      auto at = parse_time_of_day(o->time);
      if (!at) return void(ctx.bad_argument(command, "--time", at.error().message));
      time = *at;
    }
    if (o->case_id.empty()) return void(ctx.bad_argument(command, "CASE", "must not be empty"));
    auto store = open_store(ctx, command, o->db);
    if (!store) return;
    auto workflows = load_workflows(ctx, command);
    if (!workflows) return;
    // Team and owner open a case with them; on a stored case they would be a second way of doing
    // what `case set` does, and a silent one, so they are refused there.
    if (o->team || o->owner) {
      auto stored = store->find_case(o->case_id);
      if (!stored) return void(ctx.failure(command, stored.error().to_string()));
      if (*stored)
        return void(ctx.bad_argument(command, o->team ? "--team" : "--owner",
                                     "case '" + o->case_id + "' is already open; change its team or owner with `case set`"));
    }
    CaseRegister cases(*store, *workflows, today());
    auto recorded = cases.record_event(o->case_id, {o->event, *date, o->reason, 0, time}, typed_at_the_command_line(),
                                       {o->workflow, o->team, o->owner},
                                       o->allow_future ? FutureDates::allowed : FutureDates::refused);
    if (!recorded)
      return report(ctx, command, recorded.error(),
                    {{"type", "EVENT"}, {"date", "DATE"}, {"reason", "--reason"}, {"workflow", "--workflow"},
                     {"case", "CASE"}});
    if (recorded->added) {
      audit_command(ctx, command, o->db, recorded->new_case ? "open_case" : "record_event", o->case_id,
                    nlohmann::json{{"event", recorded->event_id}, {"type", o->event}, {"date", to_iso(*date)},
                                   {"time", time ? to_hh_mm(*time) : ""}, {"reason", o->reason}}
                        .dump());
      std::cout << "recorded event " << recorded->event_id << ": " << o->case_id << " " << o->event << " "
                << to_iso(*date) << (time ? " " + to_hh_mm(*time) : "") << (recorded->new_case ? " (new case, " + recorded->workflow + ")" : "") << "\n";
    } else {
      std::cout << "already recorded as event " << recorded->event_id << "; nothing added\n";
    }
  });
}

void add_case_correct_event(CLI::App* parent, CliContext& ctx) {
  auto* cmd = parent->add_subcommand(
      "correct-event",
      "put right an event recorded wrongly: a corrected event replaces it, the old one stays in the history");
  struct Options {
    std::string db, date, why;
    std::optional<std::string> event, reason, time;
    int64_t event_id = 0;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case database")->required();
  cmd->add_option("EVENT_ID", o->event_id, "the recorded event to correct (its # in `case show`)")->required();
  cmd->add_option("--date", o->date, "the day it did happen, YYYY-MM-DD");
  cmd->add_option("--reason", o->reason, "the event's own reason, where the workflow asks (\"\" clears it)");
  cmd->add_option("--event", o->event, "what did happen, when it was another event (e.g. acknowledged)");
  cmd->add_option("--time", o->time, "the time of day it did happen, HH:MM (\"\" clears a time recorded in error)");
  cmd->add_option("--why", o->why, "why the recorded event was wrong (kept with the history)")->required();
  cmd->callback([o, &ctx] {
    const std::string command = "case correct-event";
    EventChange change{o->event, std::nullopt, o->reason};
    if (!o->date.empty()) {
      auto date = parse_iso_date(o->date);
      if (!date) return void(ctx.bad_argument(command, "--date", date.error().message));
      change.date = *date;
    }
    if (o->time) {
      if (o->time->empty()) {
        change.time = std::optional<TimeOfDay>{};
      } else {
        auto at = parse_time_of_day(*o->time);
        if (!at) return void(ctx.bad_argument(command, "--time", at.error().message));
        change.time = std::optional<TimeOfDay>{*at};
      }
    }
    auto store = open_store(ctx, command, o->db);
    if (!store) return;
    auto workflows = load_workflows(ctx, command);
    if (!workflows) return;
    CaseRegister cases(*store, *workflows, today());
    const std::initializer_list<std::pair<const char*, const char*>> arguments{
        {"type", "--event"}, {"date", "--date"}, {"reason", "--reason"}, {"why", "--why"}, {"event", "EVENT_ID"}};
    auto case_id = cases.case_of_event(o->event_id);
    if (!case_id) return report(ctx, command, case_id.error(), arguments);
    auto corrected = cases.correct_event(*case_id, o->event_id, change, o->why, typed_at_the_command_line());
    if (!corrected) return report(ctx, command, corrected.error(), arguments);
    nlohmann::json detail{{"event", o->event_id}, {"by_event", *corrected}, {"why", o->why}};
    if (change.type) detail["type"] = *change.type;
    if (change.date) detail["date"] = to_iso(*change.date);
    if (change.reason) detail["reason"] = *change.reason;
    if (change.time) detail["time"] = *change.time ? to_hh_mm(**change.time) : "";
    audit_command(ctx, command, o->db, "correct_event", *case_id, detail.dump());
    std::cout << "event " << o->event_id << " of " << *case_id << " corrected by event " << *corrected
              << "; `case show " << *case_id << "` shows the history\n";
  });
}

void add_case_void_event(CLI::App* parent, CliContext& ctx) {
  auto* cmd = parent->add_subcommand(
      "void-event",
      "take out an event recorded in error (nothing happened): it stays in the history, no longer in force");
  struct Options {
    std::string db, why;
    int64_t event_id = 0;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case database")->required();
  cmd->add_option("EVENT_ID", o->event_id, "the recorded event to void (its # in `case show`)")->required();
  cmd->add_option("--why", o->why, "why it was recorded in error (kept with the history)")->required();
  cmd->callback([o, &ctx] {
    const std::string command = "case void-event";
    auto store = open_store(ctx, command, o->db);
    if (!store) return;
    auto workflows = load_workflows(ctx, command);
    if (!workflows) return;
    CaseRegister cases(*store, *workflows, today());
    const std::initializer_list<std::pair<const char*, const char*>> arguments{{"why", "--why"}, {"event", "EVENT_ID"}};
    auto case_id = cases.case_of_event(o->event_id);
    if (!case_id) return report(ctx, command, case_id.error(), arguments);
    if (auto voided = cases.void_event(*case_id, o->event_id, o->why); !voided)
      return report(ctx, command, voided.error(), arguments);
    audit_command(ctx, command, o->db, "void_event", *case_id,
                  nlohmann::json{{"event", o->event_id}, {"why", o->why}}.dump());
    std::cout << "event " << o->event_id << " of " << *case_id << " voided; `case show " << *case_id
              << "` shows the history\n";
  });
}

void add_case_set(CLI::App* parent, CliContext& ctx) {
  auto* cmd = parent->add_subcommand("set", "set a case's team, owner or attributes (KEY=VALUE; KEY= removes one)");
  struct Options {
    std::string db, case_id;
    std::optional<std::string> team, owner;
    std::vector<std::string> attributes;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case database")->required();
  cmd->add_option("CASE", o->case_id, "the case reference")->required();
  cmd->add_option("--team", o->team, "the team responsible (\"\" clears it)");
  cmd->add_option("--owner", o->owner, "who owes the next response (\"\" clears it)");
  cmd->add_option("ATTRIBUTE", o->attributes, "KEY=VALUE, e.g. cohort=child_in_care");
  cmd->callback([o, &ctx] {
    const std::string command = "case set";
    AttributeChanges changes;
    changes.team = o->team;
    changes.owner = o->owner;
    for (const auto& a : o->attributes) {
      const auto eq = a.find('=');
      if (eq == std::string::npos || eq == 0)
        return void(ctx.bad_argument(command, "ATTRIBUTE", "'" + a + "' is not KEY=VALUE"));
      changes.set[a.substr(0, eq)] = a.substr(eq + 1);
    }
    auto store = open_store(ctx, command, o->db);
    if (!store) return;
    auto workflows = load_workflows(ctx, command);
    if (!workflows) return;
    CaseRegister cases(*store, *workflows, today());
    if (auto set = cases.set_attributes(o->case_id, changes); !set)
      return report(ctx, command, set.error(), {{"case", "CASE"}, {"attributes", "ATTRIBUTE"}});
    // The keys changed, not their values: an attribute may be a child's name.
    nlohmann::json keys = nlohmann::json::array();
    for (const auto& [key, value] : changes.set) keys.push_back(key);
    if (changes.team) keys.push_back("team");
    if (changes.owner) keys.push_back("owner");
    audit_command(ctx, command, o->db, "set_attributes", o->case_id, nlohmann::json{{"keys", keys}}.dump());
    std::cout << "case " << o->case_id << " updated\n";
  });
}

// Without a search option, the store's own list (every case, with its events); with one, the
// caseload search, which assesses each case.
void add_case_list(CLI::App* parent, CliContext& ctx) {
  auto* cmd = parent->add_subcommand("list", "list the cases in the database, or search them");
  struct Options {
    std::string db, workflow, team, owner, cohort, state, status, as_of, school_calendar;
    bool open_only = false;
    std::optional<int> due_within;
    size_t page = 1, per_page = 50;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case database")->required();
  cmd->add_flag("--open", o->open_only, "only cases not yet closed");
  auto* search = cmd->add_option_group("search", "search the open caseload, sorted by the next date due");
  search->add_option("--workflow", o->workflow, "only cases of this workflow");
  search->add_option("--team", o->team, "only this team's cases");
  search->add_option("--owner", o->owner, "only this officer's cases");
  search->add_option("--cohort", o->cohort, "only this cohort (child_in_care, child_protection, ...)");
  search->add_option("--state", o->state, "only cases in this state of their workflow");
  search->add_option("--status", o->status, "overdue, at_risk or running");
  search->add_option("--due-within", o->due_within, "only cases whose next clock is due within N working days");
  cmd->add_option("--as-of", o->as_of, "the day to assess on when searching (default: today)");
  cmd->add_option("--school-calendar", o->school_calendar, "school calendar TOML, for school-day clocks");
  cmd->add_option("--page", o->page, "page of the search's results (from 1)");
  cmd->add_option("--per-page", o->per_page, "cases to a page");
  cmd->callback([o, &ctx, search] {
    const std::string command = "case list";
    auto store = open_store(ctx, command, o->db);
    if (!store) return;
    if (search->count_all() == 0) {
      auto cases = store->list_cases(o->open_only ? CaseStore::Which::open : CaseStore::Which::all);
      if (!cases) return void(ctx.failure(command, cases.error().message));
      size_t id_width = 4, workflow_width = 8;
      for (const auto& c : *cases) {
        id_width = std::max(id_width, c.id.size());
        workflow_width = std::max(workflow_width, c.workflow.size());
      }
      std::printf("%-*s  %-*s  %-6s  %6s  %s\n", static_cast<int>(id_width), "case", static_cast<int>(workflow_width),
                  "workflow", "status", "events", "latest");
      for (const auto& c : *cases)
        std::printf("%-*s  %-*s  %-6s  %6lld  %s\n", static_cast<int>(id_width), c.id.c_str(),
                    static_cast<int>(workflow_width), c.workflow.c_str(), c.closed ? "closed" : "open",
                    static_cast<long long>(c.events), c.latest_event_date.value_or("-").c_str());
      std::printf("%zu case%s\n", cases->size(), cases->size() == 1 ? "" : "s");
      return;
    }
    CaseloadQuery q;
    q.filter.workflow = o->workflow;
    q.filter.team = o->team;
    q.filter.owner = o->owner;
    q.filter.cohort = o->cohort;
    q.filter.open_only = true;
    q.state = o->state;
    auto status = parse_case_status_filter(o->status);
    if (!status) return void(ctx.bad_argument(command, "--status", "'" + o->status + "': say overdue, at_risk or running"));
    q.status = *status;
    q.due_within_working_days = o->due_within;
    auto as_of = as_of_or_today(o->as_of);
    if (!as_of) return void(ctx.bad_argument(command, "--as-of", as_of.error().message));
    q.as_of = *as_of;
    q.page = o->page;
    q.per_page = o->per_page;
    auto data = load_engine_data(ctx.data_dir);
    if (!data) return void(ctx.failure(command, data.error().to_string()));
    std::shared_ptr<const SchoolCalendar> school;
    if (!o->school_calendar.empty()) {
      auto loaded = ctx.calendars().school(o->school_calendar);
      if (!loaded) return void(ctx.bad_argument(command, "--school-calendar", loaded.error().to_string()));
      school = *loaded;
    }
    CaseAssessor assessor(*store, data->workflows, data->rules, ctx.calendars(), school);
    auto found = search_caseload(*store, assessor, q);
    if (!found)
      return report(ctx, command, found.error(), {{"page", "--page"}, {"per_page", "--per-page"}, {"due_within", "--due-within"}});
    std::printf("%-16s  %-24s  %-14s  %-16s  %-8s  %-22s  %-10s  %s\n", "case", "workflow", "team", "state", "concern",
                "next clock", "due", "left");
    for (const auto& line : found->cases) {
      const TimerResult* next = line.next_timer();
      std::string left = "-";
      if (next && next->remaining) left = std::to_string(*next->remaining) + " " + std::string(unit_name(next->unit));
      std::printf("%-16s  %-24s  %-14s  %-16s  %-8s  %-22s  %-10s  %s\n", line.case_id.c_str(), line.workflow.c_str(),
                  line.team.c_str(), line.state.c_str(), line.overdue ? "overdue" : line.at_risk ? "at risk" : "-",
                  next ? next->id.c_str() : "-", next && next->due ? to_iso(*next->due).c_str() : "-", left.c_str());
    }
    std::printf("%zu case%s match (page %zu of %zu)\n", found->total, found->total == 1 ? "" : "s", found->page,
                std::max<size_t>(1, found->pages()));
  });
}

void add_case_show(CLI::App* parent, CliContext& ctx) {
  auto* cmd = parent->add_subcommand("show", "one stored case: every recorded event, its clocks, flags and why");
  struct Options {
    std::string db, case_id, as_of, school_calendar;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case database")->required();
  cmd->add_option("CASE", o->case_id, "the case reference")->required();
  cmd->add_option("--as-of", o->as_of, "the day to assess on (default: today)");
  cmd->add_option("--school-calendar", o->school_calendar, "school calendar TOML, for school-day clocks");
  cmd->callback([o, &ctx] {
    const std::string command = "case show";
    auto as_of = as_of_or_today(o->as_of);
    if (!as_of) return void(ctx.bad_argument(command, "--as-of", as_of.error().message));
    std::shared_ptr<const SchoolCalendar> school;
    if (!o->school_calendar.empty()) {
      auto loaded = ctx.calendars().school(o->school_calendar);
      if (!loaded) return void(ctx.failure(command, loaded.error().to_string()));
      school = *loaded;
    }
    auto data = load_engine_data(ctx.data_dir);
    if (!data) return void(ctx.failure(command, data.error().to_string()));
    auto store = open_store(ctx, command, o->db);
    if (!store) return;
    CaseAssessor assessor(*store, data->workflows, data->rules, ctx.calendars(), school);
    auto view = assessor.view(o->case_id, *as_of);
    if (!view) return report(ctx, command, view.error(), {{"case", "CASE"}});
    audit_command(ctx, command, o->db, "read", o->case_id, "");
    std::cout << "Recorded events (oldest first; a correction supersedes, history is kept)\n";
    for (const auto& e : view->history) {
      std::cout << "  #" << e.id << "  " << to_iso(e.event.date) << (e.event.time ? " " + to_hh_mm(*e.event.time) : "")
                << "  " << e.event.type;
      if (!e.event.reason.empty()) std::cout << " (" << e.event.reason << ")";
      std::cout << "  from " << e.source.file << (e.source.row ? ":" + std::to_string(*e.source.row) : "");
      if (!e.source.recorded_by.empty()) std::cout << " by " << e.source.recorded_by;
      if (e.superseded_by) std::cout << "  superseded by #" << *e.superseded_by;
      if (e.voided) std::cout << "  voided";
      if (e.amended) std::cout << ": " << e.amended->reason;
      std::cout << "\n";
    }
    std::cout << "\n";
    print_case_explanation(std::cout, view->assessment.evaluation, view->assessment.flags);
    // Beside the alerts, which a row the import could not take (a rejected acknowledgement) may
    // explain: the rejects file says which row and why.
    if (view->rejected) {
      std::cout << "\nNote: " << view->rejected->note();
      if (!view->rejected->events.empty()) {
        std::cout << " (";
        for (size_t i = 0; i < view->rejected->events.size(); ++i) std::cout << (i ? ", " : "") << view->rejected->events[i];
        std::cout << ")";
      }
      std::cout << ": it may explain " << (view->assessment.flags.empty() ? "what is missing here" : "the alerts above")
                << "; see that night's rejects file.\n";
    }
    if (!view->assessment.evaluation.problems.empty()) ctx.exit_code = kExitDataProblems;
  });
}

}  // namespace

void add_case_commands(CLI::App& app, CliContext& ctx) {
  auto* case_cmd = app.add_subcommand("case", "one case: record, correct or void an event, set its team, list, show");
  case_cmd->require_subcommand(1);
  add_case_add_event(case_cmd, ctx);
  add_case_correct_event(case_cmd, ctx);
  add_case_void_event(case_cmd, ctx);
  add_case_set(case_cmd, ctx);
  add_case_list(case_cmd, ctx);
  add_case_show(case_cmd, ctx);
}

}  // namespace timescales::cli
