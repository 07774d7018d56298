// `timescales check`, `graph`, `evaluate` and `explain`: validating the workflow definitions,
// drawing them, and evaluating cases against them (engine contract §2).
#include <iomanip>
#include <iostream>
#include <optional>

#include "adapters/cli/case_explanation.hpp"
#include "adapters/cli/cli_context.hpp"
#include "adapters/files/engine_data.hpp"
#include "adapters/files/access_file.hpp"
#include "adapters/files/output_files.hpp"
#include "adapters/files/rule_files.hpp"
#include "adapters/files/workflow_files.hpp"
#include "adapters/import/import_config.hpp"
#include "adapters/import/mapping_check.hpp"
#include "adapters/json/case_json.hpp"
#include "adapters/nightly/stored_cases.hpp"
#include "engine/evaluate/evaluate_case.hpp"
#include "engine/rules/case_assessment.hpp"
#include "engine/rules/rule_engine.hpp"
#include "engine/workflow/workflow_graph.hpp"

namespace timescales::cli {
namespace {

// What `check` found. Later checks (the rule tests under rules/, issue 4) append to the same
// report, so one `check` run covers everything a council edits.
struct CheckReport {
  std::vector<std::string> checked;  // one line per thing checked, for the summary
  std::vector<Error> problems;
  std::vector<Error> warnings;  // worth fixing, but the definitions still work: exit 0
  int tests_passed = 0;
  int tests_failed = 0;
};

// A path names rules when it is a folder called rules or a file holding [[rule]] or [[target]].
bool is_rules_path(const std::filesystem::path& p) {
  std::error_code ec;
  if (std::filesystem::is_directory(p, ec)) return p.filename() == "rules" || p.parent_path().filename() == "rules";
  auto text = read_text_file(p);
  return text && (text->find("[[rule]]") != std::string::npos || text->find("[[target]]") != std::string::npos);
}

// Every rule file loads and type-checks against the workflows, and every rule's own tests pass.
void check_rules(CliContext& ctx, const std::vector<std::filesystem::path>& paths, CheckReport& report) {
  const auto workflows = WorkflowFiles(ctx.data_dir).load();
  const auto load = load_rule_files(ctx.data_dir, workflows.library, paths);
  for (const auto& e : load.errors) report.problems.push_back(e);
  for (const auto& f : load.files) report.checked.push_back("rules " + f.string());
  auto calendars_for = [&](const std::string& workflow) -> CalendarContext {
    const WorkflowDefinition* w = workflows.library.latest(workflow);
    auto division = ctx.calendars().division(w ? w->calendar : "england-and-wales");
    return {division ? division->get() : nullptr, nullptr};
  };
  const auto results = rules::run_rule_tests(
      load.rules,
      [&](const Case& c, Date as_of) -> Result<Evaluation> {
        return evaluate_case(workflows.library, c, as_of, calendars_for(c.workflow));
      },
      // A rule test's case names its workflow; the calendar for anything else is the default.
      calendars_for(""));
  for (const auto& r : results) {
    if (r.passed) {
      ++report.tests_passed;
    } else {
      ++report.tests_failed;
      report.problems.push_back(Error::at(r.where, "rule " + r.rule + ", test \"" + r.test + "\": " + r.detail));
    }
  }
}

// Every workflow definition loads and validates, and names a calendar this installation has.
void check_workflows(CliContext& ctx, const std::vector<std::filesystem::path>& paths,
                     CheckReport& report) {
  const auto load = WorkflowFiles(ctx.data_dir).load(paths);
  for (const auto& e : load.errors) report.problems.push_back(e);
  for (const auto& id : load.library.ids())
    for (const auto* w : load.library.versions(id)) {
      report.checked.push_back("workflow " + w->id + " " + w->version + " (" + w->file + ")");
      // A limit without the law's words cannot be checked against them by a reviewer (issue 14).
      for (const auto& t : w->timers)
        if (t.wording.empty())
          report.warnings.push_back(Error::at(t.where, "timer '" + t.id + "' has no 'wording': quote the " +
                                                           "statute's or Code's words for its limit"));
      auto division = ctx.calendars().division(w->calendar);
      if (!division)
        report.problems.push_back(Error::at({w->file, 0, 0}, "calendar '" + w->calendar +
                                                                 "': " + division.error().message));
    }
}

// What the outputs read (rules/outputs.toml) and the quarterly measures (rules/measures.toml):
// every workflow, timer and event they name exists, each unknown one at its file:line:column.
void check_outputs(CliContext& ctx, const std::vector<std::filesystem::path>& paths, CheckReport& report) {
  const auto workflows = WorkflowFiles(ctx.data_dir).load();
  const auto rules = load_rule_files(ctx.data_dir, workflows.library);
  std::optional<std::filesystem::path> outputs_file, measures_file;
  if (paths.empty()) {
    outputs_file = ctx.data_dir / "rules" / kOutputsFile;
    measures_file = ctx.data_dir / "rules" / kMeasuresFile;
  }
  for (const auto& p : paths) (is_outputs_file(p) ? outputs_file : measures_file) = p;
  const auto load = load_output_files(outputs_file, measures_file, workflows.library, rules.rules);
  for (const auto& e : load.errors) report.problems.push_back(e);
  for (const auto& f : load.files) report.checked.push_back("outputs " + f.string());
  // Who reads what through the web service (rules/access.toml) names workflows and the digests'
  // audiences, so it is checked with the outputs it points into. A data folder without one runs
  // the nightly work but not the web service (which refuses to start, naming the file).
  const auto access_file = ctx.data_dir / "rules" / kAccessFile;
  std::error_code ec;
  if (paths.empty() && load.errors.empty() && std::filesystem::exists(access_file, ec)) {
    auto access = load_access_policy(ctx.data_dir, workflows.library, load.declared.outputs);
    if (!access)
      report.problems.push_back(access.error());
    else
      report.checked.push_back("access " + access_file.string());
  }
}

// An import mapping or import configuration (adapters/import/): it parses, and every workflow,
// event and reason it names is one the workflows have, each unknown one at its line and column.
bool is_import_file(const std::filesystem::path& p) {
  if (p.extension() != ".toml") return false;
  auto text = read_text_file(p);
  return text && (is_import_mapping_text(*text) || is_import_config_text(*text));
}

void check_imports(CliContext& ctx, const std::vector<std::filesystem::path>& paths, CheckReport& report) {
  const auto workflows = WorkflowFiles(ctx.data_dir).load();
  for (const auto& p : paths) {
    auto text = read_text_file(p);
    if (!text) {
      report.problems.push_back(text.error());
      continue;
    }
    if (is_import_config_text(*text)) {
      // The configuration loads each mapping it names, checked the same way.
      auto config = parse_import_config(*text, p, workflows.library);
      if (!config) {
        report.problems.push_back(config.error());
        continue;
      }
      const auto problems = config->problems();
      report.problems.insert(report.problems.end(), problems.begin(), problems.end());
      if (problems.empty())
        report.checked.push_back("import configuration " + p.string() + " (" + std::to_string(config->exports.size()) +
                                 " exports)");
      continue;
    }
    auto mapping = parse_import_mapping(*text, p.string());
    if (!mapping) {
      report.problems.push_back(mapping.error());
      continue;
    }
    auto problems = check_import_mapping(*mapping, workflows.library);
    report.problems.insert(report.problems.end(), problems.begin(), problems.end());
    if (problems.empty()) report.checked.push_back("import mapping " + p.string());
  }
}

void add_check(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand(
      "check", "validate workflow definitions and rules, and run the rules' tests (default: workflows/ and rules/)");
  auto paths = std::make_shared<std::vector<std::string>>();
  cmd->add_option("PATH", *paths, "workflow, rule, outputs.toml or measures.toml files, or folders");
  cmd->callback([&ctx, paths] {
    CheckReport report;
    std::vector<std::filesystem::path> workflow_paths, rule_paths, output_paths, import_paths;
    for (const auto& p : *paths)
      (is_outputs_file(p) || is_measures_file(p) ? output_paths
       : is_import_file(p)                       ? import_paths
       : is_rules_path(p)                        ? rule_paths
                                                 : workflow_paths)
          .push_back(p);
    if (!import_paths.empty()) check_imports(ctx, import_paths, report);
    // Only import files named: the workflows and rules are what they were checked against.
    const bool imports_only = !paths->empty() && import_paths.size() == paths->size();
    if (!imports_only) {
      if (paths->empty() || !workflow_paths.empty()) check_workflows(ctx, workflow_paths, report);
      if (paths->empty() || !rule_paths.empty()) check_rules(ctx, rule_paths, report);
      if (paths->empty() || !output_paths.empty()) check_outputs(ctx, output_paths, report);
    }
    for (const auto& p : report.problems) std::cout << p.to_string() << "\n";
    for (const auto& w : report.warnings) std::cout << "warning: " << w.to_string() << "\n";
    if (report.problems.empty())
      for (const auto& line : report.checked) std::cout << "ok  " << line << "\n";
    else
      std::cout << report.problems.size() << " problem" << (report.problems.size() == 1 ? "" : "s") << " found\n";
    if (!imports_only)
      std::cout << "rules: " << report.tests_passed << " passed, " << report.tests_failed << " failed\n";
    // A definition or mapping with problems is bad input, each placed at file:line:column: exit 2,
    // as for every other command (README). 1 is for a command that worked and found problems in
    // cases. (A mapping that names what the workflows lack would reject every row.)
    if (!report.problems.empty()) ctx.exit_code = kExitBadInput;
  });
}

// Loads the shipped workflows, refusing to go on if any is broken.
std::optional<WorkflowLibrary> load_library(const std::string& command, CliContext& ctx) {
  auto load = WorkflowFiles(ctx.data_dir).load();
  if (!load.errors.empty()) {
    for (const auto& e : load.errors) std::cerr << e.to_string() << "\n";
    ctx.failure(command, "the workflow definitions have problems (see above; run 'timescales check')");
    return std::nullopt;
  }
  return std::move(load.library);
}

void add_graph(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("graph", "print a workflow's states and transitions as a graph");
  struct Options {
    std::string workflow, format = "dot", version;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("WORKFLOW", o->workflow, "workflow id, e.g. complaints-statutory")->required();
  cmd->add_option("--format", o->format, "dot (Graphviz) or mermaid")
      ->check(CLI::IsMember({"dot", "mermaid"}));
  cmd->add_option("--version", o->version, "a version other than the newest");
  cmd->callback([&ctx, o] {
    auto library = load_library("graph", ctx);
    if (!library) return;
    const WorkflowDefinition* w = o->version.empty() ? library->latest(o->workflow)
                                                     : library->find(o->workflow, o->version);
    if (!w) {
      std::string known;
      for (const auto& id : library->ids()) known += (known.empty() ? "" : ", ") + id;
      return void(ctx.bad_argument("graph", "WORKFLOW", "no workflow '" + o->workflow +
                                                            (o->version.empty() ? "" : "' version '" + o->version) +
                                                            "' (known: " + known + ")"));
    }
    std::cout << (o->format == "mermaid" ? workflow_to_mermaid(*w) : workflow_to_dot(*w));
  });
}

struct CaseOptions {
  std::string as_of, school_calendar;
  std::vector<std::string> cases;
};

struct Evaluated {
  Case c;
  Evaluation ev;
  std::vector<rules::Flag> flags;
};

nlohmann::ordered_json evaluated_to_json(const Evaluated& e) { return assessment_to_json(e.ev, e.flags); }

// Reads, versions and evaluates each case file; nullopt after reporting a bad argument.
std::optional<std::vector<Evaluated>> evaluate_files(const std::string& command,
                                                     const CaseOptions& o, CliContext& ctx) {
  auto as_of = parse_iso_date(o.as_of);
  if (!as_of) return ctx.bad_argument(command, "--as-of", as_of.error().message), std::nullopt;
  std::shared_ptr<const SchoolCalendar> school;
  if (!o.school_calendar.empty()) {
    auto loaded = ctx.calendars().school(o.school_calendar);
    if (!loaded)
      return ctx.bad_argument(command, "--school-calendar", loaded.error().to_string()), std::nullopt;
    school = *loaded;
  }
  std::vector<Error> problems;
  auto data = load_engine_data(ctx.data_dir, &problems);
  if (!data) {
    for (const auto& e : problems) std::cerr << e.to_string() << "\n";
    return ctx.failure(command, "the workflow definitions or rules have problems (see above; run 'timescales check')"),
           std::nullopt;
  }
  const WorkflowLibrary* library = &data->workflows;
  std::vector<Evaluated> out;
  for (const auto& file : o.cases) {
    auto text = read_text_file(file);
    // Both errors begin with the file's name already (file:line:column for a parse error).
    if (!text) return ctx.failure(command, text.error().to_string()), std::nullopt;
    auto c = parse_case_json(*text, file);
    if (!c) return ctx.failure(command, c.error().to_string()), std::nullopt;
    auto choice = library->for_case(*c);
    if (!choice) return ctx.bad_argument(command, file, choice.error().message), std::nullopt;
    auto division = ctx.calendars().division(choice->definition->calendar);
    if (!division) return ctx.failure(command, division.error().message), std::nullopt;
    auto a = assess_case(*library, data->rules, *c, *as_of, {division->get(), school.get()});
    out.push_back({std::move(a.case_data), std::move(a.evaluation), std::move(a.flags)});
  }
  return out;
}

std::string or_dash(const std::optional<Date>& d) { return d ? to_iso(*d) : "-"; }

void print_table(const std::vector<Evaluated>& all) {
  std::cout << std::left << std::setw(16) << "case" << std::setw(22) << "timer" << std::setw(10)
            << "status" << std::setw(12) << "start" << std::setw(12) << "due" << std::setw(12)
            << "stopped" << "remaining\n";
  for (const auto& [c, ev, flags] : all) {
    for (const auto& t : ev.timers)
      std::cout << std::setw(16) << ev.case_id << std::setw(22) << t.id << std::setw(10)
                << timer_status_name(t.status) << std::setw(12) << or_dash(t.start)
                << std::setw(12) << or_dash(t.due) << std::setw(12) << or_dash(t.stopped)
                << (t.remaining ? std::to_string(*t.remaining) + " " + std::string(unit_name(t.unit)) : "-")
                << "\n";
    for (const auto& p : ev.problems) std::cout << std::setw(16) << ev.case_id << "problem: " << p.message << "\n";
    for (const auto& f : flags)
      std::cout << std::setw(16) << ev.case_id << rules::severity_name(f.severity) << ": " << f.message << "\n";
  }
}

// `evaluate --db`: every open case in the store. Read-only: the nightly run records runs.
std::optional<std::vector<Evaluated>> evaluate_store(const std::string& db, const CaseOptions& o, CliContext& ctx) {
  auto as_of = parse_iso_date(o.as_of);
  if (!as_of) return ctx.bad_argument("evaluate", "--as-of", as_of.error().message), std::nullopt;
  std::optional<std::filesystem::path> school;
  if (!o.school_calendar.empty()) school = o.school_calendar;
  auto setup = nightly::open_store_run(ctx.data_dir, db, school);
  if (!setup) return ctx.failure("evaluate", setup.error().to_string()), std::nullopt;
  auto stored = nightly::assess_stored_cases(*setup->store, setup->data, setup->calendars, setup->school, *as_of);
  if (!stored) return ctx.failure("evaluate", stored.error().to_string()), std::nullopt;
  std::vector<Evaluated> out;
  for (size_t i = 0; i < stored->cases.size(); ++i) {
    if (stored->closed[i]) continue;
    auto& a = stored->cases[i];
    out.push_back({std::move(a.case_data), std::move(a.evaluation), std::move(a.flags)});
  }
  return out;
}

void add_evaluate(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("evaluate", "evaluate cases: every clock's due date and status, and the flags raised");
  struct Options : CaseOptions {
    std::string format = "json", db;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--as-of", o->as_of, "the date to evaluate on, YYYY-MM-DD")->required();
  cmd->add_option("--format", o->format, "json or table")->check(CLI::IsMember({"json", "table"}));
  cmd->add_option("--school-calendar", o->school_calendar, "school calendar TOML, for school days");
  auto* db = cmd->add_option("--db", o->db, "evaluate every open case in this case store instead of files");
  auto* files = cmd->add_option("CASE", o->cases, "case files (JSON)");
  db->excludes(files);
  cmd->callback([&ctx, o] {
    if (o->db.empty() && o->cases.empty())
      return void(ctx.bad_argument("evaluate", "CASE", "give case files (JSON), or --db FILE for a case store"));
    auto all = o->db.empty() ? evaluate_files("evaluate", *o, ctx) : evaluate_store(o->db, *o, ctx);
    if (!all) return;
    bool problems = false;
    for (const auto& e : *all) problems = problems || !e.ev.problems.empty();
    if (o->format == "table") {
      print_table(*all);
    } else if (all->size() == 1 && o->db.empty()) {
      std::cout << evaluated_to_json(all->front()).dump(2) << "\n";
    } else {
      auto array = nlohmann::ordered_json::array();
      for (const auto& e : *all) array.push_back(evaluated_to_json(e));
      std::cout << array.dump(2) << "\n";
    }
    if (problems) ctx.exit_code = kExitDataProblems;
  });
}

void add_explain(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("explain", "a case's timeline: events, state changes, each clock's working");
  auto o = std::make_shared<CaseOptions>();
  std::string* file = nullptr;
  o->cases.resize(1);
  file = &o->cases[0];
  cmd->add_option("CASE", *file, "a case file (JSON)")->required();
  cmd->add_option("--as-of", o->as_of, "the date to evaluate on, YYYY-MM-DD")->required();
  cmd->add_option("--school-calendar", o->school_calendar, "school calendar TOML, for school days");
  cmd->callback([&ctx, o] {
    auto all = evaluate_files("explain", *o, ctx);
    if (!all) return;
    print_case_explanation(std::cout, all->front().ev, all->front().flags);
    if (!all->front().ev.problems.empty()) ctx.exit_code = kExitDataProblems;
  });
}

}  // namespace

void add_workflow_commands(CLI::App& app, CliContext& ctx) {
  add_check(app, ctx);
  add_graph(app, ctx);
  add_evaluate(app, ctx);
  add_explain(app, ctx);
}

}  // namespace timescales::cli
