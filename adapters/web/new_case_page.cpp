// A new case (/cases/new, POST /cases): its workflow (those the role may open), reference, team
// (a team_manager's own), owner, and the first event — one that begins the workflow (moves a
// case out of its start state) — with its date. CaseRegister opens it with that event, in one
// unit of work; the opening is audited.
#include <httplib.h>

#include "adapters/web/page_support.hpp"
#include "adapters/web/web_pages.hpp"
#include "adapters/web/web_service.hpp"

namespace timescales::web {
namespace {

using FieldErrors = std::vector<std::pair<std::string, std::string>>;

std::string field(const FormFields& f, const std::string& name) {
  auto found = f.find(name);
  return found == f.end() ? "" : found->second;
}

std::string trimmed(std::string s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// The workflows the user may open a case of (for their own team, for a team_manager).
std::vector<const WorkflowDefinition*> openable(const WebService& service, const Principal& p) {
  std::vector<const WorkflowDefinition*> out;
  for (const auto& id : service.engine().workflows.ids()) {
    if (!service.access().may_open(p, id, p.team)) continue;
    const WorkflowDefinition* def = service.engine().workflows.in_force(id, service.today());
    if (!def) def = service.engine().workflows.latest(id);
    if (def) out.push_back(def);
  }
  return out;
}

// The events that begin a case of the workflow: those that move it out of its start state.
std::vector<std::string> opening_events(const WorkflowDefinition& def) {
  std::vector<std::string> out;
  for (const auto& id : def.events_allowed_in(def.start_state))
    if (auto to = def.next_state(def.start_state, id); to && *to != def.start_state) out.push_back(id);
  return out;
}

void new_case_page(PageSite& site, httplib::Response& res, const SignedIn& who, const FormFields& given,
                   const FieldErrors& errors) {
  const auto workflows = openable(site.service, who.principal);
  if (workflows.empty()) return send_error_page(res, site, &who, 403);
  Page page{"case_new", "New case", "new", {}, errors.empty() ? 200 : 422, !errors.empty()};
  mstch::map& d = page.data;
  const std::string chosen = field(given, "workflow"), event = field(given, "event");
  mstch::array options, events;
  for (const WorkflowDefinition* def : workflows) {
    options.push_back(mstch::map{{"id", def->id}, {"title", def->title}, {"selected", def->id == chosen}});
    for (const auto& e : opening_events(*def)) {
      const std::string value = def->id + ":" + e;
      events.push_back(mstch::map{{"value", value}, {"label", e + " (" + def->id + ")"}, {"selected", value == event}});
    }
  }
  d["workflows"] = options;
  d["events"] = events;
  d["reference"] = field(given, "reference");
  d["team_fixed"] = !who.principal.team.empty();
  d["team"] = who.principal.team.empty() ? field(given, "team") : who.principal.team;
  d["owner"] = field(given, "owner");
  d["date_day"] = field(given, "date-day");
  d["date_month"] = field(given, "date-month");
  d["date_year"] = field(given, "date-year");
  add_field_errors(d, errors);
  send_page(res, site, &who, std::move(page));
}

void new_case_post(PageSite& site, httplib::Response& res, const SignedIn& who, const FormFields& f) {
  WebService& service = site.service;
  FieldErrors errors;
  const std::string workflow = field(f, "workflow");
  const std::string reference = trimmed(field(f, "reference"));
  const std::string team = who.principal.team.empty() ? trimmed(field(f, "team")) : who.principal.team;
  const std::string owner = trimmed(field(f, "owner"));
  const WorkflowDefinition* def = nullptr;
  for (const WorkflowDefinition* d : openable(service, who.principal))
    if (d->id == workflow) def = d;
  if (!def) errors.emplace_back("workflow", "Choose the workflow the case follows");
  if (reference.empty()) errors.emplace_back("reference", "Enter the case's reference");
  else if (reference.size() > 100 || reference.find('/') != std::string::npos)
    errors.emplace_back("reference", "The reference must be 100 characters or fewer, without '/'");
  if (team.empty()) errors.emplace_back("team", "Enter the team responsible");
  if (def && !service.access().may_open(who.principal, workflow, team))
    errors.emplace_back("team", "Your role may not open a case for that team");
  std::string event;
  const std::string chosen_event = field(f, "event");
  if (def) {
    for (const auto& e : opening_events(*def))
      if (chosen_event == def->id + ":" + e) event = e;
    if (event.empty()) errors.emplace_back("event", "Choose an event that begins a " + def->id + " case");
  }
  auto date = date_from_fields(f, "date", "the date it happened");
  if (!date) errors.emplace_back("date", date.error().message);
  else if (*date > service.today()) errors.emplace_back("date", "The date it happened must be today or in the past");
  if (!errors.empty()) return new_case_page(site, res, who, f, errors);

  auto bench = service.workbench();
  if (!bench) return send_error_page(res, site, &who, 500);
  // A reference taken is refused rather than given an event: the case may be another team's.
  auto existing = (*bench)->cases->find_case(reference);
  if (!existing) return send_error_page(res, site, &who, 500);
  if (*existing) return new_case_page(site, res, who, f, {{"reference", "A case with this reference already exists"}});
  auto cases = service.case_register();
  if (!cases) return send_error_page(res, site, &who, 500);
  auto recorded = cases->record_event(reference, {event, *date, "", 0}, web_source(who.principal, "new case"),
                                      Opening{workflow, team, owner.empty() ? std::nullopt : std::optional(owner)});
  if (!recorded) {
    const Error& err = recorded.error();
    if (err.kind == ErrorKind::busy || err.kind == ErrorKind::io) return send_error_page(res, site, &who, 500);
    const std::string at = err.field == "type" ? "event" : err.field == "workflow" || err.field == "date" ? err.field : "reference";
    return new_case_page(site, res, who, f, {{at, err.message}});
  }
  auto audited = service.audit(who.principal, "open_case", reference,
                               audit_detail({{"workflow", workflow},
                                             {"team", team},
                                             {"owner", owner},
                                             {"event", std::to_string(recorded->event_id)},
                                             {"type", event},
                                             {"date", to_iso(*date)}}),
                               "web");
  if (!audited) return send_error_page(res, site, &who, 500);
  redirect(res, "/cases/" + url_segment(reference));
}

}  // namespace

void add_new_case_routes(httplib::Server&, PageSite& site) {
  page_get(site, "/cases/new", "/cases/new",
           [&site](const httplib::Request&, httplib::Response& res, const SignedIn& who) {
             new_case_page(site, res, who, {}, {});
           });
  form_post(site, "/cases", "/cases",
            [&site](const httplib::Request&, httplib::Response& res, const SignedIn& who, const FormFields& f) {
              new_case_post(site, res, who, f);
            });
}

}  // namespace timescales::web
