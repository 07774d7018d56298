#include "adapters/web/api/api_routes.hpp"

#include <cctype>
#include <regex>
#include <variant>

#include "adapters/web/api/api_call.hpp"

namespace timescales::web::api {
namespace {

struct Route {
  const char* method;
  const char* pattern;  // httplib matches the whole path
  const char* path;     // as the OpenAPI document names it
  Handler handler;      // null: the OpenAPI document, which needs no token
};

// Every route, in the order httplib tries them (the more particular first).
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

void serve(const Route& route, WebService& service, const httplib::Request& req, httplib::Response& res) {
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
    Call call{req, service, **bench, std::get<Principal>(who)};
    write_reply(res, route.handler(call));
  } catch (const std::exception&) {
    // Nothing of the cause goes to the caller (it may be the store's words).
    write_problem(res, internal_error());
  }
}

// A path under /api/ no route takes with this method: 405 when another method takes it, else 404.
void unrouted(const httplib::Request& req, httplib::Response& res) {
  std::string allow;
  for (const auto& r : route_table())
    if (std::regex_match(req.path, std::regex(r.pattern)) && allow.find(r.method) == std::string::npos) {
      allow += (allow.empty() ? "" : ", ") + std::string(r.method);
      if (std::string_view(r.method) == "GET") allow += ", HEAD";
    }
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
  for (const auto& route : route_table()) {
    auto handler = [&route, &service](const httplib::Request& req, httplib::Response& res) {
      serve(route, service, req, res);
    };
    if (std::string_view(route.method) == "GET")
      server.Get(route.pattern, handler);
    else
      server.Post(route.pattern, handler);
  }
  const char* anything = R"(/api/.*)";
  server.Get(anything, unrouted);
  server.Post(anything, unrouted);
  server.Put(anything, unrouted);
  server.Patch(anything, unrouted);
  server.Delete(anything, unrouted);
  server.Options(anything, unrouted);
}

}  // namespace timescales::web
