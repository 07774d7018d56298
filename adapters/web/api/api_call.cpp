#include "adapters/web/api/api_call.hpp"

#include "adapters/json/case_json.hpp"
#include "adapters/web/api/api_request.hpp"

namespace timescales::web::api {

Status audit(Call& call, const std::string& action, const std::string& case_id, const nlohmann::ordered_json& detail) {
  return retry_while_busy(
      [&] { return call.service.audit(call.principal, action, case_id, detail.dump(), kVia); });
}

Status audit_read(Call& call, const std::string& action, const std::string& case_id,
                  const nlohmann::ordered_json& detail) {
  return call.service.audit_read(call.principal, action, case_id, detail.dump(), kVia);
}

Result<nlohmann::ordered_json> evaluation_of(Call& call, const std::string& case_id, Date as_of) {
  auto loaded = retry_while_busy([&] { return call.bench.cases->load_case(case_id); });
  if (!loaded) return loaded.error();
  // Gone between the scope check and here (there is no deleting, but a store may be replaced).
  if (!*loaded) return Error{ErrorKind::forbidden, "no such case"}.about("case");
  auto assessed = call.bench.assessor->assess(std::move(**loaded), as_of, Timeline::leave_out);
  if (!assessed) return assessed.error();
  return assessment_to_json(assessed->evaluation, assessed->flags);
}

Result<Date> as_of_param(Call& call) {
  auto given = date_param(call.req, "as_of");
  if (!given) return given.error();
  return given->value_or(call.service.today());
}

std::optional<Problem> json_body(Call& call, nlohmann::json& body) {
  auto parsed = parse_json_body(call.req);
  if (parsed.problem) return parsed.problem;
  body = std::move(parsed.doc);
  return std::nullopt;
}

}  // namespace timescales::web::api
