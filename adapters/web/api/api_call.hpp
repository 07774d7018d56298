// One API request as the handlers see it — who is asking (authenticated by bearer token), the
// service and the thread's workbench — and what the handlers share: auditing, assessing a case
// for the answer, and turning a failed Result into the problem the caller gets. The handlers of
// each route are in case_read_handlers.cpp and case_write_handlers.cpp; api_routes.cpp routes,
// authenticates and answers.
//
// Thread-safety: a Call lives for one request on one server thread, as its Workbench.
#pragma once

#include <httplib.h>

#include <string>

#include "adapters/web/api/api_problem.hpp"
#include "adapters/web/api/busy_retry.hpp"
#include "adapters/web/raw_routes.hpp"
#include "adapters/web/web_service.hpp"

namespace timescales::web::api {

// How the audit log names this way in (AuditEntry::via).
inline constexpr const char* kVia = "api";

struct Call {
  const httplib::Request& req;
  WebService& service;
  Workbench& bench;
  Principal principal;
  const PathParams& path;  // the route's groups, decoded: path.at(0) is the {id}
};

using Handler = Reply (*)(Call&);

// Writes a write's audit line (returns once it is committed), retried while the store is busy.
Status audit(Call& call, const std::string& action, const std::string& case_id, const nlohmann::ordered_json& detail);
// Queues a read's audit line (WebService::audit_read).
Status audit_read(Call& call, const std::string& action, const std::string& case_id,
                  const nlohmann::ordered_json& detail);

// The case's evaluation and flags as of `as_of`, exactly as `evaluate --format json` prints it.
Result<nlohmann::ordered_json> evaluation_of(Call& call, const std::string& case_id, Date as_of);

// The ?as_of= date, else the service's today.
Result<Date> as_of_param(Call& call);

// The JSON body, or the problem with it (`body` is set only when the problem is not).
std::optional<Problem> json_body(Call& call, nlohmann::json& body);

// The handlers (one per route; api_routes.cpp's table says which).
Reply read_case(Call& call);        // GET  /api/v1/cases/{id}
Reply case_history(Call& call);     // GET  /api/v1/cases/{id}/events
Reply list_cases(Call& call);       // GET  /api/v1/cases
Reply evaluate_posted(Call& call);  // POST /api/v1/evaluate
Reply open_case(Call& call);        // POST /api/v1/cases
Reply record_event(Call& call);     // POST /api/v1/cases/{id}/events
Reply correct_event(Call& call);    // POST /api/v1/events/{id}/correction
Reply void_event(Call& call);       // POST /api/v1/events/{id}/void

}  // namespace timescales::web::api
