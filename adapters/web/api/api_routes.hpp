// The JSON API under /api/v1 (engine contract §6) and the personal iCalendar feeds, as routes
// on the web server (`timescales serve`):
//
//   GET  /api/v1/cases?workflow=&team=&owner=&cohort=&state=&status=&due_within=&as_of=&page=&per_page=
//   POST /api/v1/cases                       a case file (§2), perhaps with team and owner → 201
//   GET  /api/v1/cases/{id}?as_of=           the evaluation, as `evaluate --format json` prints it
//   GET  /api/v1/cases/{id}/events           every recorded event, with its id, corrected or not
//   POST /api/v1/cases/{id}/events           {"type","date","reason"} → 201, the evaluation after
//   POST /api/v1/events/{id}/correction      {"type","date","reason","why"} → 201
//   POST /api/v1/events/{id}/void            {"why"} → 200
//   POST /api/v1/evaluate?as_of=             a case file → its evaluation; nothing stored
//   GET  /api/v1/openapi.json                the OpenAPI 3.1 document of all of these
//   GET  /calendar/{secret}.ics              a user's deadlines (calendar_feed_route.cpp)
//
// Every /api/v1 route but the document takes `Authorization: Bearer TOKEN` (`timescales token
// add`); refusals are application/problem+json (api_problem.hpp). Any other path under /api/
// is a 404 problem, and a known path asked with another method a 405 with Allow: so
// add_api_routes must be called before any catch-all route the server has.
//
// Thread-safety: the handlers run on the server's threads, each with its thread's Workbench.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "adapters/web/web_service.hpp"

namespace timescales::web::api {

// Bodies larger than this are refused (413) before they are read as JSON. A case file with a
// few hundred events is a few tens of kilobytes.
inline constexpr size_t kMaxBodyBytes = 256 * 1024;

// A route the API serves, as the OpenAPI document names it ("/api/v1/cases/{id}").
struct ApiRouteInfo {
  std::string method;  // "GET", "POST"
  std::string path;
};
const std::vector<ApiRouteInfo>& api_routes();

// The OpenAPI document served at /api/v1/openapi.json (openapi_document.cpp).
const std::string& openapi_document();

// For the server's error handler: when httplib itself refused a request under /api/ (a body over
// the server's payload limit is a 413 before any route runs), writes the problem+json body and
// returns true; false for any other path, which the server answers in its own way.
bool answer_api_error(const httplib::Request& req, httplib::Response& res);

}  // namespace timescales::web::api

namespace timescales::web {

void add_api_routes(httplib::Server& server, WebService& service);
void add_calendar_feed_routes(httplib::Server& server, WebService& service);  // GET /calendar/{secret}.ics

}  // namespace timescales::web
