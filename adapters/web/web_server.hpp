// The HTTP server of `timescales serve`: cpp-httplib's server (its TLS server when given a
// certificate and key) with the limits a public-sector service needs in front of a database of
// children's cases — loopback unless told otherwise, a body size limit (413 beyond it), read and
// write timeouts so that a slow or abandoned connection is dropped, keep-alive limits, a thread
// pool sized to the machine — and on every response the security headers (a Content-Security-
// Policy allowing no inline script, no framing, no referrer, no caching of pages).
//
// It serves the HTML pages (web_pages.hpp) and /assets/ (GOV.UK Frontend's compiled styles);
// the JSON API under /api/v1 and the calendar feeds (adapters/web/api/); other route sets may be
// added with add_routes() before run().
//
// Its log (one line per request, on `log`) holds the method, the route's pattern (never the
// path, which names a case), the status and the milliseconds: never a user's name nor anything
// of a case.
//
// Thread-safety: open(), add_routes() and run() from one thread; stop() from any thread (not from
// a signal handler: stop_signals.hpp turns a signal into a call from a thread of its own). The
// handlers run on the pool's threads, each request on one thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <atomic>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/result.hpp"

namespace httplib {
class Server;
}

namespace timescales::web {

class WebService;
class PageTemplates;
struct PageSite;

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback: a council puts its reverse proxy in front
  int port = 0;                    // 0: any free port (bound_port() says which)
  std::filesystem::path tls_cert, tls_key;  // both, or neither
  // The server is behind a reverse proxy that terminates TLS (nginx-timescales.conf): cookies
  // are marked Secure, as they are when the server does TLS itself.
  bool behind_tls_proxy = false;
  // Beyond this, 413 before any route runs: the API's limit (a case file with its events); the
  // pages refuse a form over 64 KiB themselves (page_support.hpp).
  size_t payload_max_bytes = 256 * 1024;
  std::chrono::seconds read_timeout{10};   // a request not arrived by then is dropped
  std::chrono::seconds write_timeout{10};  // a client not reading its answer is dropped
  std::chrono::seconds keep_alive_timeout{5};
  size_t keep_alive_max_requests = 100;
  // cpp-httplib gives a kept-alive connection a pool thread until it closes (idle for
  // keep_alive_timeout, or after keep_alive_max_requests), and a browser keeps up to six open:
  // the pool is sized for connections, not cores. 0: 64, or 8 a core where that is more.
  size_t threads = 0;
  std::filesystem::path templates_dir;  // adapters/web/templates (page_templates.hpp)
  std::filesystem::path assets_dir;     // the build's web-assets/; empty or absent: no styles
  std::ostream* log = nullptr;          // null: std::cerr
};

// A set of routes added to the server (the API's add_api_routes, add_calendar_feed_routes).
using RouteSet = std::function<void(httplib::Server&, WebService&)>;

class WebServer {
 public:
  // Loads the page templates, sets up the server with the pages' routes and binds to the host
  // and port (refusing a TLS certificate or key that does not load, a port taken).
  static Result<std::unique_ptr<WebServer>> open(WebService& service, ServerOptions options);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  int bound_port() const { return port_; }
  const ServerOptions& options() const { return options_; }
  bool secure_cookies() const { return tls_ || options_.behind_tls_proxy; }

  // Before run().
  void add_routes(const RouteSet& routes);
  httplib::Server& http() { return *server_; }

  // Serves until stop() or until `stop_when` (polled by a watcher thread, a few times a second)
  // says so; returns once every request in hand is answered.
  Status run(std::function<bool()> stop_when = {});
  // Safe from any thread, also before run() has started listening (run() then returns at once).
  void stop() { stop_requested_ = true; }
  // Blocks until run() is listening (for tests starting it on a thread of their own).
  void wait_until_listening() const;

 private:
  WebServer(WebService& service, ServerOptions options);
  Status set_up();

  WebService& service_;
  ServerOptions options_;
  bool tls_ = false;
  int port_ = 0;
  std::unique_ptr<httplib::Server> server_;
  std::unique_ptr<PageTemplates> templates_;
  std::shared_ptr<PageSite> site_;  // what the pages' handlers share
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> listening_{false};
};

}  // namespace timescales::web
