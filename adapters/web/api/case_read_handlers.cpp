// The API's reads: a case's evaluation, its recorded events, the caseload, and evaluating a
// posted case without storing it. Every read of a case is audited ("read"); a list is audited as
// one "list" line naming the query and the cases it listed, not as a read of each (it shows no
// case's record, only the line the caseload page shows).
#include "adapters/json/case_json.hpp"
#include "adapters/web/api/api_call.hpp"
#include "adapters/web/api/api_request.hpp"
#include "application/caseload/caseload_search.hpp"

namespace timescales::web::api {
namespace {

using ordered = nlohmann::ordered_json;

ordered optional_id(const std::optional<int64_t>& id) { return id ? ordered(*id) : ordered(nullptr); }

}  // namespace

Reply read_case(Call& call) {
  const std::string id = call.path.at(0);
  auto as_of = as_of_param(call);
  if (!as_of) return Reply::of(problem_of(as_of.error()));
  auto record = retry_while_busy([&] { return call.service.readable(call.principal, id); });
  if (!record) return Reply::of(problem_of(record.error()));
  auto evaluation = evaluation_of(call, id, *as_of);
  if (!evaluation) return Reply::of(problem_of(evaluation.error()));
  if (auto audited = audit_read(call, "read", id, {{"as_of", to_iso(*as_of)}}); !audited)
    return Reply::of(problem_of(audited.error()));
  return {200, std::move(*evaluation), {}, false};
}

Reply case_history(Call& call) {
  const std::string id = call.path.at(0);
  auto record = retry_while_busy([&] { return call.service.readable(call.principal, id); });
  if (!record) return Reply::of(problem_of(record.error()));
  auto history = retry_while_busy([&] { return call.bench.cases->event_history(id); });
  if (!history) return Reply::of(problem_of(history.error()));
  ordered events = ordered::array();
  for (const auto& e : *history) {
    ordered line = {{"id", e.id},
                    {"type", e.event.type},
                    {"date", to_iso(e.event.date)},
                    {"time", e.event.time ? ordered(to_hh_mm(*e.event.time)) : ordered(nullptr)},
                    {"reason", e.event.reason.empty() ? ordered(nullptr) : ordered(e.event.reason)},
                    {"in_force", !e.superseded_by && !e.voided},
                    {"source", e.source.file},
                    {"recorded_by", e.source.recorded_by.empty() ? ordered(nullptr) : ordered(e.source.recorded_by)},
                    {"recorded_at", e.recorded_at},
                    {"supersedes", optional_id(e.supersedes)},
                    {"superseded_by", optional_id(e.superseded_by)},
                    {"voided", e.voided}};
    if (e.amended)
      line["amendment"] = {{"kind", e.amended->kind == EventAmendment::Kind::voided ? "voided" : "corrected"},
                           {"why", e.amended->reason},
                           {"recorded_at", e.amended->recorded_at}};
    events.push_back(std::move(line));
  }
  if (auto audited = audit_read(call, "read", id, {{"what", "events"}}); !audited) return Reply::of(problem_of(audited.error()));
  return {200, {{"id", id}, {"events", std::move(events)}}, {}, false};
}

Reply list_cases(Call& call) {
  const RoleAccess& role = call.service.access().of(call.principal.role);
  if (role.workflows.empty() && !role.every_workflow)
    return Reply::of(forbidden("this token's role (" + std::string(role_name(call.principal.role)) + ") reads no case", ""));
  CaseloadQuery query;
  CaseFilter requested;
  requested.workflow = text_param(call.req, "workflow");
  requested.team = text_param(call.req, "team");
  requested.owner = text_param(call.req, "owner");
  requested.cohort = text_param(call.req, "cohort");
  query.state = text_param(call.req, "state");
  const std::string status = text_param(call.req, "status");
  if (!status.empty()) {
    auto parsed = parse_case_status_filter(status);
    if (!parsed)
      return Reply::of(invalid_field("status", "status must be overdue, at_risk, running or any, not '" + status + "'"));
    query.status = *parsed;
  }
  auto due_within = integer_param(call.req, "due_within", 0, 366);
  auto page = integer_param(call.req, "page", 1, 1000000);
  auto per_page = integer_param(call.req, "per_page", 1, 200);
  auto as_of = as_of_param(call);
  for (const Status& s : {due_within ? Status{Ok{}} : Status{due_within.error()}, page ? Status{Ok{}} : Status{page.error()},
                          per_page ? Status{Ok{}} : Status{per_page.error()}, as_of ? Status{Ok{}} : Status{as_of.error()}})
    if (!s) return Reply::of(problem_of(s.error()));
  if (*due_within) query.due_within_working_days = static_cast<int>(**due_within);
  query.page = static_cast<size_t>(page->value_or(1));
  query.per_page = static_cast<size_t>(per_page->value_or(50));
  query.as_of = *as_of;

  const auto narrowed = call.service.access().narrow(call.principal, requested);
  CaseloadPage found;
  found.page = query.page;
  found.per_page = query.per_page;
  if (!narrowed.nothing) {
    query.filter = narrowed.filter;
    auto searched = retry_while_busy([&] { return search_caseload(*call.bench.cases, *call.bench.assessor, query); });
    if (!searched) return Reply::of(problem_of(searched.error()));
    found = std::move(*searched);
  }
  ordered cases = ordered::array();
  ordered listed = ordered::array();
  for (const auto& line : found.cases) {
    ordered next = nullptr;
    if (const TimerResult* t = line.next_timer())
      next = {{"timer", t->id},
              {"status", std::string(timer_status_name(t->status))},
              {"due", t->due ? ordered(to_iso(*t->due)) : ordered(nullptr)}};
    cases.push_back({{"id", line.case_id},
                     {"workflow", line.workflow},
                     {"team", line.team.empty() ? ordered(nullptr) : ordered(line.team)},
                     {"owner", line.owner.empty() ? ordered(nullptr) : ordered(line.owner)},
                     {"state", line.state},
                     {"overdue", line.overdue},
                     {"at_risk", line.at_risk},
                     {"next", std::move(next)}});
    listed.push_back(line.case_id);
  }
  ordered asked = ordered::object();
  for (const auto& [key, value] : call.req.params) asked[key] = value;
  if (auto audited = audit_read(call, "list", "", {{"query", asked}, {"cases", listed}}); !audited)
    return Reply::of(problem_of(audited.error()));
  ordered body = {{"as_of", to_iso(query.as_of)},
                  {"cases", std::move(cases)},
                  {"paging", {{"total", found.total}, {"page", found.page}, {"per_page", found.per_page},
                              {"pages", found.pages()}}}};
  return {200, std::move(body), {}, false};
}

Reply evaluate_posted(Call& call) {
  nlohmann::json doc;
  if (auto problem = json_body(call, doc)) return Reply::of(*problem);
  auto as_of = as_of_param(call);
  if (!as_of) return Reply::of(problem_of(as_of.error()));
  auto body = read_case_body(doc, call.req.body);
  if (!body) return Reply::of(problem_of(body.error()));
  const Case& c = body->c;
  if (call.service.engine().workflows.versions(c.workflow).empty())
    return Reply::of(invalid_field("workflow", "unknown workflow '" + c.workflow + "'"));
  // What a role may not read it may not evaluate either: the same scope as a stored case.
  CaseRecord as_record;
  as_record.id = c.id;
  as_record.workflow = c.workflow;
  as_record.attributes = c.attributes;
  as_record.team = body->team;
  as_record.owner = body->owner;
  if (!call.service.access().may_read(call.principal, as_record))
    return Reply::of(forbidden("this token's role may not read cases of that workflow or team", "workflow"));
  if (auto version = call.service.engine().workflows.for_case(c); !version)
    return Reply::of(invalid_field("workflow", version.error().message));
  auto assessed = call.bench.assessor->assess(c, *as_of, Timeline::leave_out);
  if (!assessed) return Reply::of(problem_of(assessed.error()));
  return {200, assessment_to_json(assessed->evaluation, assessed->flags), {}, false};
}

}  // namespace timescales::web::api
