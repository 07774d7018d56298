#include "adapters/web/api/api_routes.hpp"

#include <cctype>
#include <memory>
#include <variant>

#include "adapters/web/api/api_call.hpp"
#include "adapters/web/raw_routes.hpp"

namespace timescales::web::api {
namespace {

struct Route {
  const char* method;
  const char* pattern;  // over the whole path as sent (raw_routes.hpp)
  const char* path;     // as the OpenAPI document names it
  Handler handler;      // null: the OpenAPI document, which needs no token
};

// Every route, in the order they are tried (the more particular first).
const std::vector<Route>& route_table() {
  static const std::vector<Route> routes = {
      {"GET", R"(/api/v1/openapi\.json)", "/api/v1/openapi.json", nullptr},
      {"GET", R"(/api/v1/cases)", "/api/v1/cases", list_cases},
      {"POST", R"(/api/v1/cases)", "/api/v1/cases", open_case},
      {"GET", R"(/api/v1/cases/([^/]+)/events)", "/api/v1/cases/{id}/events", case_history},
      {"POST", R"(/api/v1/cases/([^/]+)/events)", "/api/v1/cases/{id}/events", record_event},
      {"GET", R"(/api/v1/cases/([^/]+))", "/api/v1/cases/{id}", read_case},
      {"POST", R"(/api/v1/events/([0-9]+)/correction)", "/api/v1/events/{event_id}/correction", correct_event},
      {"POST", R"(/api/v1/events/([0-9]+)/void)", "/api/v1/events/{event_id}/void", void_event},
      {"POST", R"(/api/v1/evaluate)", "/api/v1/evaluate", evaluate_posted},
  };
  return routes;
}

bool starts_with_ci(const std::string& text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

// The principal the bearer token names, or the 401 (or, for a store that stays busy, 503).
std::variant<Principal, Problem> authenticate(const httplib::Request& req, Workbench& bench) {
  const std::string header = req.get_header_value("Authorization");
  if (header.empty()) return unauthorized("send the API token as Authorization: Bearer TOKEN");
  if (!starts_with_ci(header, "Bearer ")) return unauthorized("the Authorization header must be Bearer TOKEN");
  std::string secret = header.substr(7);
  while (!secret.empty() && secret.front() == ' ') secret.erase(secret.begin());
  while (!secret.empty() && secret.back() == ' ') secret.pop_back();
  if (secret.empty()) return unauthorized("the Authorization header must be Bearer TOKEN");
  auto found = retry_while_busy([&] { return bench.accounts->bearer(secret); });
  if (!found) return problem_of(found.error());
  if (!*found) {
    Problem p = unauthorized("the token is not known, or has been revoked");
    p.headers = {{"WWW-Authenticate", "Bearer realm=\"timescales\", error=\"invalid_token\""}};
    return p;
  }
  return **found;
}

void serve(const Route& route, WebService& service, const httplib::Request& req, httplib::Response& res,
           const PathParams& path) {
  try {
    if (req.body.size() > kMaxBodyBytes) return write_problem(res, body_too_large(kMaxBodyBytes));
    if (!route.handler) {
      res.status = 200;
      res.set_content(openapi_document(), kJsonContentType);
      return;
    }
    auto bench = service.workbench();
    if (!bench) return write_problem(res, problem_of(bench.error()));
    auto who = authenticate(req, **bench);
    if (auto* refused = std::get_if<Problem>(&who)) return write_problem(res, *refused);
    Call call{req, service, **bench, std::get<Principal>(who), path};
    write_reply(res, route.handler(call));
  } catch (const std::exception&) {
    // Nothing of the cause goes to the caller (it may be the store's words).
    write_problem(res, internal_error());
  }
}

// The API's routes, by method, matched against the raw path.
struct ApiTables {
  RawRoutes get, post;
};

// A path under /api/ no route takes with this method: 405 when another method takes it, else 404.
void unrouted(const ApiTables& tables, const httplib::Request& req, httplib::Response& res) {
  std::string allow;
  if (tables.get.matches(req)) allow = "GET, HEAD";
  if (tables.post.matches(req)) allow += (allow.empty() ? "" : ", ") + std::string("POST");
  if (allow.empty()) return write_problem(res, not_found_route(req.path));
  write_problem(res, method_not_allowed(req.method, allow));
}

}  // namespace

const std::vector<ApiRouteInfo>& api_routes() {
  static const std::vector<ApiRouteInfo> routes = [] {
    std::vector<ApiRouteInfo> out;
    for (const auto& r : route_table()) out.push_back({r.method, r.path});
    return out;
  }();
  return routes;
}

bool answer_api_error(const httplib::Request& req, httplib::Response& res) {
  if (req.path.rfind("/api/", 0) != 0 || res.status < 400) return false;
  Problem p = problem_for_status(res.status, req.path);
  if (p.type.empty()) return false;
  write_problem(res, p);
  return true;
}

}  // namespace timescales::web::api

namespace timescales::web {

void add_api_routes(httplib::Server& server, WebService& service) {
  using namespace api;
  (void)openapi_document();  // parsed and checked now, not on the first request
  auto tables = std::make_shared<ApiTables>();
  for (const auto& route : route_table()) {
    auto handler = [&route, &service](const httplib::Request& req, httplib::Response& res, const PathParams& path) {
      serve(route, service, req, res, path);
    };
    (std::string_view(route.method) == "GET" ? tables->get : tables->post).add(route.pattern, handler);
  }
  // httplib sees one route per method, the whole of /api/; the tables route within it.
  const char* anything = R"(/api/.*)";
  server.Get(anything, [tables](const httplib::Request& req, httplib::Response& res) {
    if (!tables->get.dispatch(req, res)) unrouted(*tables, req, res);
  });
  server.Post(anything, [tables](const httplib::Request& req, httplib::Response& res) {
    if (!tables->post.dispatch(req, res)) unrouted(*tables, req, res);
  });
  auto other = [tables](const httplib::Request& req, httplib::Response& res) { unrouted(*tables, req, res); };
  server.Put(anything, other);
  server.Patch(anything, other);
  server.Delete(anything, other);
  server.Options(anything, other);
}

}  // namespace timescales::web
