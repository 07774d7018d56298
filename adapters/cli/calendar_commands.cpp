// `timescales deadline`, `count`, `calendar holidays` and `calendar import-govuk`: the calendar
// arithmetic of engine contract §2, and keeping bank holidays current without a release.
#include <iostream>
#include <optional>

#include "adapters/cli/cli_context.hpp"
#include "adapters/govuk/govuk_feed.hpp"
#include "engine/calendar/calendar_toml.hpp"
#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/calendar/holiday_reconcile.hpp"

namespace timescales::cli {
namespace {

struct ArithmeticOptions {
  std::string calendar = "england-and-wales";
  std::string school_calendar;
  std::string from;
  std::string convention = "after";
};

void add_arithmetic_options(CLI::App* cmd, ArithmeticOptions& o) {
  cmd->add_option("--calendar", o.calendar, "bank-holiday division (rules/calendars/<id>.toml)");
  cmd->add_option("--school-calendar", o.school_calendar, "school calendar TOML, for school days");
  cmd->add_option("--from", o.from, "the day of the event, YYYY-MM-DD")->required();
  cmd->add_option("--convention", o.convention, "after (default) or beginning_with");
}

// Resolves the shared options, reporting the first bad one. The calendars stay owned by ctx.
struct Resolved {
  Date from{};
  Convention convention = Convention::after;
  std::shared_ptr<const DivisionCalendar> division;
  std::shared_ptr<const SchoolCalendar> school;
  CalendarContext context() const { return {division.get(), school.get()}; }
};

std::optional<Resolved> resolve(const std::string& command, const ArithmeticOptions& o,
                                bool needs_school, CliContext& ctx) {
  Resolved r;
  auto from = parse_iso_date(o.from);
  if (!from) return ctx.bad_argument(command, "--from", from.error().message), std::nullopt;
  r.from = *from;
  auto convention = parse_convention(o.convention);
  if (!convention)
    return ctx.bad_argument(command, "--convention", convention.error().message), std::nullopt;
  r.convention = *convention;
  auto division = ctx.calendars().division(o.calendar);
  if (!division) return ctx.bad_argument(command, "--calendar", division.error().message), std::nullopt;
  r.division = *division;
  if (!o.school_calendar.empty()) {
    auto school = ctx.calendars().school(o.school_calendar);
    if (!school)
      return ctx.bad_argument(command, "--school-calendar", school.error().to_string()), std::nullopt;
    r.school = *school;
  } else if (needs_school) {
    ctx.bad_argument(command, "--school-calendar",
                     "counting school days needs a school calendar file (--school-calendar FILE.toml)");
    return std::nullopt;
  }
  return r;
}

std::string skipped_holidays(const DivisionCalendar& calendar, Date from, Date to) {
  std::string out;
  for (const auto& h : calendar.holidays_between(std::min(from, to), std::max(from, to)))
    out += (out.empty() ? "" : ", ") + to_day_month(h.date);
  return out;
}

void add_deadline(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("deadline", "the date N units after an event");
  struct Options : ArithmeticOptions {
    std::string add;
    bool explain = false;
  };
  auto o = std::make_shared<Options>();  // owned by the callback, which the app keeps
  add_arithmetic_options(cmd, *o);
  cmd->add_option("--add", o->add, "the limit, e.g. \"10 working days\", \"20 weeks\"")->required();
  cmd->add_flag("--explain", o->explain, "show how the date was reached before it");
  cmd->callback([&ctx, o] {
    auto duration = parse_duration(o->add);
    if (!duration) return void(ctx.bad_argument("deadline", "--add", duration.error().message));
    auto r = resolve("deadline", *o, duration->unit == Unit::school_days, ctx);
    if (!r) return;
    auto due = add_duration(r->from, *duration, r->convention, r->context());
    if (!due) return void(ctx.bad_argument("deadline", "--add", due.error().message));
    if (o->explain) {
      std::cout << to_long(r->from) << " + " << to_string(*duration)
                << (r->convention == Convention::beginning_with ? " (beginning with that day)" : "")
                << " = " << to_long(*due);
      if (duration->unit == Unit::working_days || duration->unit == Unit::school_days) {
        const auto skipped = skipped_holidays(*r->division, r->from, *due);
        if (!skipped.empty()) std::cout << "; skips bank holidays " << skipped;
      }
      std::cout << "\n";
    }
    std::cout << to_iso(*due) << "\n";
  });
}

void add_count(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("count", "units strictly after --from, up to and including --to");
  struct Options : ArithmeticOptions {
    std::string to, unit;
  };
  auto o = std::make_shared<Options>();
  add_arithmetic_options(cmd, *o);
  cmd->add_option("--to", o->to, "the later day, YYYY-MM-DD")->required();
  cmd->add_option("--unit", o->unit, "working days, school days, calendar days, weeks or months")
      ->required();
  cmd->callback([&ctx, o] {
    auto unit = parse_unit(o->unit);
    if (!unit) return void(ctx.bad_argument("count", "--unit", unit.error().message));
    auto to_date = parse_iso_date(o->to);
    if (!to_date) return void(ctx.bad_argument("count", "--to", to_date.error().message));
    auto r = resolve("count", *o, *unit == Unit::school_days, ctx);
    if (!r) return;
    auto n = count_units(r->from, *to_date, *unit, r->convention, r->context());
    if (!n) return void(ctx.bad_argument("count", "--to", n.error().message));
    std::cout << *n << "\n";
  });
}

void add_holidays(CLI::App* calendar, CliContext& ctx) {
  auto* cmd = calendar->add_subcommand("holidays", "list a division's bank holidays for a year");
  struct Options {
    std::string id = "england-and-wales";
    int year = 0;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--calendar", o->id, "bank-holiday division");
  cmd->add_option("--year", o->year, "the year to list")->required();
  cmd->callback([&ctx, o] {
    const std::string& id = o->id;
    const int year = o->year;
    auto division = ctx.calendars().division(id);
    if (!division) return void(ctx.bad_argument("calendar holidays", "--calendar", division.error().message));
    const Date jan1 = make_date(year, 1, 1);
    if (!(*division)->covers(jan1))
      return void(ctx.bad_argument("calendar holidays", "--year",
                                   "the '" + id + "' calendar covers " + to_iso((*division)->first()) +
                                       " to " + to_iso((*division)->last())));
    for (const auto& h : (*division)->holidays_between(jan1 - Days{1}, make_date(year, 12, 31)))
      std::cout << to_iso(h.date) << "  " << to_long(h.date).substr(0, 3) << "  " << h.name << "\n";
  });
}

std::string today_iso() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return to_iso(Date{now});
}

void add_import_govuk(CLI::App* calendar, CliContext& ctx) {
  auto* cmd = calendar->add_subcommand(
      "import-govuk", "update bank holidays from GOV.UK's bank-holidays.json; report what changed");
  struct Options {
    std::string file;
    bool dry_run = false;
    bool apply_removals = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("FILE", o->file, "a saved copy of https://www.gov.uk/bank-holidays.json")->required();
  cmd->add_flag("--dry-run", o->dry_run, "report what would change; write nothing");
  // A copy saved before a proclamation lacks the proclaimed day: without this flag a day missing
  // from the feed is reported, never removed.
  cmd->add_flag("--apply-removals", o->apply_removals,
                "also remove bank holidays the feed lacks (by default they are reported and kept)");
  cmd->callback([&ctx, o] {
    const std::string& file = o->file;
    const bool dry_run = o->dry_run;
    const std::string command = "calendar import-govuk";
    auto text = read_text_file(file);
    if (!text) return void(ctx.bad_argument(command, "FILE", text.error().message));
    std::vector<std::string> warnings;
    auto feed = parse_govuk_feed(*text, file, &warnings);
    if (!feed) return void(ctx.bad_argument(command, "FILE", feed.error().to_string()));
    for (const auto& w : warnings) std::cout << "warning: " << w << "\n";
    const Removals removals = o->apply_removals ? Removals::apply : Removals::withhold;

    // Work everything out first; write only when every division reconciled.
    struct Pending { std::string id; Reconciliation r; };
    std::vector<Pending> pending;
    const std::string basis = "GOV.UK bank-holidays.json, imported " + today_iso();
    for (const auto& [division, events] : *feed) {
      auto shipped = ctx.calendars().shipped_schedule(division);
      if (!shipped) {
        std::cout << division << ": no calendar of that name here; skipped\n";
        continue;
      }
      auto local = ctx.calendars().local_changes(division);
      if (!local) return void(ctx.failure(command, local.error().to_string()));
      pending.push_back({division, reconcile_holidays(*shipped, *local, events, basis, removals)});
    }
    for (const auto& p : pending) {
      std::cout << p.id << " (" << p.r.first_year << "-" << p.r.last_year << "): ";
      if (p.r.added.empty() && p.r.removed.empty()) std::cout << "no change";
      std::string sep;
      for (const auto& h : p.r.added) { std::cout << sep << "added " << to_iso(h.date) << " " << h.name; sep = "; "; }
      for (const auto& h : p.r.removed) { std::cout << sep << "removed " << to_iso(h.date) << " " << h.name; sep = "; "; }
      std::cout << "\n";
      for (const auto& h : p.r.withheld)
        std::cout << "  not in this feed, kept: " << to_iso(h.date) << " " << h.name
                  << " (a copy saved before its proclamation lacks it; --apply-removals removes it)\n";
      if (dry_run || (p.r.added.empty() && p.r.removed.empty())) continue;
      const auto path = ctx.calendars().local_changes_path(p.id);
      auto written = write_file_atomically(
          path, format_holiday_changes(p.id, "Differences between the shipped " + p.id +
                                                 " calendar and GOV.UK's list.", p.r.local_changes));
      if (!written) return void(ctx.failure(command, written.error().message));
    }
    if (dry_run) std::cout << "(dry run: nothing written)\n";
  });
}

}  // namespace

void add_calendar_commands(CLI::App& app, CliContext& ctx) {
  add_deadline(app, ctx);
  add_count(app, ctx);
  auto* calendar = app.add_subcommand("calendar", "bank-holiday calendars");
  calendar->require_subcommand(1);
  add_holidays(calendar, ctx);
  add_import_govuk(calendar, ctx);
}

}  // namespace timescales::cli
