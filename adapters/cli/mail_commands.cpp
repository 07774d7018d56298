// `timescales send` (the digests waiting in an output folder's outbox, sent by the recipients
// file's method: a retry by hand after a failed night) and what it and `nightly --recipients`
// print about a delivery.
#include <iostream>

#include "adapters/cli/cli_context.hpp"
#include "adapters/mail/digest_delivery.hpp"

namespace timescales::cli {

void print_delivery(CliContext& ctx, const std::string& command, const mail::DeliveryReport& report, bool dry_run) {
  for (const auto& line : report.done) std::cout << line << "\n";
  for (const auto& w : report.warnings) std::cerr << "timescales " << command << ": warning: " << w << "\n";
  if (dry_run)
    std::cout << "Dry run: " << report.would_send << (report.would_send == 1 ? " digest" : " digests")
              << " would be sent; nothing was sent or queued.\n";
  else
    std::cout << "Sent " << report.sent << (report.sent == 1 ? " digest" : " digests")
              << (report.already_sent ? "; " + std::to_string(report.already_sent) + " sent already by an earlier run" : "")
              << (report.failures.empty() ? "" : "; " + std::to_string(report.failures.size()) + " not sent (exit status 2)")
              << ".\n";
  // A failure is exit status 2, whatever else the command found: a digest nobody got must not
  // look like a clear day to the job's monitoring.
  for (const auto& f : report.failures) ctx.failure(command, f.to_string());
}

namespace {

void add_send(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("send", "send the digests waiting in an output folder's outbox (failed on an earlier night)");
  struct Options {
    std::string out, recipients;
    bool dry_run = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--out", o->out, "the nightly run's output folder (its outbox/)")->required();
  cmd->add_option("--recipients", o->recipients, "the recipients file (TOML): how to send, and to whom")->required();
  cmd->add_flag("--dry-run", o->dry_run, "say who would get which digest; send nothing");
  cmd->callback([&ctx, o] {
    auto recipients = mail::load_recipients(o->recipients);
    if (!recipients) return void(ctx.failure("send", recipients.error().to_string()));
    const auto report = mail::deliver_digests(std::filesystem::path(o->out) / "outbox", {}, *recipients, o->dry_run);
    print_delivery(ctx, "send", report, o->dry_run);
  });
}

}  // namespace

void add_mail_commands(CLI::App& app, CliContext& ctx) { add_send(app, ctx); }

}  // namespace timescales::cli
