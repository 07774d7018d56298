// The API's refusals outside any one use case, each an RFC 9457 problem+json: a body that is
// not JSON (400, saying where), one too large (413), one sent as something else (415), an
// unknown route (404), a known route with another method (405 with Allow), a bad query
// parameter (422 naming it); and a store that stays busy (503 with Retry-After, never SQLite's
// words).
#include <catch2/catch.hpp>

#include "adapters/web/api/api_problem.hpp"
#include "adapters/web/api/busy_retry.hpp"
#include "tests/api/api_test_server.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

constexpr const char* kJson = "application/json";

}  // namespace

TEST_CASE("a malformed JSON body is a 400 naming where it went wrong") {
  ApiServer api;
  api.record("CMP-A", "complaints-statutory", "CIN Widnes", {"received", day("2026-11-02"), "", 0});
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  auto c = api.client();
  // `{"date": }`: the value is missing where '}' stands, the 10th byte of the body —
  // { " d a t e " : (space) } — so line 1, column 10.
  const auto p = problem_of(c.Post("/api/v1/cases/CMP-A/events", bearer(officer), R"({"date": })", kJson), 400);
  CHECK(p.at("field") == "body");
  CHECK(p.at("line") == 1);
  CHECK(p.at("column") == 10);
  CHECK(p.at("byte") == 10);
  // On the second line: "{\n  \"type\": \"received\",,": '{' and the newline are bytes 1 and 2,
  // then `  "type": "received",,` — the second ',' is its 22nd character, byte 24 of the body.
  const auto second = problem_of(c.Post("/api/v1/evaluate", bearer(officer), "{\n  \"type\": \"received\",,", kJson), 400);
  CHECK(second.at("line") == 2);
  CHECK(second.at("column") == 22);
  CHECK(second.at("byte") == 24);
  // JSON, but not an object.
  CHECK(problem_of(c.Post("/api/v1/cases", bearer(officer), "[1, 2]", kJson), 400).at("field") == "body");
  CHECK(api.bench().cases->event_history("CMP-A")->size() == 1);
}

TEST_CASE("problem+json on every error: unknown route, wrong method, too large, wrong content type, bad parameter") {
  ApiServer api;
  api.record("CMP-A", "complaints-statutory", "CIN Widnes", {"received", day("2026-11-02"), "", 0});
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  auto c = api.client();
  problem_of(c.Get("/api/v1/nothing-here", bearer(officer)), 404);
  problem_of(c.Get("/api/v2/cases", bearer(officer)), 404);
  problem_of(c.Post("/api/v1/cases/CMP-A/timeline", bearer(officer), "{}", kJson), 404);

  auto put = c.Put("/api/v1/cases/CMP-A", bearer(officer), "{}", kJson);
  problem_of(put, 405);
  CHECK(put->get_header_value("Allow") == "GET, HEAD");
  auto get_evaluate = c.Get("/api/v1/evaluate", bearer(officer));
  problem_of(get_evaluate, 405);
  CHECK(get_evaluate->get_header_value("Allow") == "POST");
  auto del = c.Delete("/api/v1/cases", bearer(officer));
  problem_of(del, 405);
  CHECK(del->get_header_value("Allow") == "GET, HEAD, POST");

  // 256 KiB is the limit; a byte more is refused before it is read as JSON.
  const std::string huge = "{\"pad\": \"" + std::string(web::api::kMaxBodyBytes, 'x') + "\"}";
  CHECK(problem_of(c.Post("/api/v1/evaluate", bearer(officer), huge, kJson), 413).at("field") == "body");

  problem_of(c.Post("/api/v1/cases/CMP-A/events", bearer(officer), "type=acknowledged&date=2026-11-03",
                    "application/x-www-form-urlencoded"),
             415);
  CHECK(problem_of(c.Get("/api/v1/cases/CMP-A?as_of=yesterday", bearer(officer)), 422).at("field") == "as_of");
  CHECK(problem_of(c.Get("/api/v1/cases?status=late", bearer(officer)), 422).at("field") == "status");
  CHECK(problem_of(c.Get("/api/v1/cases?per_page=0", bearer(officer)), 422).at("field") == "per_page");
  CHECK(problem_of(c.Get("/api/v1/cases?due_within=five", bearer(officer)), 422).at("field") == "due_within");
  // And those of the use cases: 401, 403.
  problem_of(c.Get("/api/v1/cases/CMP-A"), 401);
  problem_of(c.Get("/api/v1/cases/EHC-NONE", bearer(officer)), 403);
}

TEST_CASE("the caseload list pages and says what each line's next clock is") {
  ApiServer api;
  // Three complaints received on Monday 2, Tuesday 3 and Wednesday 4 November: their
  // acknowledgements (3 working days) are due Thu 5, Fri 6 and Mon 9 November.
  api.record("CMP-1", "complaints-statutory", "CIN Widnes", {"received", day("2026-11-02"), "", 0});
  api.record("CMP-2", "complaints-statutory", "CIN Widnes", {"received", day("2026-11-03"), "", 0});
  api.record("CMP-3", "complaints-statutory", "iCART", {"received", day("2026-11-04"), "", 0});
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  auto c = api.client();
  auto page2 = c.Get("/api/v1/cases?per_page=2&page=2&as_of=2026-11-04", bearer(officer));
  REQUIRE(page2);
  INFO(page2->body);
  REQUIRE(page2->status == 200);
  const auto j = body_of(page2);
  CHECK(j.at("paging") == nlohmann::json{{"total", 3}, {"page", 2}, {"per_page", 2}, {"pages", 2}});
  REQUIRE(j.at("cases").size() == 1);
  const auto& line = j.at("cases").at(0);
  CHECK(line.at("id") == "CMP-3");
  CHECK(line.at("team") == "iCART");
  CHECK(line.at("state") == "stage1");
  CHECK(line.at("next") == nlohmann::json{{"timer", "acknowledgement"}, {"status", "running"}, {"due", "2026-11-09"}});
  // As of Friday 6 November the first is overdue (due the 5th); the others are not.
  auto overdue = body_of(c.Get("/api/v1/cases?status=overdue&as_of=2026-11-06", bearer(officer)));
  REQUIRE(overdue.at("cases").size() == 1);
  CHECK(overdue.at("cases").at(0).at("id") == "CMP-1");
  auto widnes = body_of(c.Get("/api/v1/cases?team=CIN%20Widnes&as_of=2026-11-04", bearer(officer)));
  CHECK(widnes.at("paging").at("total") == 2);
}

TEST_CASE("a store that stays busy is a 503 with Retry-After, and the store's words never reach the caller") {
  int calls = 0;
  auto busy_twice = [&]() -> Status {
    ++calls;
    if (calls <= 2) return Error{ErrorKind::busy, "database is locked"};
    return Ok{};
  };
  CHECK(web::api::retry_while_busy(busy_twice).ok());
  CHECK(calls == 3);

  calls = 0;
  auto always_busy = [&]() -> Status {
    ++calls;
    return Error{ErrorKind::busy, "database is locked"};
  };
  auto gave_up = web::api::retry_while_busy(always_busy);
  REQUIRE_FALSE(gave_up.ok());
  CHECK(calls == web::api::kBusyAttempts);
  const auto p = web::api::problem_of(gave_up.error());
  CHECK(p.status == 503);
  CHECK(p.body().dump().find("locked") == std::string::npos);
  bool retry_after = false;
  for (const auto& [name, value] : p.headers) retry_after = retry_after || (name == "Retry-After" && value == "1");
  CHECK(retry_after);

  // Only busy is retried: anything else is the answer at once.
  calls = 0;
  auto invalid = [&]() -> Status {
    ++calls;
    return Error{ErrorKind::invalid_input, "no"}.about("date");
  };
  CHECK_FALSE(web::api::retry_while_busy(invalid).ok());
  CHECK(calls == 1);

  const auto io = web::api::problem_of(Error{ErrorKind::io, "cases.db: database disk image is malformed"});
  CHECK(io.status == 500);
  CHECK(io.body().dump().find("cases.db") == std::string::npos);
}

TEST_CASE("a body over the server's own payload limit is a 413 problem through answer_api_error") {
  ApiServer api;
  // A server as `serve` makes one: a payload limit of its own, checked by httplib before any
  // route runs, and an error handler that lets the API answer for paths under /api/.
  httplib::Server limited;
  limited.set_payload_max_length(1024);
  limited.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        return web::api::answer_api_error(req, res) ? httplib::Server::HandlerResponse::Handled
                                                    : httplib::Server::HandlerResponse::Unhandled;
      }));
  web::add_api_routes(limited, *api.service);
  const int port = limited.bind_to_any_port("127.0.0.1");
  REQUIRE(port > 0);
  std::thread running([&] { limited.listen_after_bind(); });
  while (!limited.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  httplib::Client c("127.0.0.1", port);
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  const std::string body = "{\"pad\": \"" + std::string(2048, 'x') + "\"}";
  auto r = c.Post("/api/v1/evaluate", bearer(officer), body, kJson);
  limited.stop();
  running.join();
  CHECK(problem_of(r, 413).at("field") == "body");
}
