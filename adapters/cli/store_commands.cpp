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
    auto store = open_store("import", o->db, StoreOpening::must_exist, ctx);
    if (!store) return;

    ImportOptions options;
    options.mapping = mapping ? &*mapping : nullptr;
    auto validate = event_validator(ctx);
    if (!validate) return void(ctx.failure("import", validate.error().message));
    options.validate = *validate;
    options.after_row = fault_injection_from_environment();
    std::vector<RejectedRow> rejects;
    bool failed = false;
    // Each file is its own transaction: one bad file does not hold back the others.
    for (const auto& file : o->files) {
      auto report = import_events_file(*store->store, file, options);
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
  add_case_commands(app, ctx);
  add_import(app, ctx);
}

}  // namespace timescales::cli
