// `timescales example`: worked statutory deadlines, computed by the engine, for a newcomer's
// first run (the nightly compliance run takes over as the README's main command once it exists).
#include <iostream>

#include "adapters/cli/cli_context.hpp"
#include "engine/calendar/clock_arithmetic.hpp"

namespace timescales::cli {

void add_example_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("example", "print worked statutory deadlines");
  cmd->callback([&ctx] {
    auto division = ctx.calendars().division("england-and-wales");
    if (!division) return void(ctx.failure("example", division.error().to_string()));
    const CalendarContext calendars{division->get(), nullptr};
    struct Worked {
      const char* what;
      const char* from;
      Duration limit;
      Convention convention;
      const char* source;
    };
    const Worked examples[] = {
        {"Complaint received; Stage 1 response due", "2025-12-19", {10, Unit::working_days},
         Convention::after, "Children Act 1989 Representations Procedure (England) Regs 2006"},
        {"Stage 1 extended; response due", "2025-12-19", {20, Unit::working_days},
         Convention::after, "same, extension to 20 working days"},
        {"EHC needs assessment requested; final plan due", "2025-12-19", {20, Unit::weeks},
         Convention::after, "SEND Regulations 2014 reg 13(2)"},
        {"Draft EHC plan served; comments close", "2026-03-27", {15, Unit::calendar_days},
         Convention::beginning_with, "SEND Regulations 2014 reg 13(1)"},
        // "in the period of 12 months starting with" the plan's date: the day before the anniversary
        {"Plan issued 31 Jan; annual review due", "2026-01-31", {12, Unit::months},
         Convention::beginning_with, "Children and Families Act 2014 s.44(1)"},
    };
    std::cout << "Worked statutory deadlines (England and Wales bank holidays):\n";
    for (const auto& w : examples) {
      const Date from = *parse_iso_date(w.from);
      auto due = add_duration(from, w.limit, w.convention, calendars);
      if (!due) return void(ctx.failure("example", due.error().message));
      std::cout << "  " << w.what << ":\n    " << to_long(from) << " + " << to_string(w.limit)
                << (w.convention == Convention::beginning_with ? " beginning with that day" : "")
                << " = " << to_long(*due) << "   [" << w.source << "]\n";
    }
  });
}

}  // namespace timescales::cli
