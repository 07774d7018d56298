// GET /api/v1/openapi.json: an OpenAPI 3 document that parses, needs no token, and describes
// every route the API serves (and nothing it does not).
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "tests/api/api_test_server.hpp"

using namespace timescales;
using namespace timescales::test;

TEST_CASE("openapi.json parses and names every route the API serves") {
  ApiServer api;
  auto c = api.client();
  auto r = c.Get("/api/v1/openapi.json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  const auto doc = nlohmann::json::parse(r->body);
  CHECK(doc.at("openapi").get<std::string>().rfind("3.", 0) == 0);
  CHECK(doc.at("components").at("securitySchemes").at("bearer").at("scheme") == "bearer");
  const auto& paths = doc.at("paths");

  std::set<std::string> served;
  for (const auto& route : web::api::api_routes()) {
    std::string method = route.method;
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char ch) { return std::tolower(ch); });
    INFO(route.method << " " << route.path);
    REQUIRE(paths.contains(route.path));
    REQUIRE(paths.at(route.path).contains(method));
    const auto& operation = paths.at(route.path).at(method);
    CHECK(operation.contains("responses"));
    // A route that takes a body documents it; the path's parameters are declared.
    if (method == "post") CHECK(operation.contains("requestBody"));
    served.insert(route.path);
  }
  CHECK(paths.contains("/calendar/{secret}.ics"));
  served.insert("/calendar/{secret}.ics");
  for (const auto& [path, item] : paths.items()) {
    INFO(path);
    CHECK(served.count(path) == 1);
  }
  // The table is what the server routes: a GET of each documented GET path is not a 404.
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  for (const char* path : {"/api/v1/cases", "/api/v1/cases/CMP-X", "/api/v1/cases/CMP-X/events"}) {
    INFO(path);
    auto got = c.Get(path, bearer(officer));
    REQUIRE(got);
    CHECK(got->status != 404);
    CHECK(got->status != 405);
  }
}
