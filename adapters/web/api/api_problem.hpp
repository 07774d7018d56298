// What the JSON API answers when it refuses: an RFC 9457 problem (application/problem+json)
// with `type`, `title`, `status` and `detail`, and the request's field named twice over — as
// the extension member "field" and as "errors": [{"field", "detail"}], the shape form-filling
// clients expect — so that a caller can point at what was wrong.
//
// An Error from the application layer becomes a problem by its kind: invalid_input 422,
// not_found 404, conflict 409, forbidden 403, busy 503 (with Retry-After), io 500. An io
// error's own words (SQLite's) never reach the caller: they say which file and table, and
// "database is locked" is not a user's business.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "engine/core/result.hpp"

namespace timescales::web::api {

inline constexpr const char* kProblemContentType = "application/problem+json";
inline constexpr const char* kJsonContentType = "application/json";

struct Problem {
  int status = 500;
  std::string type;   // "urn:timescales:problem:invalid-field"
  std::string title;  // the same for every problem of the type
  std::string detail; // this occurrence, in words
  std::string field;  // the request's field it is about; "" when none
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();  // further members (line, column)
  std::vector<std::pair<std::string, std::string>> headers;  // WWW-Authenticate, Retry-After, Allow

  nlohmann::ordered_json body() const;
};

// An answer: a JSON document with its status, or a problem.
struct Reply {
  int status = 200;
  nlohmann::ordered_json body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool problem = false;  // sent as application/problem+json

  static Reply of(const Problem& p);
};

// The problem an application Error is (see above).
Problem problem_of(const Error& e);

// The problems the API says outside any use case.
Problem unauthorized(const std::string& detail);                  // 401, WWW-Authenticate: Bearer
Problem forbidden(const std::string& detail, const std::string& field = "case");  // 403
Problem not_found_route(const std::string& path);                 // 404
Problem method_not_allowed(const std::string& method, const std::string& allow);  // 405, Allow
Problem body_too_large(size_t limit);                             // 413
Problem unsupported_media_type(const std::string& given);         // 415
Problem invalid_field(const std::string& field, const std::string& detail);  // 422
Problem service_busy();                                           // 503, Retry-After
Problem internal_error();                                         // 500, nothing of the cause

// The problem for a status httplib set itself before any route ran (413 for a body over the
// server's payload limit, 400 for a request it could not read), for the server's error handler:
// empty `type` when the status is not an error.
Problem problem_for_status(int status, const std::string& path);

// Writes the reply (a problem as application/problem+json, anything else as application/json).
void write_reply(httplib::Response& res, const Reply& reply);
void write_problem(httplib::Response& res, const Problem& problem);

}  // namespace timescales::web::api
