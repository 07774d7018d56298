// `timescales init`, `case add-event`, `case list` and `import`: the case database and
// getting the case systems' exports into it.
//
// Output names cases by their reference only: attributes can hold children's names, so they are
// never printed at normal verbosity.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>

#include "adapters/cli/case_explanation.hpp"
#include "adapters/cli/cli_context.hpp"
#include "adapters/nightly/stored_cases.hpp"
#include "adapters/import/event_importer.hpp"
#include "adapters/files/workflow_files.hpp"
#include "adapters/import/rejects_report.hpp"
#include "adapters/import/workflow_event_validator.hpp"
#include "adapters/store/case_store.hpp"
#include "adapters/store/sqlite_transaction.hpp"
#include "adapters/store/timestamps.hpp"

namespace timescales::cli {
namespace {

// How many rejected rows `import` lists on the terminal per file; all are in the report.
constexpr size_t kRejectsShown = 5;

// Accepts every workflow and event until the workflow definitions can say which exist.
// TODO(issue 5): check against the workflow definitions in ctx.data_dir / "workflows".
// Checks each event against the workflows this installation has. The validator keeps the library
// it reads alive, so it can be handed on freely.
Result<EventValidator> event_validator(CliContext& ctx) {
  auto load = WorkflowFiles(ctx.data_dir).load();
  if (!load.errors.empty())
    return Error{load.errors.front().to_string() + " (the workflow definitions have problems; run 'timescales check')"};
  auto library = std::make_shared<WorkflowLibrary>(std::move(load.library));
  auto check = workflow_event_validator(*library);
  return EventValidator([library, check](const std::string& workflow, const std::string& event) {
    return check(workflow, event);
  });
}

std::optional<CaseStore> open_store(const std::string& command, const std::string& db,
                                    CaseStore::OpenMode mode, CliContext& ctx) {
  auto store = CaseStore::open(db, mode);
  if (!store) return ctx.failure(command, store.error().to_string()), std::nullopt;
  return std::move(*store);
}

void add_init(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("init", "create a case database, or upgrade an older one");
  auto db = std::make_shared<std::string>();
  cmd->add_option("--db", *db, "the database file (created owner-only)")->required();
  cmd->callback([db, &ctx] {
    auto store = open_store("init", *db, CaseStore::OpenMode::create_if_missing, ctx);
    if (!store) return;
    const MigrationOutcome& m = store->migration();
    if (m.from == 0) {
      std::cout << "created " << *db << " (schema version " << m.to << ")\n";
    } else if (m.from < m.to) {
      std::cout << "upgraded " << *db << " from schema version " << m.from << " to " << m.to << "\n";
    } else {
      std::cout << *db << " is up to date (schema version " << m.to << ")\n";
    }
  });
}

void add_case_add_event(CLI::App* parent, CliContext& ctx) {
  auto* cmd = parent->add_subcommand("add-event", "record one event of a case");
  struct Options {
    std::string db, case_id, event, date, reason, workflow;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case database")->required();
  cmd->add_option("CASE", o->case_id, "the case reference, e.g. CMP-2025-0193")->required();
  cmd->add_option("EVENT", o->event, "the event, e.g. received, stage1_extended")->required();
  cmd->add_option("DATE", o->date, "the day it happened, YYYY-MM-DD")->required();
  cmd->add_option("--reason", o->reason, "why, where the workflow asks (e.g. complex)");
  cmd->add_option("--workflow", o->workflow, "the case's workflow, needed when the case is new");
  cmd->callback([o, &ctx] {
    const std::string command = "case add-event";
    auto date = parse_iso_date(o->date);
    if (!date) return void(ctx.bad_argument(command, "DATE", date.error().message));
    if (o->case_id.empty()) return void(ctx.bad_argument(command, "CASE", "must not be empty"));
    auto store = open_store(command, o->db, CaseStore::OpenMode::must_exist, ctx);
    if (!store) return;

    auto tx = sqlite::Transaction::begin(store->connection());
    if (!tx) return void(ctx.failure(command, tx.error().message));
    auto existing = store->find_case(o->case_id);
    if (!existing) return void(ctx.failure(command, existing.error().message));
    std::string workflow = o->workflow;
    if (!*existing && workflow.empty()) {
      return void(ctx.bad_argument(command, "--workflow", "case '" + o->case_id +
                                   "' is new: say which workflow it follows"));
    }
    if (*existing && !workflow.empty() && workflow != (*existing)->workflow) {
      return void(ctx.bad_argument(command, "--workflow", "case '" + o->case_id + "' follows '" +
                                   (*existing)->workflow + "', not '" + workflow + "'"));
    }
    if (*existing) workflow = (*existing)->workflow;
    auto validate = event_validator(ctx);
    if (!validate) return void(ctx.failure(command, validate.error().message));
    if (auto valid = (*validate)(workflow, o->event); !valid)
      return void(ctx.bad_argument(command, "EVENT", valid.error().message));
    if (!*existing) {
      CaseRecord record;
      record.id = o->case_id;
      record.workflow = workflow;
      if (auto added = store->upsert_case(record); !added)
        return void(ctx.failure(command, added.error().message));
    }
    auto appended = store->append_event(o->case_id, {o->event, *date, o->reason, 0},
                                        {"command line", std::nullopt});
    if (!appended) return void(ctx.failure(command, appended.error().message));
    if (auto committed = tx->commit(); !committed)
      return void(ctx.failure(command, committed.error().message));
    if (appended->added) {
      std::cout << "recorded event " << appended->id << ": " << o->case_id << " " << o->event
                << " " << to_iso(*date) << (*existing ? "" : " (new case, " + workflow + ")") << "\n";
    } else {
      std::cout << "already recorded as event " << appended->id << "; nothing added\n";
    }
  });
}

void add_case_list(CLI::App* parent, CliContext& ctx) {
  auto* cmd = parent->add_subcommand("list", "list the cases in the database, by reference");
  struct Options {
    std::string db;
    bool open_only = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case database")->required();
  cmd->add_flag("--open", o->open_only, "only cases not yet closed");
  cmd->callback([o, &ctx] {
    auto store = open_store("case list", o->db, CaseStore::OpenMode::must_exist, ctx);
    if (!store) return;
    auto cases = store->list_cases(o->open_only ? CaseStore::Which::open : CaseStore::Which::all);
    if (!cases) return void(ctx.failure("case list", cases.error().message));
    size_t id_width = 4, workflow_width = 8;
    for (const auto& c : *cases) {
      id_width = std::max(id_width, c.id.size());
      workflow_width = std::max(workflow_width, c.workflow.size());
    }
    std::printf("%-*s  %-*s  %-6s  %6s  %s\n", static_cast<int>(id_width), "case",
                static_cast<int>(workflow_width), "workflow", "status", "events", "latest");
    for (const auto& c : *cases) {
      std::printf("%-*s  %-*s  %-6s  %6lld  %s\n", static_cast<int>(id_width), c.id.c_str(),
                  static_cast<int>(workflow_width), c.workflow.c_str(),
                  c.closed ? "closed" : "open", static_cast<long long>(c.events),
                  c.latest_event_date.value_or("-").c_str());
    }
    std::printf("%zu case%s\n", cases->size(), cases->size() == 1 ? "" : "s");
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
    Date as_of = Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    if (!o->as_of.empty()) {
      auto parsed = parse_iso_date(o->as_of);
      if (!parsed) return void(ctx.bad_argument(command, "--as-of", parsed.error().message));
      as_of = *parsed;
    }
    std::optional<std::filesystem::path> school;
    if (!o->school_calendar.empty()) school = o->school_calendar;
    auto setup = nightly::open_store_run(ctx.data_dir, o->db, school);
    if (!setup) return void(ctx.failure(command, setup.error().to_string()));
    auto c = setup->store.load_case(o->case_id);
    if (!c) return void(ctx.failure(command, c.error().message));
    if (!*c) return void(ctx.bad_argument(command, "CASE", "no case '" + o->case_id + "' in " + o->db));
    auto history = setup->store.event_history(o->case_id);
    if (!history) return void(ctx.failure(command, history.error().message));
    std::cout << "Recorded events (oldest first; a correction supersedes, history is kept)\n";
    for (const auto& e : *history) {
      std::cout << "  #" << e.id << "  " << to_iso(e.event.date) << "  " << e.event.type;
      if (!e.event.reason.empty()) std::cout << " (" << e.event.reason << ")";
      std::cout << "  from " << e.source.file << (e.source.row ? ":" + std::to_string(*e.source.row) : "");
      if (e.superseded_by) std::cout << "  superseded by #" << *e.superseded_by;
      std::cout << "\n";
    }
    std::cout << "\n";
    const WorkflowDefinition* definition = nullptr;
    if (auto choice = setup->data.workflows.for_case(**c)) definition = choice->definition;
    auto division = setup->calendars.division(definition ? definition->calendar : "england-and-wales");
    if (!division) return void(ctx.failure(command, division.error().message));
    const auto a = assess_case(setup->data.workflows, setup->data.rules, std::move(**c), as_of,
                               {division->get(), setup->school.get()});
    print_case_explanation(std::cout, a.evaluation, a.flags);
    if (!a.evaluation.problems.empty()) ctx.exit_code = kExitDataProblems;
  });
}

void print_report(const ImportReport& r) {
  std::cout << r.file << ": " << r.added << " new, " << r.already_present << " already present, "
            << r.rejects.size() << " rejected";
  if (r.ignored > 0) std::cout << ", " << r.ignored << " ignored";
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", r.seconds);
  std::cout << " (" << r.rows << " rows in " << seconds << " s; " << r.cases_added << " new cases, "
            << r.cases_updated << " updated)\n";
  for (size_t i = 0; i < r.rejects.size() && i < kRejectsShown; ++i)
    std::cout << "  line " << r.rejects[i].line << ": " << r.rejects[i].reason << "\n";
  if (r.rejects.size() > kRejectsShown)
    std::cout << "  … and " << r.rejects.size() - kRejectsShown << " more in the rejects report\n";
}

void add_import(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("import", "import case-system exports (CSV), one event per row");
  struct Options {
    std::string db, mapping, rejects;
    std::vector<std::string> files;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case database")->required();
  cmd->add_option("--mapping", o->mapping,
                  "TOML mapping another system's export onto the native layout "
                  "(case_id,workflow,event,date,reason,<attributes>)");
  cmd->add_option("--rejects", o->rejects,
                  "where to write the rejected rows (default: <name>-rejects.csv beside the database <name>.db)");
  cmd->add_option("EXPORT", o->files, "the exported CSV files")->required();
  cmd->callback([o, &ctx] {
    std::optional<ImportMapping> mapping;
    if (!o->mapping.empty()) {
      auto text = read_text_file(o->mapping);
      if (!text) return void(ctx.bad_argument("import", "--mapping", text.error().to_string()));
      auto parsed = parse_import_mapping(*text, o->mapping);
      if (!parsed) return void(ctx.bad_argument("import", "--mapping", parsed.error().to_string()));
      mapping = std::move(*parsed);
    }
    auto store = open_store("import", o->db, CaseStore::OpenMode::must_exist, ctx);
    if (!store) return;

    ImportOptions options;
    options.mapping = mapping ? &*mapping : nullptr;
    auto validate = event_validator(ctx);
    if (!validate) return void(ctx.failure("import", validate.error().message));
    options.validate = *validate;
    std::vector<RejectedRow> rejects;
    bool failed = false;
    // Each file is its own transaction: one bad file does not hold back the others.
    for (const auto& file : o->files) {
      auto report = import_events_file(*store, file, options);
      if (!report) {
        std::cerr << "timescales import: " << report.error().to_string() << "\n";
        failed = true;
        continue;
      }
      print_report(*report);
      rejects.insert(rejects.end(), report->rejects.begin(), report->rejects.end());
    }

    std::filesystem::path rejects_path = o->rejects;
    if (rejects_path.empty()) {
      const std::filesystem::path db_path(o->db);
      rejects_path = db_path.parent_path() / (db_path.stem().string() + "-rejects.csv");
    }
    // Written even when empty, so yesterday's rejects are not mistaken for tonight's.
    if (auto written = write_rejects_report(rejects_path, rejects); !written) {
      std::cerr << "timescales import: " << written.error().message << "\n";
      failed = true;
    } else if (!rejects.empty()) {
      std::cout << "rejected rows: " << rejects_path.string() << "\n";
    }
    ctx.exit_code = failed ? kExitBadInput : (rejects.empty() ? kExitOk : kExitDataProblems);
  });
}

}  // namespace

void add_store_commands(CLI::App& app, CliContext& ctx) {
  add_init(app, ctx);
  auto* case_cmd = app.add_subcommand("case", "one case: record an event, list cases, show one");
  case_cmd->require_subcommand(1);
  add_case_add_event(case_cmd, ctx);
  add_case_list(case_cmd, ctx);
  add_case_show(case_cmd, ctx);
  add_import(app, ctx);
}

}  // namespace timescales::cli
