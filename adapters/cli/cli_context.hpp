// What every command of the `timescales` program shares: where the data lives, how to report a
// bad argument (exit status 2, the argument named), and the exit status to return.
//
// Thread-safety: single-threaded; one per process.
#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>

#include "adapters/files/calendar_files.hpp"
#include "adapters/files/text_files.hpp"

namespace timescales::mail {
struct DeliveryReport;
}

namespace timescales::cli {

// Today's date (UTC), the default as-of date and the latest an event may be dated.
inline Date today() { return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}; }

// Exit statuses: 0 worked; 1 worked, with data problems listed; 2 bad input or failure.
inline constexpr int kExitOk = 0;
inline constexpr int kExitDataProblems = 1;
inline constexpr int kExitBadInput = 2;

struct CliContext {
  std::filesystem::path data_dir = default_data_dir();
  int exit_code = kExitOk;

  CalendarFiles& calendars() {
    if (!calendar_files_ || calendar_files_->folder() != data_dir / "rules" / "calendars")
      calendar_files_ = std::make_unique<CalendarFiles>(data_dir);
    return *calendar_files_;
  }

  // Reports a bad argument on stderr and sets exit status 2.
  int bad_argument(const std::string& command, const std::string& argument,
                   const std::string& message) {
    std::cerr << "timescales " << command << ": " << argument << ": " << message << "\n";
    return exit_code = kExitBadInput;
  }
  int failure(const std::string& command, const std::string& message) {
    std::cerr << "timescales " << command << ": " << message << "\n";
    return exit_code = kExitBadInput;
  }

 private:
  std::unique_ptr<CalendarFiles> calendar_files_;
};

// Each file of commands adds its subcommands to the app.
void add_calendar_commands(CLI::App& app, CliContext& ctx);
void add_example_command(CLI::App& app, CliContext& ctx);
void add_workflow_commands(CLI::App& app, CliContext& ctx);  // check, graph, evaluate, explain
void add_store_commands(CLI::App& app, CliContext& ctx);     // init, case, import
void add_case_commands(CLI::App& app, CliContext& ctx);      // case add-event, correct, void, set, list, show
void add_nightly_commands(CLI::App& app, CliContext& ctx);   // nightly, demo
void add_mail_commands(CLI::App& app, CliContext& ctx);      // send
void add_account_commands(CLI::App& app, CliContext& ctx);   // user, token, audit
void add_serve_command(CLI::App& app, CliContext& ctx);      // serve (the web pages)

// What a delivery did, on stdout (one line per digest, no case named) and stderr (warnings, and
// each failure, which sets exit status 2). Shared by `nightly --recipients` and `send`.
void print_delivery(CliContext& ctx, const std::string& command, const mail::DeliveryReport& report, bool dry_run);

}  // namespace timescales::cli
