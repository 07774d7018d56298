// Recording an event, and correcting one recorded wrongly.
//
// Record (/cases/{id}/events/new, then POST /cases/{id}/events): first the events the workflow
// allows in the case's current state (the workflow definition's transitions from that state, and
// its any-state events); then the date, and the reason where the workflow asks for one (its list,
// when it has one); then a check, showing the clocks as they would be after the event (the
// stored case with the event added, assessed and not stored); then the save, by CaseRegister,
// whose refusals come back under their own field. The form refuses at once a date that is not a
// real date or that is after today; CaseRegister refuses the rest (a date before the case began,
// a reason the event may not give) when saving.
//
// Correct (/events/{id}/correct): a new date, event or reason and a required "why"; the old event
// stays in the history, superseded (CaseRegister::correct_event).
#include <httplib.h>

#include <algorithm>
#include <charconv>

#include "adapters/web/case_views.hpp"
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

// A case the user may change, as stored and as the engine reads it today.
struct WritableCase {
  CaseRecord record;
  Case loaded;
  const WorkflowDefinition* definition = nullptr;
  std::string state;
};

// 403 for a case out of scope or not there; 500 for a store that failed.
std::optional<WritableCase> writable_case(PageSite& site, const SignedIn& who, const std::string& case_id,
                                          httplib::Response& res) {
  WebService& service = site.service;
  auto record = service.writable(who.principal, case_id);
  if (!record) {
    send_error_page(res, site, &who, record.error().kind == ErrorKind::forbidden ? 403 : 500);
    return std::nullopt;
  }
  auto bench = service.workbench();
  if (!bench) return send_error_page(res, site, &who, 500), std::nullopt;
  auto loaded = (*bench)->cases->load_case(case_id);
  if (!loaded || !*loaded) return send_error_page(res, site, &who, loaded ? 403 : 500), std::nullopt;
  auto version = service.engine().workflows.for_case(**loaded);
  if (!version) return send_error_page(res, site, &who, 500), std::nullopt;
  auto assessed = (*bench)->assessor->assess(**loaded, service.today(), Timeline::leave_out);
  if (!assessed) return send_error_page(res, site, &who, 500), std::nullopt;
  return WritableCase{std::move(*record), std::move(**loaded), version->definition, assessed->evaluation.state};
}

// The events the workflow allows in the case's state, in the definition's order.
std::vector<const EventDefinition*> allowed_events(const WritableCase& c) {
  std::vector<const EventDefinition*> events;
  const auto state = c.definition->state_index(c.state);
  if (!state) return events;
  for (const auto& id : c.definition->events_allowed_in(*state))
    if (const EventDefinition* e = c.definition->event(id)) events.push_back(e);
  return events;
}

const EventDefinition* allowed(const WritableCase& c, const std::string& type) {
  for (const EventDefinition* e : allowed_events(c))
    if (e->id == type) return e;
  return nullptr;
}

// Whether the workflow asks for a reason with the event: it says so, or the event extends a limit.
bool needs_reason(const WorkflowDefinition& def, const EventDefinition& e) {
  if (e.reason_required) return true;
  return std::any_of(def.timers.begin(), def.timers.end(), [&](const TimerDefinition& t) {
    return t.extension && std::find(t.extension->on.begin(), t.extension->on.end(), e.id) != t.extension->on.end();
  });
}

std::string case_href(const std::string& case_id) { return "/cases/" + url_segment(case_id); }

void add_case_heading(mstch::map& d, const WritableCase& c) {
  d["case_id"] = c.record.id;
  d["case_href"] = case_href(c.record.id);
  d["workflow"] = c.record.workflow;
  d["state"] = c.state;
}

void add_date_fields(mstch::map& d, const FormFields& f, const std::string& name) {
  d[name + "_day"] = field(f, name + "-day");
  d[name + "_month"] = field(f, name + "-month");
  d[name + "_year"] = field(f, name + "-year");
}

// Step 1: which event.
void choose_event_page(PageSite& site, httplib::Response& res, const SignedIn& who, const WritableCase& c,
                       const FieldErrors& errors) {
  Page page{"event_choose", "Record an event", "cases", {}, errors.empty() ? 200 : 422, !errors.empty()};
  add_case_heading(page.data, c);
  mstch::array events;
  for (const EventDefinition* e : allowed_events(c))
    events.push_back(mstch::map{{"id", e->id}, {"description", e->description}});
  page.data["events"] = events;
  page.data["has_events"] = !events.empty();
  page.data["form_href"] = case_href(c.record.id) + "/events/new";
  add_field_errors(page.data, errors);
  send_page(res, site, &who, std::move(page));
}

// Step 2: when, and why where the workflow asks.
void event_details_page(PageSite& site, httplib::Response& res, const SignedIn& who, const WritableCase& c,
                        const EventDefinition& e, const FormFields& given, const FieldErrors& errors) {
  Page page{"event_details", "Record " + e.id, "cases", {}, errors.empty() ? 200 : 422, !errors.empty()};
  mstch::map& d = page.data;
  add_case_heading(d, c);
  d["type"] = e.id;
  d["description"] = e.description;
  d["post_href"] = case_href(c.record.id) + "/events";
  d["change_href"] = case_href(c.record.id) + "/events/new";
  add_date_fields(d, given, "date");
  const std::string reason = field(given, "reason");
  mstch::array reasons;
  for (const auto& r : e.reasons) reasons.push_back(mstch::map{{"id", r}, {"checked", r == reason}});
  d["reasons"] = reasons;
  d["has_reason_list"] = !reasons.empty();
  d["reason_text"] = e.reasons.empty();
  d["reason"] = reason;
  d["needs_reason"] = needs_reason(*c.definition, e);
  d["time"] = field(given, "time");
  add_field_errors(d, errors);
  send_page(res, site, &who, std::move(page));
}

// The form's own checks of step 2 (the rest are CaseRegister's, when saving).
FieldErrors check_details(const WebService& service, const WorkflowDefinition& def, const EventDefinition& e,
                          const FormFields& f, std::optional<Date>& date, std::optional<TimeOfDay>& time) {
  FieldErrors errors;
  auto parsed = date_from_fields(f, "date", "the date it happened");
  if (!parsed) {
    errors.emplace_back("date", parsed.error().message);
  } else if (*parsed > service.today()) {
    errors.emplace_back("date", "The date it happened must be today or in the past");
  } else {
    date = *parsed;
  }
  const std::string reason = field(f, "reason");
  if (reason.empty() && needs_reason(def, e)) errors.emplace_back("reason", "Say why (the workflow needs a reason for " + e.id + ")");
  if (!reason.empty() && !e.reasons.empty() && std::find(e.reasons.begin(), e.reasons.end(), reason) == e.reasons.end())
    errors.emplace_back("reason", "Choose one of the reasons listed");
  if (const std::string at = field(f, "time"); !at.empty()) {
    auto parsed_time = parse_time_of_day(at);
    if (!parsed_time) errors.emplace_back("time", "Enter the time on the 24-hour clock, like 21:40, or leave it blank");
    else time = *parsed_time;
  }
  return errors;
}

// Step 3: the clocks as they would be after the event, nothing stored.
void check_page(PageSite& site, httplib::Response& res, const SignedIn& who, const WritableCase& c,
                const CaseEvent& event) {
  auto bench = site.service.workbench();
  if (!bench) return send_error_page(res, site, &who, 500);
  Case after = c.loaded;
  int last = 0;
  for (const auto& e : after.events) last = std::max(last, e.sequence);
  CaseEvent added = event;
  added.sequence = last + 1;
  after.events.push_back(added);
  auto assessed = (*bench)->assessor->assess(std::move(after), site.service.today(), Timeline::leave_out);
  if (!assessed) return send_error_page(res, site, &who, 500);
  Page page{"event_check", "Check the event before saving", "cases", {}, 200};
  mstch::map& d = page.data;
  add_case_heading(d, c);
  add_assessment(d, *assessed);
  d["state_after"] = assessed->evaluation.state;
  d["type"] = event.type;
  d["reason"] = event.reason;
  d["date"] = to_long(event.date) + (event.time ? ", " + to_hh_mm(*event.time) : "");
  d["time"] = event.time ? to_hh_mm(*event.time) : "";
  d["date_day"] = std::to_string(day_of(event.date));
  d["date_month"] = std::to_string(month_of(event.date));
  d["date_year"] = std::to_string(year_of(event.date));
  d["post_href"] = case_href(c.record.id) + "/events";
  d["change_href"] = case_href(c.record.id) + "/events/new?type=" + url_query_value(event.type);
  send_page(res, site, &who, std::move(page));
}

void record_event_post(PageSite& site, const std::string& case_id, httplib::Response& res, const SignedIn& who,
                       const FormFields& f) {
  auto c = writable_case(site, who, case_id, res);
  if (!c) return;
  const EventDefinition* e = allowed(*c, field(f, "type"));
  if (!e) return choose_event_page(site, res, who, *c, {{"type", "Choose one of the events this case can have now"}});
  std::optional<Date> date;
  std::optional<TimeOfDay> time;
  if (auto errors = check_details(site.service, *c->definition, *e, f, date, time); !errors.empty())
    return event_details_page(site, res, who, *c, *e, f, errors);
  const CaseEvent event{e->id, *date, field(f, "reason"), 0, time};
  if (field(f, "action") != "save") return check_page(site, res, who, *c, event);

  auto cases = site.service.case_register();
  if (!cases) return send_error_page(res, site, &who, 500);
  auto recorded = cases->record_event(case_id, event, web_source(who.principal, "record an event"));
  if (!recorded) {
    const Error& err = recorded.error();
    if (err.kind == ErrorKind::busy || err.kind == ErrorKind::io) return send_error_page(res, site, &who, 500);
    const std::string at = err.field == "type" || err.field == "reason" ? err.field : "date";
    if (at == "type") return choose_event_page(site, res, who, *c, {{"type", err.message}});
    return event_details_page(site, res, who, *c, *e, f, {{at, err.message}});
  }
  if (recorded->added) {
    auto audited = site.service.audit(who.principal, "record_event", case_id,
                                      audit_detail({{"event", std::to_string(recorded->event_id)},
                                                    {"type", event.type},
                                                    {"date", to_iso(event.date)},
                                                    {"time", event.time ? to_hh_mm(*event.time) : ""},
                                                    {"reason", event.reason}}),
                                      "web");
    if (!audited) return send_error_page(res, site, &who, 500);
  }
  redirect(res, case_href(case_id));
}

// --- Correcting ------------------------------------------------------------------------------

struct RecordedEventOf {
  WritableCase c;
  StoredEvent event;
};

std::optional<RecordedEventOf> event_to_correct(PageSite& site, const SignedIn& who, const std::string& id_text,
                                                httplib::Response& res) {
  int64_t id = 0;
  auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc{} || end != id_text.data() + id_text.size() || id <= 0)
    return send_error_page(res, site, &who, 404), std::nullopt;
  auto cases = site.service.case_register();
  if (!cases) return send_error_page(res, site, &who, 500), std::nullopt;
  auto case_id = cases->case_of_event(id);
  // No such event is answered as an event out of scope: nothing says which ids exist.
  if (!case_id) return send_error_page(res, site, &who, case_id.error().kind == ErrorKind::not_found ? 403 : 500), std::nullopt;
  auto c = writable_case(site, who, *case_id, res);
  if (!c) return std::nullopt;
  auto bench = site.service.workbench();
  if (!bench) return send_error_page(res, site, &who, 500), std::nullopt;
  auto history = (*bench)->cases->event_history(*case_id);
  if (!history) return send_error_page(res, site, &who, 500), std::nullopt;
  for (auto& e : *history)
    if (e.id == id) return RecordedEventOf{std::move(*c), std::move(e)};
  return send_error_page(res, site, &who, 403), std::nullopt;
}

void correct_page(PageSite& site, httplib::Response& res, const SignedIn& who, const RecordedEventOf& r,
                  const FormFields& given, const FieldErrors& errors) {
  Page page{"event_correct", "Correct event #" + std::to_string(r.event.id), "cases", {}, errors.empty() ? 200 : 422,
            !errors.empty()};
  mstch::map& d = page.data;
  add_case_heading(d, r.c);
  d["event_id"] = std::to_string(r.event.id);
  d["recorded_type"] = r.event.event.type;
  d["recorded_date"] = to_long(r.event.event.date) + (r.event.event.time ? ", " + to_hh_mm(*r.event.event.time) : "");
  d["recorded_reason"] = r.event.event.reason;
  d["post_href"] = "/events/" + std::to_string(r.event.id) + "/correct";
  d["in_force"] = !r.event.superseded_by && !r.event.voided;
  const std::string type = given.count("type") ? field(given, "type") : r.event.event.type;
  mstch::array types;
  for (const auto& e : r.c.definition->events)
    types.push_back(mstch::map{{"id", e.id}, {"selected", e.id == type}});
  d["types"] = types;
  if (given.count("date-day")) {
    add_date_fields(d, given, "date");
  } else {
    d["date_day"] = std::to_string(day_of(r.event.event.date));
    d["date_month"] = std::to_string(month_of(r.event.event.date));
    d["date_year"] = std::to_string(year_of(r.event.event.date));
  }
  d["reason"] = given.count("reason") ? field(given, "reason") : r.event.event.reason;
  d["time"] = given.count("time") ? field(given, "time") : (r.event.event.time ? to_hh_mm(*r.event.event.time) : "");
  d["why"] = field(given, "why");
  add_field_errors(d, errors);
  send_page(res, site, &who, std::move(page));
}

void correct_post(PageSite& site, const std::string& id_text, httplib::Response& res, const SignedIn& who,
                  const FormFields& f) {
  auto r = event_to_correct(site, who, id_text, res);
  if (!r) return;
  FieldErrors errors;
  EventChange change;
  const std::string type = field(f, "type");
  if (!r->c.definition->event(type)) errors.emplace_back("type", "Choose the event that did happen");
  else if (type != r->event.event.type) change.type = type;
  auto date = date_from_fields(f, "date", "the date it happened");
  if (!date) errors.emplace_back("date", date.error().message);
  else if (*date > site.service.today()) errors.emplace_back("date", "The date it happened must be today or in the past");
  else if (*date != r->event.event.date) change.date = *date;
  const std::string reason = field(f, "reason");
  if (reason != r->event.event.reason) change.reason = reason;
  if (f.count("time")) {  // blank: no time known (one recorded in error is taken out)
    std::optional<TimeOfDay> time;
    if (const std::string at = field(f, "time"); !at.empty()) {
      auto parsed = parse_time_of_day(at);
      if (!parsed) errors.emplace_back("time", "Enter the time on the 24-hour clock, like 21:40, or leave it blank");
      else time = *parsed;
    }
    if (time != r->event.event.time) change.time = time;
  }
  std::string why = field(f, "why");
  if (why.find_first_not_of(" \t\r\n") == std::string::npos) errors.emplace_back("why", "Say why the recorded event was wrong");
  if (errors.empty() && !change.type && !change.date && !change.reason && !change.time)
    errors.emplace_back("date", "Change the date, the time, the event or its reason: as given, it is what was recorded");
  if (!errors.empty()) return correct_page(site, res, who, *r, f, errors);

  auto cases = site.service.case_register();
  if (!cases) return send_error_page(res, site, &who, 500);
  auto corrected = cases->correct_event(r->c.record.id, r->event.id, change, why, web_source(who.principal, "correct an event"));
  if (!corrected) {
    const Error& err = corrected.error();
    if (err.kind == ErrorKind::busy || err.kind == ErrorKind::io) return send_error_page(res, site, &who, 500);
    const std::string at = err.field == "type" || err.field == "reason" || err.field == "why" ? err.field : "date";
    return correct_page(site, res, who, *r, f, {{at, err.message}});
  }
  std::map<std::string, std::string> detail{{"event", std::to_string(r->event.id)},
                                            {"corrected_by", std::to_string(*corrected)},
                                            {"why", why}};
  if (change.type) detail["type"] = *change.type;
  if (change.date) detail["date"] = to_iso(*change.date);
  if (change.reason) detail["reason"] = *change.reason;
  if (change.time) detail["time"] = *change.time ? to_hh_mm(**change.time) : "";
  if (auto audited = site.service.audit(who.principal, "correct_event", r->c.record.id, audit_detail(detail), "web"); !audited)
    return send_error_page(res, site, &who, 500);
  redirect(res, case_href(r->c.record.id));
}

}  // namespace

void add_event_routes(httplib::Server&, PageSite& site) {
  page_get(site, "/cases/{id}/events/new", R"(/cases/([^/]+)/events/new)",
           [&site](const httplib::Request& req, httplib::Response& res, const SignedIn& who, const PathParams& path) {
             auto c = writable_case(site, who, path.at(0), res);
             if (!c) return;
             if (!req.has_param("type")) return choose_event_page(site, res, who, *c, {});
             const EventDefinition* e = allowed(*c, req.get_param_value("type"));
             if (!e) return choose_event_page(site, res, who, *c, {{"type", "Choose one of the events this case can have now"}});
             event_details_page(site, res, who, *c, *e, {}, {});
           });
  form_post(site, "/cases/{id}/events", R"(/cases/([^/]+)/events)",
            [&site](const httplib::Request&, httplib::Response& res, const SignedIn& who, const FormFields& f,
                    const PathParams& path) { record_event_post(site, path.at(0), res, who, f); });
  page_get(site, "/events/{id}/correct", R"(/events/([^/]+)/correct)",
           [&site](const httplib::Request&, httplib::Response& res, const SignedIn& who, const PathParams& path) {
             auto r = event_to_correct(site, who, path.at(0), res);
             if (r) correct_page(site, res, who, *r, {}, {});
           });
  form_post(site, "/events/{id}/correct", R"(/events/([^/]+)/correct)",
            [&site](const httplib::Request&, httplib::Response& res, const SignedIn& who, const FormFields& f,
                    const PathParams& path) { correct_post(site, path.at(0), res, who, f); });
}

}  // namespace timescales::web
