// `timescales serve`: the web pages (and the JSON API and calendar feeds, once their routes are
// added) over a case store, until SIGTERM or SIGINT. It binds to loopback unless told otherwise;
// TLS is the council's reverse proxy (adapters/web/deploy/nginx-timescales.conf, with
// --behind-tls-proxy) or --tls-cert/--tls-key.
//
// `--demo-account` first makes (or, when it is there, gives a new password to) a complaints
// officer "demo.officer", printing the password once: the README's third command starts the
// server on the demo store with it.
#include <filesystem>
#include <iostream>
#include <optional>

#include "adapters/cli/cli_context.hpp"
#include "adapters/web/stop_signals.hpp"
#include "adapters/web/web_server.hpp"
#include "adapters/web/web_service.hpp"


namespace timescales::cli {
namespace {

constexpr const char* kDemoAccount = "demo.officer";

struct Listen {
  std::string host;
  int port = 0;
};

// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:443"; port 0 takes any free port.
Result<Listen> parse_listen(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    return Error("expected HOST:PORT, for example 127.0.0.1:8080");
  Listen l;
  l.host = text.substr(0, colon);
  if (l.host.size() >= 2 && l.host.front() == '[' && l.host.back() == ']') l.host = l.host.substr(1, l.host.size() - 2);
  const std::string port = text.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    return Error("the port must be a number from 0 to 65535");
  l.port = std::stoi(port);
  if (l.port > 65535) return Error("the port must be a number from 0 to 65535");
  return l;
}

// The build's web-assets/ (the web-assets target writes it beside the program, build/timescales).
std::filesystem::path default_assets_dir() {
  std::error_code ec;
  const auto program = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : program.parent_path() / "web-assets";
}

// Makes the demo account, or gives it a new password; returns the password.
Result<std::string> demo_account(web::WebService& service) {
  auto bench = service.workbench();
  if (!bench) return bench.error();
  Accounts& accounts = *(*bench)->accounts;
  auto users = accounts.list_users();
  if (!users) return users.error();
  for (const auto& u : *users)
    if (u.name == kDemoAccount) return accounts.reset_password(kDemoAccount);
  return accounts.add_user(kDemoAccount, Role::complaints_officer, "", "", service.now());
}

}  // namespace

void add_serve_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("serve", "the web pages over a case store, until SIGTERM or Ctrl-C");
  struct Options {
    std::string db, listen = "127.0.0.1:8080", tls_cert, tls_key, council = "Timescales", assets, templates;
    int idle_minutes = 30;
    size_t threads = 0;
    bool behind_proxy = false, demo_account = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--db", o->db, "the case store (SQLite), with its accounts")->required();
  cmd->add_option("--listen", o->listen, "HOST:PORT to listen on (loopback unless told otherwise; port 0: any free)");
  auto* cert = cmd->add_option("--tls-cert", o->tls_cert, "serve HTTPS with this certificate (PEM)");
  auto* key = cmd->add_option("--tls-key", o->tls_key, "and this private key (PEM)");
  cert->needs(key);
  key->needs(cert);
  cmd->add_flag("--behind-tls-proxy", o->behind_proxy,
                "a reverse proxy terminates TLS in front (cookies are marked Secure)");
  cmd->add_option("--council", o->council, "the council's name, in every page's header");
  cmd->add_option("--idle-timeout", o->idle_minutes, "minutes a session may be idle before it ends")
      ->check(CLI::Range(1, 24 * 60));
  cmd->add_option("--threads", o->threads, "connections served at once, each kept-alive connection holding one (default: 64, or 8 a core where more)");
  cmd->add_option("--assets", o->assets, "folder of the pages' compiled styles (default: web-assets/ beside the program)");
  cmd->add_option("--templates", o->templates, "folder of the page templates (default: <data>/adapters/web/templates)");
  cmd->add_flag("--demo-account", o->demo_account,
                std::string("make the demonstration account '") + kDemoAccount +
                    "' (a complaints officer), printing its new password once");
  cmd->callback([&ctx, o] {
    const std::string command = "serve";
    auto listen = parse_listen(o->listen);
    if (!listen) return void(ctx.bad_argument(command, "--listen", listen.error().message));
    // A mistyped --db must not serve a new, empty store.
    std::error_code ec;
    if (!std::filesystem::exists(o->db, ec))
      return void(ctx.bad_argument(command, "--db", o->db + ": no such store (make one with `timescales init` or `timescales demo`)"));
    web::WebSettings settings;
    settings.db = o->db;
    settings.data_dir = ctx.data_dir;
    settings.council_name = o->council;
    settings.accounts.idle_timeout_seconds = int64_t{o->idle_minutes} * 60;
    auto service = web::WebService::open(std::move(settings));
    if (!service) return void(ctx.failure(command, service.error().to_string()));

    if (o->demo_account) {
      auto password = demo_account(**service);
      if (!password) return void(ctx.failure(command, "--demo-account: " + password.error().to_string()));
      std::cout << "demo account: " << kDemoAccount << "\npassword (shown once): " << *password << "\n";
    }

    web::ServerOptions options;
    options.host = listen->host;
    options.port = listen->port;
    options.tls_cert = o->tls_cert;
    options.tls_key = o->tls_key;
    options.behind_tls_proxy = o->behind_proxy;
    options.threads = o->threads;
    options.assets_dir = o->assets.empty() ? default_assets_dir() : std::filesystem::path(o->assets);
    if (!o->templates.empty()) options.templates_dir = o->templates;
    auto server = web::WebServer::open(**service, options);
    if (!server) return void(ctx.failure(command, server.error().to_string()));
    if (!web::install_stop_signals()) return void(ctx.failure(command, "could not install the SIGTERM handler"));

    const bool tls = !o->tls_cert.empty();
    const std::string shown_host = listen->host.find(':') != std::string::npos ? "[" + listen->host + "]" : listen->host;
    std::cout << "listening on " << (tls ? "https://" : "http://") << shown_host << ":" << (*server)->bound_port()
              << "/ (Ctrl-C or SIGTERM stops)" << std::endl;
    auto ran = (*server)->run([] { return web::stop_signal_received(); });
    // The server's threads have stopped: what the audit trail still holds is written now.
    auto audited = (*service)->close_audit();
    if (!ran) return void(ctx.failure(command, ran.error().to_string()));
    if (!audited) return void(ctx.failure(command, audited.error().to_string()));
    std::cout << "stopped" << std::endl;
  });
}

}  // namespace timescales::cli
