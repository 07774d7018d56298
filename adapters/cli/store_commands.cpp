// `timescales init` and `import`: the case database and getting the case systems' exports into
// it. The `case` commands are in case_commands.cpp.
//
// Output names cases by their reference only: attributes can hold children's names, so they are
// never printed at normal verbosity.
#include <csignal>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <optional>

#include "adapters/cli/cli_context.hpp"
#include "adapters/files/text_files.hpp"
#include "adapters/files/workflow_files.hpp"
#include "adapters/import/event_importer.hpp"
#include "adapters/import/import_config.hpp"
#include "adapters/import/import_folder.hpp"
#include "adapters/import/rejects_report.hpp"
#include "adapters/store/open_case_store.hpp"
#include "application/cases/event_validator.hpp"

namespace timescales::cli {
namespace {

// How many rejected rows `import` lists on the terminal per file; all are in the report.
constexpr size_t kRejectsShown = 5;

// For tests only (tests/store/cli_test.cpp): TIMESCALES_FAULT=kill_import_after_rows:N makes the
// import kill its own process with SIGKILL once N rows are written inside its transaction, as a
// power cut or `kill -9` would, at a known row rather than after a guessed time. Unset (as in
// every real use) it does nothing; anything else in the variable is ignored.
std::function<Status(int64_t)> fault_injection_from_environment() {
  static constexpr std::string_view kKill = "kill_import_after_rows:";
  const char* fault = std::getenv("TIMESCALES_FAULT");
  if (!fault || std::string_view(fault).substr(0, kKill.size()) != kKill) return {};
  char* end = nullptr;
  const long long after = std::strtoll(fault + kKill.size(), &end, 10);
  if (end == fault + kKill.size() || *end != '\0' || after < 1) return {};
  return [after](int64_t rows) -> Status {
    if (rows >= after) ::raise(SIGKILL);
    return Ok{};
  };
}

// The workflows this installation has, which events and mappings are checked against. Shared, so
// a validator can keep the library it reads alive and be handed on freely.
Result<std::shared_ptr<const WorkflowLibrary>> installed_workflows(CliContext& ctx) {
  auto load = WorkflowFiles(ctx.data_dir).load();
  if (!load.errors.empty())
    return Error{load.errors.front().to_string() + " (the workflow definitions have problems; run 'timescales check')"};
  return std::shared_ptr<const WorkflowLibrary>(std::make_shared<WorkflowLibrary>(std::move(load.library)));
}

EventValidator event_validator(std::shared_ptr<const WorkflowLibrary> library) {
  auto check = workflow_event_validator(*library);
  return EventValidator([library, check](const std::string& workflow, const std::string& event) {
    return check(workflow, event);
  });
}

std::optional<OpenedStore> open_store(const std::string& command, const std::string& db, StoreOpening opening,
                                      CliContext& ctx) {
  auto store = open_case_store(db, opening);
  if (!store) return ctx.failure(command, store.error().to_string()), std::nullopt;
  return std::move(*store);
}

void add_init(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("init", "create a case database, or upgrade an older one");
  auto db = std::make_shared<std::string>();
  cmd->add_option("--db", *db, "the database file (created owner-only)")->required();
  cmd->callback([db, &ctx] {
    auto store = open_store("init", *db, StoreOpening::create_if_missing, ctx);
    if (!store) return;
    const int from = store->schema_before, to = store->schema_after;
    if (from == 0) {
      std::cout << "created " << *db << " (schema version " << to << ")\n";
    } else if (from < to) {
      std::cout << "upgraded " << *db << " from schema version " << from << " to " << to << "\n";
    } else {
      std::cout << *db << " is up to date (schema version " << to << ")\n";
    }
  });
}

void print_report(const ImportReport& r) {
  std::cout << r.file << ": ";
  if (!r.held_back.empty()) {
    std::cout << "NOT imported, " << r.held_back << "\n";
  } else {
    std::cout << r.added << " new, " << r.already_present << " already present, " << r.rejects.size() << " rejected";
    if (!r.corrections.empty()) std::cout << ", " << r.corrections.size() << " possible corrections";
    if (r.ignored > 0) std::cout << ", " << r.ignored << " ignored";
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", r.seconds);
    std::cout << " (" << r.rows << " rows in " << seconds << " s; " << r.cases_added << " new cases, "
              << r.cases_updated << " updated)\n";
  }
  for (size_t i = 0; i < r.rejects.size() && i < kRejectsShown; ++i)
    std::cout << "  line " << r.rejects[i].line << ": " << r.rejects[i].reason << "\n";
  if (r.rejects.size() > kRejectsShown)
    std::cout << "  … and " << r.rejects.size() - kRejectsShown << " more in the rejects report\n";
  // Every possible correction is shown: each needs an officer's decision.
  for (const auto& c : r.corrections) std::cout << "  line " << c.line << ": " << c.message() << "\n";
}

void add_import(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("import", "import case-system exports (CSV), one event per row");
  struct Options {
    std::string db, mapping, import_config, rejects;
    std::vector<std::string> files;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case database")->required();
  auto* mapping = cmd->add_option("--mapping", o->mapping,
                                  "TOML mapping another system's export onto the native layout "
                                  "(case_id,workflow,event,date,reason,time,<attributes>; reason and time optional), for every file");
  cmd->add_option("--import-config", o->import_config,
                  "TOML choosing each file's mapping by its name ([[export]] pattern, mapping), "
                  "and the share of rejected rows that holds a file back")
      ->excludes(mapping);
  cmd->add_option("--rejects", o->rejects,
                  "where to write the rejected rows (default: a file of this run's own, "
                  "<name>-rejects/<date-time>.csv beside the database <name>.db)");
  cmd->add_option("EXPORT", o->files, "the exported CSV files")->required();
  cmd->callback([o, &ctx] {
    auto workflows = installed_workflows(ctx);
    if (!workflows) return void(ctx.failure("import", workflows.error().message));
    // The mappings are checked against the workflows before any row is read: a misspelt event
    // would otherwise reject every row.
    std::optional<ImportConfig> config;
    if (!o->import_config.empty()) {
      auto loaded = load_import_config(o->import_config, **workflows);
      if (!loaded) return void(ctx.bad_argument("import", "--import-config", loaded.error().to_string()));
      if (auto problems = loaded->problems(); !problems.empty())
        return void(ctx.bad_argument("import", "--import-config", problems.front().to_string()));
      config = std::move(*loaded);
    } else {
      auto loaded = single_mapping_config(o->mapping.empty() ? std::nullopt : std::optional<std::filesystem::path>(o->mapping),
                                          **workflows);
      if (!loaded) return void(ctx.bad_argument("import", "--mapping", loaded.error().to_string()));
      if (auto problems = loaded->problems(); !problems.empty())
        return void(ctx.bad_argument("import", "--mapping", problems.front().to_string()));
      config = std::move(*loaded);
      // At the command line the officer reads each file's report: only a file whose every row is
      // rejected is held back. The share is for the unattended nightly, or when configured.
      config->max_rejected_share.reset();
    }
    auto store = open_store("import", o->db, StoreOpening::must_exist, ctx);
    if (!store) return;

    const EventValidator validate = event_validator(*workflows);
    std::vector<RejectedRow> rejects;
    std::vector<PossibleCorrection> corrections;
    bool failed = false;
    // Each file is its own transaction: one bad file does not hold back the others.
    for (const auto& file : o->files) {
      const ExportRule* rule = config->rule_for(std::filesystem::path(file).filename().string());
      if (!rule) {
        std::cerr << "timescales import: " << file << ": no [[export]] pattern of " << config->file
                  << " matches its name; not imported\n";
        failed = true;
        continue;
      }
      ImportOptions options;
      options.mapping = rule->mapping.get();
      options.validate = validate;
      options.max_rejected_share = config->max_rejected_share;
      options.after_row = fault_injection_from_environment();
      auto report = import_events_file(*store->store, file, options);
      if (!report) {
        std::cerr << "timescales import: " << report.error().to_string() << "\n";
        failed = true;
        continue;
      }
      print_report(*report);
      failed = failed || !report->held_back.empty();
      rejects.insert(rejects.end(), report->rejects.begin(), report->rejects.end());
      corrections.insert(corrections.end(), report->corrections.begin(), report->corrections.end());
    }

    const bool problems = !rejects.empty() || !corrections.empty();
    // By default each run's rejects get a file of their own, so the next import does not overwrite
    // them; written only when there are any. A --rejects file is the caller's: written even when
    // empty, so yesterday's rejects are not mistaken for tonight's.
    std::filesystem::path rejects_path = o->rejects;
    if (rejects_path.empty() && problems) {
      const std::filesystem::path db_path(o->db);
      const auto folder = db_path.parent_path() / (db_path.stem().string() + "-rejects");
      std::error_code ec;
      std::filesystem::create_directories(folder, ec);
      std::filesystem::permissions(folder, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
      rejects_path = unique_name(folder, run_stamp(), "import.csv");
    }
    if (rejects_path.empty()) {
    } else if (auto written = write_file_atomically(rejects_path, rejects_csv(rejects, corrections), FileAccess::owner_only);
               !written) {
      std::cerr << "timescales import: " << written.error().message << "\n";
      failed = true;
    } else if (!rejects.empty() || !corrections.empty()) {
      std::cout << "rejected rows" << (corrections.empty() ? "" : " and possible corrections") << ": "
                << rejects_path.string() << "\n";
    }
    ctx.exit_code = failed ? kExitBadInput : (problems ? kExitDataProblems : kExitOk);
  });
}

}  // namespace

void add_store_commands(CLI::App& app, CliContext& ctx) {
  add_init(app, ctx);
  add_case_commands(app, ctx);
  add_import(app, ctx);
}

}  // namespace timescales::cli
