// The API's writes: opening a case (with its first events), recording an event, correcting and
// voiding one. Each goes through the CaseRegister (the checks every way in shares), after the
// check that the event fits the case's state (event_fit.hpp), and is audited once it is written:
// "open_case", "record_event", "correct_event", "void_event", with what changed as JSON.
#include <algorithm>

#include "adapters/web/api/api_call.hpp"
#include "adapters/web/api/api_request.hpp"
#include "adapters/web/api/event_fit.hpp"
#include "adapters/web/page_support.hpp"

namespace timescales::web::api {
namespace {

using ordered = nlohmann::ordered_json;

EventSource api_source(const Call& call) {
  EventSource source;
  source.file = "api";  // the timeline says where each event came from: an export's name, "api"
  source.recorded_by = call.principal.actor();
  return source;
}

// A refusal about one of the body's events, renamed to the field the client sent ("events[2].date").
Error about_event(const Error& e, size_t index) {
  if (e.field != "type" && e.field != "date" && e.field != "reason" && e.field != "time") return e;
  return e.about("events[" + std::to_string(index) + "]." + e.field);
}

ordered event_detail(int64_t id, const CaseEvent& e) {
  ordered detail = {{"event", id}, {"type", e.type}, {"date", to_iso(e.date)}};
  if (e.time) detail["time"] = to_hh_mm(*e.time);
  return detail;
}

// The body's "time": not given (nothing), "" or null (none), or "HH:MM" (seconds dropped); a bad one
// names the field.
Result<std::optional<std::optional<TimeOfDay>>> optional_time(const nlohmann::json& body) {
  using Given = std::optional<std::optional<TimeOfDay>>;
  auto it = body.find("time");
  if (it == body.end()) return Given{};
  auto text = optional_text(body, "time", "time");
  if (!text) return text.error();
  if (!*text || (*text)->empty()) return Given{std::optional<TimeOfDay>{}};
  auto at = parse_time_of_day(**text);
  if (!at) return Error(ErrorKind::invalid_input, "time: " + at.error().message).about("time");
  return Given{std::optional<TimeOfDay>{*at}};
}

// The body's event fields (POST /cases/{id}/events).
Result<CaseEvent> read_event(const nlohmann::json& body) {
  CaseEvent e;
  auto type = required_text(body, "type", "type");
  if (!type) return type.error();
  auto date = required_date(body, "date", "date");
  if (!date) return date.error();
  auto reason = optional_text(body, "reason", "reason");
  if (!reason) return reason.error();
  // "21:40": the time of day, where known; a clock in hours (a return interview) counts from it.
  auto time = optional_time(body);
  if (!time) return time.error();
  if (*time) e.time = **time;
  e.type = std::move(*type);
  e.date = *date;
  e.reason = reason->value_or("");
  return e;
}

// The answer to a write: the case's evaluation after it, as of ?as_of= or today (read before
// the write, so that a bad as_of refuses the request rather than follow a write it did not stop).
Reply evaluation_reply(Call& call, int status, const std::string& case_id, Date as_of,
                       std::vector<std::pair<std::string, std::string>> headers) {
  auto evaluation = evaluation_of(call, case_id, as_of);
  if (!evaluation) return Reply::of(problem_of(evaluation.error()));
  return {status, std::move(*evaluation), std::move(headers), false};
}

// The event's case, when the principal may change it. An event that is not there answers as
// one of a case out of scope does: event ids are counted across every case.
Result<std::string> writable_case_of_event(Call& call, int64_t event_id) {
  auto case_id = retry_while_busy([&] { return call.bench.cases->case_of_event(event_id); });
  if (!case_id) return case_id.error();
  if (!*case_id) return Error{ErrorKind::forbidden, "no such event"}.about("event");
  auto record = retry_while_busy([&] { return call.service.writable(call.principal, **case_id); });
  // Named as the missing event is, so that the two answers are the same to the byte.
  if (!record) return record.error().kind == ErrorKind::forbidden ? record.error().about("event") : record.error();
  return **case_id;
}

Result<int64_t> event_id_of(Call& call) {
  try {
    return std::stoll(call.path.at(0));
  } catch (const std::exception&) {
    return Error{ErrorKind::invalid_input, "the event id must be a number"}.about("event");
  }
}

}  // namespace

Reply open_case(Call& call) {
  auto as_of = as_of_param(call);
  if (!as_of) return Reply::of(problem_of(as_of.error()));
  nlohmann::json doc;
  if (auto problem = json_body(call, doc)) return Reply::of(*problem);
  auto body = read_case_body(doc, call.req.body);
  if (!body) return Reply::of(problem_of(body.error()));
  const Case& c = body->c;
  if (call.service.engine().workflows.versions(c.workflow).empty())
    return Reply::of(invalid_field("workflow", "unknown workflow '" + c.workflow + "'"));
  // A team manager opens cases of their own team: the team is theirs unless the body says.
  if (!body->team && call.service.access().of(call.principal.role).own_team_only && !call.principal.team.empty())
    body->team = call.principal.team;
  if (!call.service.access().may_open(call.principal, c.workflow, body->team.value_or(""))) {
    const bool other_team = call.service.access().of(call.principal.role).own_team_only;
    return Reply::of(forbidden("this token may not open a case of that workflow" +
                                   std::string(other_team ? " for that team" : ""),
                               other_team ? "team" : "workflow"));
  }
  NewCase opening{c.id, c.workflow, c.attributes, body->owner, body->team};
  // Each event checked against the state the events before it leave the case in.
  Case so_far = c;
  so_far.events.clear();
  for (size_t i = 0; i < c.events.size(); ++i) {
    if (auto fits = check_event_fits(*call.bench.assessor, so_far, c.events[i], std::nullopt, call.service.today());
        !fits)
      return Reply::of(problem_of(about_event(fits.error(), i)));
    so_far.events.push_back(c.events[i]);
  }
  // The case and its events in one unit of work: a refusal of the third event stores nothing.
  auto reg = call.service.case_register();
  if (!reg) return Reply::of(problem_of(reg.error()));
  auto ids = retry_while_busy([&] { return reg->open_case_with_events(opening, c.events, api_source(call)); });
  if (!ids) {
    Error e = ids.error();
    if (e.field == "case") e = e.about("id");
    return Reply::of(problem_of(e));
  }
  ordered recorded = ordered::array();
  for (size_t i = 0; i < c.events.size(); ++i) recorded.push_back(event_detail((*ids)[i], c.events[i]));
  if (auto audited = audit(call, "open_case", c.id, {{"workflow", c.workflow}, {"events", recorded}}); !audited)
    return Reply::of(problem_of(audited.error()));
  return evaluation_reply(call, 201, c.id, *as_of, {{"Location", "/api/v1/cases/" + url_segment(c.id)}});
}

Reply record_event(Call& call) {
  auto as_of = as_of_param(call);
  if (!as_of) return Reply::of(problem_of(as_of.error()));
  const std::string id = call.path.at(0);
  nlohmann::json doc;
  if (auto problem = json_body(call, doc)) return Reply::of(*problem);
  auto record = retry_while_busy([&] { return call.service.writable(call.principal, id); });
  if (!record) return Reply::of(problem_of(record.error()));
  auto event = read_event(doc);
  if (!event) return Reply::of(problem_of(event.error()));
  auto stored = retry_while_busy([&] { return call.bench.cases->load_case(id); });
  if (!stored) return Reply::of(problem_of(stored.error()));
  if (!*stored) return Reply::of(problem_of(Error{ErrorKind::forbidden, "no such case"}));
  // The register's own checks first (a future date names "date", an unknown event "type"), so
  // that the state is asked about only of an event that could otherwise be recorded.
  if (event->date > call.service.today())
    return Reply::of(invalid_field("date", to_iso(event->date) + " is after today (" + to_iso(call.service.today()) +
                                               "): an event is recorded once it has happened"));
  if (auto known = workflow_event_validator(call.service.engine().workflows)(record->workflow, event->type); !known)
    return Reply::of(invalid_field("type", known.error().message));
  // The same event already recorded is no new fact about the state: the register adds nothing.
  const bool already = std::any_of((**stored).events.begin(), (**stored).events.end(), [&](const CaseEvent& e) {
    return e.type == event->type && e.date == event->date && e.reason == event->reason;
  });
  if (!already)
    if (auto fits = check_event_fits(*call.bench.assessor, **stored, *event, std::nullopt, call.service.today()); !fits)
      return Reply::of(problem_of(fits.error()));
  auto reg = call.service.case_register();
  if (!reg) return Reply::of(problem_of(reg.error()));
  auto added = retry_while_busy([&] { return reg->record_event(id, *event, api_source(call)); });
  if (!added) return Reply::of(problem_of(added.error()));
  if (added->added) {
    if (auto audited = audit(call, "record_event", id, event_detail(added->event_id, *event)); !audited)
      return Reply::of(problem_of(audited.error()));
  }
  // The same event again adds nothing (imports are idempotent, and so is a retried call): 200.
  return evaluation_reply(call, added->added ? 201 : 200, id, *as_of,
                          {{"Location", "/api/v1/cases/" + url_segment(id) + "/events"},
                           {"Timescales-Event-Id", std::to_string(added->event_id)}});
}

Reply correct_event(Call& call) {
  auto as_of = as_of_param(call);
  if (!as_of) return Reply::of(problem_of(as_of.error()));
  auto event_id = event_id_of(call);
  if (!event_id) return Reply::of(problem_of(event_id.error()));
  nlohmann::json doc;
  if (auto problem = json_body(call, doc)) return Reply::of(*problem);
  auto case_id = writable_case_of_event(call, *event_id);
  if (!case_id) return Reply::of(problem_of(case_id.error()));
  EventChange change;
  auto type = optional_text(doc, "type", "type");
  auto date = optional_date(doc, "date", "date");
  auto reason = optional_text(doc, "reason", "reason");
  auto time = optional_time(doc);
  auto why = required_text(doc, "why", "why");
  for (const Status& s : {type ? Status{Ok{}} : Status{type.error()}, date ? Status{Ok{}} : Status{date.error()},
                          reason ? Status{Ok{}} : Status{reason.error()}, time ? Status{Ok{}} : Status{time.error()},
                          why ? Status{Ok{}} : Status{why.error()}})
    if (!s) return Reply::of(problem_of(s.error()));
  change.type = *type;
  change.date = *date;
  change.reason = *reason;
  change.time = *time;
  if (change.date && *change.date > call.service.today())
    return Reply::of(invalid_field("date", to_iso(*change.date) + " is after today (" + to_iso(call.service.today()) +
                                               "): an event is recorded once it has happened"));
  // Where the event sits among the case's events in force (load_case's order is the history's,
  // less what is no longer in force), to check the corrected event against the state.
  auto history = retry_while_busy([&] { return call.bench.cases->event_history(*case_id); });
  if (!history) return Reply::of(problem_of(history.error()));
  auto stored = retry_while_busy([&] { return call.bench.cases->load_case(*case_id); });
  if (!stored) return Reply::of(problem_of(stored.error()));
  std::optional<size_t> index;
  std::optional<CaseEvent> replacement;
  size_t k = 0;
  for (const auto& e : *history) {
    if (e.superseded_by || e.voided) continue;
    if (e.id == *event_id) {
      index = k;
      replacement = e.event;
    }
    ++k;
  }
  // Not in force: the register says why (already corrected, or voided).
  if (index && *stored && *index < (**stored).events.size() && replacement) {
    if (change.type) replacement->type = *change.type;
    if (change.date) replacement->date = *change.date;
    if (change.reason) replacement->reason = *change.reason;
    if (change.time) replacement->time = *change.time;
    if (auto fits = check_event_fits(*call.bench.assessor, **stored, *replacement, index, call.service.today()); !fits)
      return Reply::of(problem_of(fits.error()));
  }
  auto reg = call.service.case_register();
  if (!reg) return Reply::of(problem_of(reg.error()));
  auto corrected = retry_while_busy([&] { return reg->correct_event(*case_id, *event_id, change, *why, api_source(call)); });
  if (!corrected) return Reply::of(problem_of(corrected.error()));
  ordered detail = {{"event", *event_id}, {"by", *corrected}};
  if (change.type) detail["type"] = *change.type;
  if (change.date) detail["date"] = to_iso(*change.date);
  if (change.reason) detail["reason_changed"] = true;
  if (change.time) detail["time"] = *change.time ? to_hh_mm(**change.time) : "";
  if (auto audited = audit(call, "correct_event", *case_id, detail); !audited)
    return Reply::of(problem_of(audited.error()));
  return evaluation_reply(call, 201, *case_id, *as_of,
                          {{"Location", "/api/v1/cases/" + url_segment(*case_id) + "/events"},
                           {"Timescales-Event-Id", std::to_string(*corrected)}});
}

Reply void_event(Call& call) {
  auto as_of = as_of_param(call);
  if (!as_of) return Reply::of(problem_of(as_of.error()));
  auto event_id = event_id_of(call);
  if (!event_id) return Reply::of(problem_of(event_id.error()));
  nlohmann::json doc;
  if (auto problem = json_body(call, doc)) return Reply::of(*problem);
  auto case_id = writable_case_of_event(call, *event_id);
  if (!case_id) return Reply::of(problem_of(case_id.error()));
  auto why = required_text(doc, "why", "why");
  if (!why) return Reply::of(problem_of(why.error()));
  auto reg = call.service.case_register();
  if (!reg) return Reply::of(problem_of(reg.error()));
  if (auto voided = retry_while_busy([&] { return reg->void_event(*case_id, *event_id, *why); }); !voided)
    return Reply::of(problem_of(voided.error()));
  if (auto audited = audit(call, "void_event", *case_id, {{"event", *event_id}}); !audited)
    return Reply::of(problem_of(audited.error()));
  return evaluation_reply(call, 200, *case_id, *as_of, {});
}

}  // namespace timescales::web::api
