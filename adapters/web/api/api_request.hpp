// Reading what an API request sends — its JSON body, the fields of it, the query's parameters —
// so that every refusal names the field: a body that is not JSON is a 400 saying where (line,
// column and byte, as nlohmann finds it); a field of the wrong type or form is an Error about
// that field (a 422 once it is a Problem: "date" must be a string, YYYY-MM-DD). Fields nested
// in a body are named by their path: "events[1].date", "attributes.team".
//
// Thread-safety: pure functions.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>

#include "adapters/web/api/api_problem.hpp"
#include "engine/case/case.hpp"
#include "engine/core/result.hpp"

namespace timescales::web::api {

// The body as JSON: `problem` set (400, with line, column and byte; or 415 for a body said to be
// something other than JSON) when it cannot be read as an object.
struct JsonBody {
  nlohmann::json doc;
  std::optional<Problem> problem;
};
JsonBody parse_json_body(const httplib::Request& req);

// Fields of a JSON object, named `path` in refusals.
Result<std::string> required_text(const nlohmann::json& object, const std::string& key, const std::string& path);
Result<std::optional<std::string>> optional_text(const nlohmann::json& object, const std::string& key,
                                                 const std::string& path);
Result<Date> required_date(const nlohmann::json& object, const std::string& key, const std::string& path);
Result<std::optional<Date>> optional_date(const nlohmann::json& object, const std::string& key,
                                          const std::string& path);

// Query parameters. Absent (or empty) is nullopt; anything unreadable an Error about the parameter.
Result<std::optional<Date>> date_param(const httplib::Request& req, const std::string& name);
Result<std::optional<long>> integer_param(const httplib::Request& req, const std::string& name, long least,
                                          long most);
std::string text_param(const httplib::Request& req, const std::string& name);

// A case as the engine contract §2 writes one (POST /api/v1/evaluate, POST /api/v1/cases), each
// field checked and named, then read by the one case reader `evaluate` uses (case_json.hpp). The
// body may also give "team" and "owner" (else they are the attributes of those names).
struct CaseBody {
  Case c;
  std::optional<std::string> team, owner;
};
Result<CaseBody> read_case_body(const nlohmann::json& doc, const std::string& text);

}  // namespace timescales::web::api
