// The API's routes on a real HTTP server inside the test: an httplib::Server on a free loopback
// port with just add_api_routes and add_calendar_feed_routes, over a WebService on a store in a
// temporary folder and the shipped workflows, rules and rules/access.toml. Requests are real
// (httplib::Client). The service's clock is fixed at noon UTC on Tuesday 1 December 2026, so
// "today" is 2026-12-01 whatever day the tests run; every event is dated before it.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "adapters/store/open_case_store.hpp"
#include "adapters/web/api/api_routes.hpp"
#include "adapters/web/web_service.hpp"
#include "tests/store/store_test_support.hpp"

namespace timescales::test {

inline constexpr UnixSeconds kNoonFirstDecember2026 = 1796126400;  // 2026-12-01T12:00:00Z

inline Date day(const char* iso) { return parse_iso_date(iso).value(); }

struct ApiServer {
  TempDir dir;
  std::unique_ptr<web::WebService> service;
  httplib::Server server;
  std::thread thread;
  int port = 0;

  ApiServer() {
    const std::string db = (dir / "cases.db").string();
    REQUIRE(open_case_store(db, StoreOpening::create_if_missing).ok());
    web::WebSettings settings;
    settings.db = db;
    settings.data_dir = TIMESCALES_SOURCE_DIR;
    settings.now = [] { return kNoonFirstDecember2026; };
    auto opened = web::WebService::open(settings);
    if (!opened) FAIL("WebService::open: " << opened.error().to_string());
    service = std::move(*opened);
    web::add_api_routes(server, *service);
    web::add_calendar_feed_routes(server, *service);
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    thread = std::thread([this] { server.listen_after_bind(); });
    // stop() before the loop has begun would not stop it.
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~ApiServer() {
    server.stop();
    thread.join();
  }
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // The test thread's own workbench, for setting up cases, tokens and users as the CLI would,
  // and for reading the audit log: the lines of the reads so far are committed first.
  web::Workbench& bench() {
    REQUIRE(service->flush_audit());
    return *service->workbench().value();
  }

  std::string token(const std::string& name, Role role, const std::string& team = "") {
    auto secret = bench().accounts->add_token(name, role, team, kNoonFirstDecember2026);
    if (!secret) FAIL("add_token " << name << ": " << secret.error().to_string());
    return *secret;
  }

  // Records an event as `case add-event` does; the case opened with its workflow and team.
  void record(const std::string& id, const std::string& workflow, const std::string& team, const CaseEvent& e) {
    auto reg = service->case_register();
    REQUIRE(reg.ok());
    auto recorded = reg->record_event(id, e, EventSource{"command line", std::nullopt}, Opening{workflow, team});
    if (!recorded) FAIL("record " << id << ": " << recorded.error().to_string());
  }

  httplib::Client client() {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    return c;
  }
};

inline httplib::Headers bearer(const std::string& secret) { return {{"Authorization", "Bearer " + secret}}; }

inline nlohmann::json body_of(const httplib::Result& r) {
  REQUIRE(r);
  return nlohmann::json::parse(r->body);
}

// A problem (RFC 9457) as the API must send one: its content type, and the members it must have.
inline nlohmann::json problem_of(const httplib::Result& r, int status) {
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == status);
  CHECK(r->get_header_value("Content-Type") == "application/problem+json");
  auto j = nlohmann::json::parse(r->body);
  CHECK(j.at("status") == status);
  CHECK(j.at("type").is_string());
  CHECK(j.at("title").is_string());
  CHECK(j.at("detail").is_string());
  return j;
}

inline const nlohmann::json& timer_in(const nlohmann::json& evaluation, const std::string& id) {
  for (const auto& t : evaluation.at("timers"))
    if (t.at("id") == id) return t;
  FAIL("no timer " << id << " in " << evaluation.dump());
  throw;
}

}  // namespace timescales::test
