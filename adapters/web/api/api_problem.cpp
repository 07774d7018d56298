#include "adapters/web/api/api_problem.hpp"

namespace timescales::web::api {
namespace {

Problem make(int status, const char* slug, const char* title, std::string detail, std::string field = "") {
  Problem p;
  p.status = status;
  p.type = std::string("urn:timescales:problem:") + slug;
  p.title = title;
  p.detail = std::move(detail);
  p.field = std::move(field);
  return p;
}

}  // namespace

nlohmann::ordered_json Problem::body() const {
  nlohmann::ordered_json j = {{"type", type}, {"title", title}, {"status", status}, {"detail", detail}};
  if (!field.empty()) {
    j["field"] = field;
    j["errors"] = nlohmann::ordered_json::array({{{"field", field}, {"detail", detail}}});
  }
  for (const auto& [key, value] : extra.items()) j[key] = value;
  return j;
}

Reply Reply::of(const Problem& p) {
  Reply r;
  r.status = p.status;
  r.body = p.body();
  r.headers = p.headers;
  r.problem = true;
  return r;
}

Problem problem_of(const Error& e) {
  switch (e.kind) {
    case ErrorKind::invalid_input:
      return make(422, "invalid-field", "A field of the request is not valid", e.message, e.field);
    case ErrorKind::not_found:
      return make(404, "not-found", "Not found", e.message, e.field);
    case ErrorKind::conflict:
      return make(409, "conflict", "The request contradicts what is recorded", e.message, e.field);
    case ErrorKind::forbidden:
      return forbidden("this token may not see or change that case, or there is no such case",
                       e.field.empty() ? "case" : e.field);
    case ErrorKind::busy:
      return service_busy();
    case ErrorKind::io:
      break;
  }
  return internal_error();
}

Problem unauthorized(const std::string& detail) {
  auto p = make(401, "unauthorized", "A valid API token is needed", detail);
  p.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"timescales\"");
  return p;
}

Problem forbidden(const std::string& detail, const std::string& field) {
  return make(403, "forbidden", "Forbidden", detail, field);
}

Problem not_found_route(const std::string& path) {
  return make(404, "no-such-route", "No such route", "the API has no route " + path + " (see /api/v1/openapi.json)");
}

Problem method_not_allowed(const std::string& method, const std::string& allow) {
  auto p = make(405, "method-not-allowed", "Method not allowed",
                method + " is not allowed on this route (allowed: " + allow + ")");
  p.headers.emplace_back("Allow", allow);
  return p;
}

Problem body_too_large(size_t limit) {
  return make(413, "body-too-large", "The request body is too large",
              "a request body may be at most " + std::to_string(limit) + " bytes", "body");
}

Problem unsupported_media_type(const std::string& given) {
  return make(415, "unsupported-media-type", "The body must be JSON",
              "send the body as application/json, not " + given, "body");
}

Problem invalid_field(const std::string& field, const std::string& detail) {
  return make(422, "invalid-field", "A field of the request is not valid", detail, field);
}

Problem service_busy() {
  auto p = make(503, "busy", "The service is busy",
                "the case store is busy with other work for a moment; send the request again shortly");
  p.headers.emplace_back("Retry-After", "1");
  return p;
}

Problem internal_error() {
  return make(500, "internal", "Internal error",
              "the request could not be completed; if it happens again, tell the administrator");
}

Problem problem_for_status(int status, const std::string& path) {
  switch (status) {
    case 400: return make(400, "bad-request", "Bad request", "the request could not be read");
    case 404: return not_found_route(path);
    case 413: return make(413, "body-too-large", "The request body is too large",
                          "the request body is over the server's limit", "body");
    case 414: return make(414, "uri-too-long", "The address is too long", "the request's address is too long");
    case 500: return internal_error();
    case 503: return service_busy();
    default: break;
  }
  if (status < 400) return Problem{0, "", "", "", "", nlohmann::ordered_json::object(), {}};
  return make(status, "http-error", "The request was refused", "status " + std::to_string(status));
}

void write_reply(httplib::Response& res, const Reply& reply) {
  res.status = reply.status;
  for (const auto& [name, value] : reply.headers) res.set_header(name.c_str(), value);
  // Nothing the API says is for a shared cache: it is children's cases.
  res.set_header("Cache-Control", "no-store");
  res.set_content(reply.body.dump(), reply.problem ? kProblemContentType : kJsonContentType);
}

void write_problem(httplib::Response& res, const Problem& problem) { write_reply(res, Reply::of(problem)); }

}  // namespace timescales::web::api
