#include "adapters/web/web_server.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

#include "adapters/web/api/api_routes.hpp"
#include "adapters/web/page_support.hpp"
#include "adapters/web/page_templates.hpp"
#include "adapters/web/web_pages.hpp"
#include "adapters/web/web_service.hpp"

namespace timescales::web {
namespace {

using Clock = std::chrono::steady_clock;
thread_local Clock::time_point request_began;

// No inline script or style anywhere (the pages work without JavaScript); nothing loaded from
// elsewhere; no page of the service inside another site's frame; forms post only here.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

httplib::Headers security_headers(bool tls) {
  httplib::Headers headers{
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      // Pages show children's cases: no copy is kept by the browser or a proxy.
      {"Cache-Control", "no-store"},
  };
  if (tls) headers.emplace("Strict-Transport-Security", "max-age=31536000");
  return headers;
}

// The route as the log names it: the pattern a page handler noted, else (a route set that does
// not note its routes, a request refused before routing) the path's first segments only, as the
// rest may name a case or a secret.
std::string route_for_log(const httplib::Request& req) {
  if (auto noted = noted_route(); !noted.empty()) return std::string(noted);
  const std::string& path = req.path;
  if (path.rfind("/assets/", 0) == 0) return "/assets/{file}";
  if (path.rfind("/api/v1/", 0) == 0) return "/api/v1/…";
  if (path.rfind("/calendar/", 0) == 0) return "/calendar/…";
  return "(unrouted)";
}

}  // namespace

WebServer::WebServer(WebService& service, ServerOptions options)
    : service_(service), options_(std::move(options)) {}

WebServer::~WebServer() = default;

Result<std::unique_ptr<WebServer>> WebServer::open(WebService& service, ServerOptions options) {
  if (options.tls_cert.empty() != options.tls_key.empty())
    return Error("--tls-cert and --tls-key go together").about(options.tls_cert.empty() ? "tls_cert" : "tls_key");
  if (options.templates_dir.empty()) options.templates_dir = default_templates_dir(service.settings().data_dir);
  auto server = std::unique_ptr<WebServer>(new WebServer(service, std::move(options)));
  if (auto set = server->set_up(); !set) return set.error();
  return server;
}

Status WebServer::set_up() {
  auto templates = PageTemplates::load(options_.templates_dir);
  if (!templates) return templates.error();
  templates_ = std::move(*templates);

  if (!options_.tls_cert.empty()) {
    auto tls = std::make_unique<httplib::SSLServer>(options_.tls_cert.c_str(), options_.tls_key.c_str());
    if (!tls->is_valid())
      return Error(ErrorKind::io, options_.tls_cert.string() + ", " + options_.tls_key.string() +
                                      ": the TLS certificate or key could not be loaded");
    server_ = std::move(tls);
    tls_ = true;
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  httplib::Server& http = *server_;

  const size_t threads =
      options_.threads ? options_.threads : std::max<size_t>(64, 8 * std::max(1u, std::thread::hardware_concurrency()));
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(options_.payload_max_bytes);
  http.set_read_timeout(options_.read_timeout);
  http.set_write_timeout(options_.write_timeout);
  http.set_keep_alive_timeout(options_.keep_alive_timeout.count());
  http.set_keep_alive_max_count(options_.keep_alive_max_requests);
  // An answer goes out when written: with Nagle's algorithm, a response written in two parts
  // (headers, then body) waits for the client's delayed ACK, 40 ms on Linux, on every request.
  http.set_tcp_nodelay(true);
  http.set_default_headers(security_headers(tls_));

  http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_began = Clock::now();
    note_route("");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // The styles may be kept by the browser (they name nothing of any case).
  http.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.path.rfind("/assets/", 0) == 0 && res.status == 200) {
      res.headers.erase("Cache-Control");
      res.set_header("Cache-Control", "public, max-age=3600");
    }
  });
  std::ostream* log = options_.log ? options_.log : &std::cerr;
  auto log_mutex = std::make_shared<std::mutex>();
  http.set_logger([log, log_mutex](const httplib::Request& req, const httplib::Response& res) {
    const auto ms = std::chrono::duration<double, std::milli>(Clock::now() - request_began).count();
    char took[32];
    std::snprintf(took, sizeof took, "%.1f", ms);
    const std::string line = req.method + " " + route_for_log(req) + " " + std::to_string(res.status) + " " + took + "ms\n";
    std::lock_guard<std::mutex> lock(*log_mutex);
    *log << line << std::flush;
  });

  site_ = std::make_shared<PageSite>(PageSite{service_, *templates_, secure_cookies(), {}, {}});
  auto site = site_;
  http.set_error_handler(httplib::Server::HandlerWithResponse([site](const httplib::Request& req, httplib::Response& res) {
    // Only answers nobody else wrote (an unknown route, a body too large); a page's own 403 or
    // an API problem document is left as it is.
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (api::answer_api_error(req, res)) return httplib::Server::HandlerResponse::Handled;
    send_error_page(res, *site, nullptr, res.status);
    return httplib::Server::HandlerResponse::Handled;
  }));
  http.set_exception_handler([site](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.body.clear();
    send_error_page(res, *site, nullptr, 500);
  });

  if (!options_.assets_dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(options_.assets_dir, ec) ||
        !http.set_mount_point("/assets", options_.assets_dir.string()))
      *log << "timescales serve: " << options_.assets_dir.string()
           << ": no such folder of styles; pages are served unstyled (build the web-assets target)\n";
  }

  // The API first: it answers every path under /api/ (a 404 or 405 problem for one it lacks).
  add_api_routes(http, service_);
  add_calendar_feed_routes(http, service_);
  add_page_routes(http, *site_);

  if (options_.port == 0) {
    port_ = http.bind_to_any_port(options_.host);
    if (port_ <= 0) return Error(ErrorKind::io, "could not listen on " + options_.host + " (any port)");
  } else {
    if (!http.bind_to_port(options_.host, options_.port))
      return Error(ErrorKind::io, "could not listen on " + options_.host + ":" + std::to_string(options_.port) +
                                      " (taken, or not this machine's address)");
    port_ = options_.port;
  }
  return Ok{};
}

void WebServer::add_routes(const RouteSet& routes) { routes(*server_, service_); }

Status WebServer::run(std::function<bool()> stop_when) {
  if (stop_requested_) return Ok{};
  // The watcher stops the server from an ordinary thread: a signal handler may not, and stop()
  // may come before the server has started listening.
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (!done) {
      if ((stop_requested_ || (stop_when && stop_when())) && server_->is_running()) {
        server_->stop();
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  listening_ = true;
  const bool ok = server_->listen_after_bind();
  done = true;
  watcher.join();
  listening_ = false;
  if (!ok && !stop_requested_ && !(stop_when && stop_when()))
    return Error(ErrorKind::io, "the server stopped listening on " + options_.host + ":" + std::to_string(port_));
  return Ok{};
}

void WebServer::wait_until_listening() const {
  while (!server_->is_running() && !stop_requested_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

}  // namespace timescales::web
