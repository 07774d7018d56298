// The `timescales` command line. Commands live in adapters/cli/*_commands.cpp; this file wires
// them up and turns CLI11's parse errors into exit status 2, as the engine contract (§2) says.
#include <CLI/CLI.hpp>

#include <iostream>

#include "adapters/cli/cli_context.hpp"

int main(int argc, char** argv) {
  using namespace timescales::cli;
  CliContext ctx;
  CLI::App app{"timescales: statutory time limits for English children's services"};
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();
  app.add_option_function<std::string>(
         "--data", [&](const std::string& dir) { ctx.data_dir = dir; },
         "folder holding rules/ and workflows/ (default: $TIMESCALES_DATA, else the source tree)")
      ->trigger_on_parse();

  add_calendar_commands(app, ctx);
  add_example_command(app, ctx);
  add_workflow_commands(app, ctx);
  add_store_commands(app, ctx);
  add_nightly_commands(app, ctx);
  add_mail_commands(app, ctx);
  add_account_commands(app, ctx);
  add_serve_command(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "timescales: " << e.what() << "\n";
    if (e.get_exit_code() != 0) std::cerr << "Run 'timescales --help' for the commands.\n";
    return e.get_exit_code() == 0 ? kExitOk : kExitBadInput;
  }
  return ctx.exit_code;
}
