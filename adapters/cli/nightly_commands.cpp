// `timescales nightly` (the main job: import, assess every case, record the run, write alerts and
// reports) and `timescales demo` (a realistic caseload to run it on).
#include <unistd.h>

#include <iostream>

#include "adapters/cli/cli_context.hpp"
#include "adapters/demo/demo_caseload.hpp"
#include "adapters/mail/digest_delivery.hpp"
#include "adapters/nightly/nightly_run.hpp"
#include "adapters/nightly/recalculation.hpp"
#include "adapters/store/open_case_store.hpp"
#include "adapters/store/timestamps.hpp"

namespace timescales::cli {
namespace {

// The source the demo's events are recorded from, by which a demonstration store is known.
constexpr const char* kDemoSource = "demo";

void add_nightly(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("nightly", "the nightly compliance run: import, assess every case, write alerts and reports");
  struct Options {
    std::string db, as_of, out, import_dir, mapping, import_config, school_calendar, recipients;
    bool personal = false, quiet = false, timings = false, dry_run = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case store (SQLite)")->required();
  cmd->add_option("--as-of", o->as_of, "the day to assess on, YYYY-MM-DD")->required();
  cmd->add_option("--out", o->out, "folder for the alerts and reports")->required();
  cmd->add_option("--import-dir", o->import_dir, "import the *.csv exports waiting here first");
  auto* mapping = cmd->add_option("--mapping", o->mapping, "the exports' layout (TOML), if not the native one");
  cmd->add_option("--import-config", o->import_config,
                  "which mapping each export is read with, by file name, and the import's limits (TOML)")
      ->excludes(mapping);
  cmd->add_option("--school-calendar", o->school_calendar, "school calendar TOML, for school-day clocks");
  cmd->add_flag("--include-personal-details", o->personal, "put names from the case record into e-mails (off by default)");
  cmd->add_flag("--quiet", o->quiet, "no progress line, even on a terminal");
  cmd->add_flag("--timings", o->timings, "say on stderr how long each phase took (wall seconds)");
  cmd->add_option("--recipients", o->recipients,
                  "send the digests once the outputs are in place: how, and to whom (TOML; see README)");
  cmd->add_flag("--dry-run", o->dry_run, "with --recipients: say who would get which digest; send nothing");
  cmd->callback([&ctx, o] {
    auto as_of = parse_iso_date(o->as_of);
    if (!as_of) return void(ctx.bad_argument("nightly", "--as-of", as_of.error().message));
    if (o->dry_run && o->recipients.empty())
      return void(ctx.bad_argument("nightly", "--dry-run", "needs --recipients (the file that says who gets what)"));
    // The recipients file is read before the run, so a mistake in it fails at once, not after.
    std::optional<mail::Recipients> recipients;
    if (!o->recipients.empty()) {
      auto loaded = mail::load_recipients(o->recipients);
      if (!loaded) return void(ctx.failure("nightly", loaded.error().to_string()));
      recipients = std::move(*loaded);
    }
    nightly::NightlyOptions options;
    options.data_dir = ctx.data_dir;
    options.db = o->db;
    options.out = o->out;
    options.as_of = *as_of;
    if (!o->import_dir.empty()) options.import_dir = o->import_dir;
    if (!o->mapping.empty()) options.import_mapping = o->mapping;
    if (!o->import_config.empty()) options.import_config = o->import_config;
    if (!o->school_calendar.empty()) options.school_calendar = o->school_calendar;
    options.digest.include_personal_details = o->personal;
    if (recipients) options.email_addresses = mail::email_addresses_from(*recipients);
    // A progress line on a terminal only: under cron stderr is a file or mail, and stays quiet.
    if (!o->quiet && ::isatty(STDERR_FILENO))
      options.progress = [](size_t done, size_t all) {
        std::cerr << "\rassessing cases: " << done << " of " << all << std::flush;
        if (done == all) std::cerr << "\n";
      };
    auto outcome = nightly::run_nightly(options);
    if (!outcome) return void(ctx.failure("nightly", outcome.error().to_string()));
    if (o->timings)
      for (const auto& [phase, seconds] : outcome->phases)
        std::cerr << "timing: " << phase << ": " << seconds << " s\n";
    std::cout << "Assessed " << outcome->cases << " cases (" << outcome->open_cases << " open) as of "
              << to_long(*as_of) << ": " << outcome->flags << " flags";
    if (options.import_dir)
      std::cout << "; imported " << outcome->imported_events << " new events, rejected " << outcome->rejected_rows << " rows";
    std::cout << ".\nRun " << outcome->run_id << " recorded in " << o->db << ".\n";
    const auto report = std::filesystem::path(o->out) / "compliance-report.html";
    if (std::filesystem::exists(report)) std::cout << "Open the managers' report: " << report.string() << "\n";
    // The digests are those rules/outputs.toml declares; the officer's is named when there is one.
    const auto officer = std::filesystem::path(o->out) / "alerts" / "complaints_officer.txt";
    if (std::filesystem::exists(officer)) std::cout << "Complaints officer's digest: " << officer.string() << "\n";
    if (outcome->cases_with_problems > 0) {
      std::cout << "Worked, with data problems in " << outcome->cases_with_problems
                << (outcome->cases_with_problems == 1 ? " case" : " cases")
                << ": see " << (std::filesystem::path(o->out) / "data-problems.csv").string() << " (exit status 1).\n";
      ctx.exit_code = kExitDataProblems;
    }
    if (outcome->rejected_rows > 0 || outcome->possible_corrections > 0) {
      std::cout << "Rejected " << outcome->rejected_rows << (outcome->rejected_rows == 1 ? " row" : " rows");
      if (outcome->possible_corrections > 0)
        std::cout << " and " << outcome->possible_corrections << " possible correction"
                  << (outcome->possible_corrections == 1 ? "" : "s") << " not imported";
      std::cout << ": see";
      for (const auto& f : outcome->rejects_files) std::cout << " " << f.string();
      std::cout << " (exit status 1).\n";
      ctx.exit_code = kExitDataProblems;
    }
    // An export left unimported must not look like a clear day: exit 2, which the service counts
    // as a failure, though the rest of the night's outputs were written.
    for (const auto& h : outcome->held_back) std::cout << "NOT imported, left in the import folder: " << h << "\n";
    if (!outcome->held_back.empty()) {
      std::cout << outcome->held_back.size() << (outcome->held_back.size() == 1 ? " export was" : " exports were")
                << " not imported (exit status 2).\n";
      ctx.exit_code = kExitBadInput;
    }
    if (recipients) {
      const auto sent = mail::deliver_digests(std::filesystem::path(o->out) / "outbox", outcome->digests, *recipients,
                                              o->dry_run);
      print_delivery(ctx, "nightly", sent, o->dry_run);
    }
  });
}

// The store the demo fills: a new one, or with `replace` a demonstration store started afresh.
// A store holding anything but the demo's own events is never replaced, so `--replace` pointed
// at a council's store by mistake refuses rather than deleting it.
Result<std::unique_ptr<CaseStore>> store_for_demo(const std::string& db, bool replace) {
  auto opened = open_case_store(db, StoreOpening::create_if_missing);
  if (!opened) return opened.error();
  auto sources = opened->store->events_by_source();
  if (!sources) return sources.error();
  if (sources->empty()) return std::move(opened->store);
  int64_t events = 0;
  std::string others;
  for (const auto& [source, count] : *sources) {
    events += count;
    if (source != kDemoSource) others += (others.empty() ? "" : ", ") + source;
  }
  if (!others.empty())
    return Error{ErrorKind::conflict, db + " holds events that did not come from the demo (from " + others +
                                          "): it is not a demonstration store, and the demo leaves it alone"};
  if (!replace)
    return Error{ErrorKind::conflict, db + " already holds a demonstration caseload (" + std::to_string(events) +
                                          " events); add --replace to start it afresh"}
        .about("--replace");
  opened->store.reset();
  if (auto removed = remove_case_store(db); !removed) return removed.error();
  auto fresh = open_case_store(db, StoreOpening::create_if_missing);
  if (!fresh) return fresh.error();
  return std::move(fresh->store);
}

void add_demo(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("demo", "fill a new case store with a realistic demonstration caseload");
  struct Options {
    std::string db, as_of;
    double scale = 1.0;
    int years = 4;
    uint64_t seed = 20261122;
    bool replace = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case store to create (SQLite)")->required();
  cmd->add_option("--as-of", o->as_of, "the caseload's today (default: today)");
  cmd->add_option("--scale", o->scale, "1 = one council of Halton's size; 100 = a region")->check(CLI::Range(0.001, 10000.0));
  cmd->add_option("--years", o->years, "years of history")->check(CLI::Range(1, 20));
  cmd->add_option("--seed", o->seed, "the same seed gives the same caseload");
  cmd->add_flag("--replace", o->replace,
                "start afresh when the store already holds a demonstration caseload (never one with other data)");
  cmd->callback([&ctx, o] {
    Date as_of = today();
    if (!o->as_of.empty()) {
      auto parsed = parse_iso_date(o->as_of);
      if (!parsed) return void(ctx.bad_argument("demo", "--as-of", parsed.error().message));
      as_of = *parsed;
    }
    const auto cases = demo::generate_demo_caseload({as_of, o->years, o->scale, o->seed});
    auto opened = store_for_demo(o->db, o->replace);
    if (!opened) return void(ctx.failure("demo", opened.error().to_string()));
    CaseStore& store = **opened;
    auto tx = store.begin(CaseStore::Work::import);
    if (!tx) return void(ctx.failure("demo", tx.error().message));
    auto batch = store.batch_writer();
    if (!batch) return void(ctx.failure("demo", batch.error().message));
    CaseBatchWriter* writer = batch->get();
    const std::string now = utc_timestamp_now();
    size_t events = 0;
    for (const auto& c : cases) {
      CaseRecord record{c.id, c.workflow, c.workflow_version, c.attributes, std::nullopt, std::nullopt, false, {}, {}};
      if (auto team = c.attributes.find("team"); team != c.attributes.end()) record.team = team->second;
      if (auto owner = c.attributes.find("owner"); owner != c.attributes.end()) record.owner = owner->second;
      if (auto written = writer->queue_case(record, now); !written) return void(ctx.failure("demo", written.error().message));
      for (const auto& e : c.events) {
        if (auto s = writer->queue_event(c.id, e, 1, {kDemoSource, std::nullopt}, now); !s)
          return void(ctx.failure("demo", s.error().message));
        ++events;
      }
    }
    if (auto s = writer->flush_events(); !s) return void(ctx.failure("demo", s.error().message));
    if (auto s = (*tx)->commit(); !s) return void(ctx.failure("demo", s.error().message));
    std::cout << "Demonstration caseload as of " << to_iso(as_of) << ": " << cases.size() << " cases, " << events
              << " events in " << o->db << "\n";
  });
}

void add_recalc(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand(
      "recalc", "after a calendar, workflow or rule change: which due dates moved and which flags changed, case by case");
  struct Options {
    std::string db, as_of, school_calendar, format = "text";
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case store (SQLite)")->required();
  cmd->add_option("--as-of", o->as_of, "the day to assess on (default: the last run's, so only the change shows)");
  cmd->add_option("--school-calendar", o->school_calendar, "school calendar TOML, for school-day clocks");
  cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&ctx, o] {
    nightly::RecalcOptions options{ctx.data_dir, o->db, std::nullopt, std::nullopt};
    if (!o->as_of.empty()) {
      auto parsed = parse_iso_date(o->as_of);
      if (!parsed) return void(ctx.bad_argument("recalc", "--as-of", parsed.error().message));
      options.as_of = *parsed;
    }
    if (!o->school_calendar.empty()) options.school_calendar = o->school_calendar;
    auto outcome = nightly::run_recalc(options);
    if (!outcome) return void(ctx.failure("recalc", outcome.error().to_string()));
    std::cout << (o->format == "json" ? nightly::recalc_json(*outcome) + "\n" : nightly::render_recalc(*outcome));
  });
}

}  // namespace

void add_nightly_commands(CLI::App& app, CliContext& ctx) {
  add_nightly(app, ctx);
  add_demo(app, ctx);
  add_recalc(app, ctx);
}

}  // namespace timescales::cli
