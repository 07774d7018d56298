#include "application/cases/case_register.hpp"

#include <algorithm>

namespace timescales {
namespace {

Error refused(ErrorKind kind, std::string message, std::string field) {
  return Error{kind, std::move(message)}.about(std::move(field));
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

CaseRegister::CaseRegister(CaseStore& store, const WorkflowLibrary& workflows, Date today)
    : store_(store), workflows_(workflows), validate_(workflow_event_validator(workflows)), today_(today) {}

Status CaseRegister::check_event(const std::string& workflow, const CaseEvent& event,
                                 const std::vector<StoredEvent>& in_force, FutureDates future) const {
  if (event.type.empty()) return refused(ErrorKind::invalid_input, "say which event happened", "type");
  if (auto known = validate_(workflow, event.type); !known)
    return refused(ErrorKind::invalid_input, known.error().message, "type");
  if (future == FutureDates::refused && event.date > today_)
    return refused(ErrorKind::invalid_input,
                   to_iso(event.date) + " is after today (" + to_iso(today_) + "): an event is recorded once it has happened",
                   "date");
  // The version the case follows once the event is among its own: its reason rules apply.
  Case c;
  c.workflow = workflow;
  for (const auto& e : in_force) c.events.push_back(e.event);
  c.events.push_back(event);
  auto version = workflows_.for_case(c);
  if (!version) return refused(ErrorKind::invalid_input, version.error().message, "type");
  const WorkflowDefinition& def = *version->definition;
  const EventDefinition* known = def.event(event.type);
  if (!known) return refused(ErrorKind::invalid_input, def.id + " (" + def.version + ") has no event '" + event.type + "'", "type");
  // An extension must say why (the clock counts one without a reason but flags it), as must
  // an event the workflow says needs one.
  const bool extends = std::any_of(def.timers.begin(), def.timers.end(), [&](const TimerDefinition& t) {
    return t.extension && std::find(t.extension->on.begin(), t.extension->on.end(), event.type) != t.extension->on.end();
  });
  if ((known->reason_required || extends) && event.reason.empty())
    return refused(ErrorKind::invalid_input,
                   event.type + (extends ? " extends a limit and needs a reason" : " needs a reason") +
                       (known->reasons.empty() ? std::string() : " (one of: " + joined(known->reasons) + ")"),
                   "reason");
  if (!known->reasons.empty() && !event.reason.empty() &&
      std::find(known->reasons.begin(), known->reasons.end(), event.reason) == known->reasons.end())
    return refused(ErrorKind::invalid_input,
                   "'" + event.reason + "' is not a reason " + event.type + " may give (one of: " + joined(known->reasons) + ")",
                   "reason");
  // Nothing happens to a case before it began, except what begins it: a receipt recorded after
  // its acknowledgement moves the beginning earlier, and is how that mistake is put right.
  const auto first = std::min_element(in_force.begin(), in_force.end(), [](const StoredEvent& a, const StoredEvent& b) {
    return a.event.date < b.event.date;
  });
  const auto begins = def.next_state(def.start_state, event.type);
  const bool begins_the_case = begins && *begins != def.start_state;
  if (first != in_force.end() && event.date < first->event.date && !begins_the_case)
    return refused(ErrorKind::invalid_input,
                   to_iso(event.date) + " is before " + to_iso(first->event.date) + ", when the case began (" +
                       first->event.type + ", event " + std::to_string(first->id) +
                       "); if that date is the wrong one, correct that event",
                   "date");
  return Ok{};
}

Result<CaseRecord> CaseRegister::stored_case(const std::string& case_id) {
  if (case_id.empty()) return refused(ErrorKind::invalid_input, "the case reference must not be empty", "case");
  auto found = store_.find_case(case_id);
  if (!found) return found.error();
  if (!*found) return refused(ErrorKind::not_found, "no case '" + case_id + "'", "case");
  return std::move(**found);
}

Result<std::vector<StoredEvent>> CaseRegister::events_in_force(const std::string& case_id, int64_t except) {
  auto history = store_.event_history(case_id);
  if (!history) return history.error();
  std::vector<StoredEvent> out;
  for (auto& e : *history)
    if (!e.superseded_by && !e.voided && e.id != except) out.push_back(std::move(e));
  return out;
}

Result<StoredEvent> CaseRegister::event_of(const std::string& case_id, int64_t event_id) {
  auto history = store_.event_history(case_id);
  if (!history) return history.error();
  for (auto& e : *history) {
    if (e.id != event_id) continue;
    if (e.superseded_by)
      return refused(ErrorKind::conflict,
                     "event " + std::to_string(event_id) + " was already corrected by event " +
                         std::to_string(*e.superseded_by) + "; put that one right instead",
                     "event");
    if (e.voided) return refused(ErrorKind::conflict, "event " + std::to_string(event_id) + " was voided", "event");
    return std::move(e);
  }
  return refused(ErrorKind::not_found, "case '" + case_id + "' has no event " + std::to_string(event_id), "event");
}

Result<std::string> CaseRegister::case_of_event(int64_t event_id) {
  auto found = store_.case_of_event(event_id);
  if (!found) return found.error();
  if (!*found) return refused(ErrorKind::not_found, "there is no event " + std::to_string(event_id), "event");
  return std::move(**found);
}

Status CaseRegister::open_in_unit(const NewCase& c) {
  if (c.id.empty()) return refused(ErrorKind::invalid_input, "the case reference must not be empty", "case");
  if (workflows_.versions(c.workflow).empty())
    return refused(ErrorKind::invalid_input, "unknown workflow '" + c.workflow + "'", "workflow");
  auto existing = store_.find_case(c.id);
  if (!existing) return existing.error();
  if (*existing) return refused(ErrorKind::conflict, "case '" + c.id + "' is already open", "case");
  CaseRecord record;
  record.id = c.id;
  record.workflow = c.workflow;
  record.attributes = c.attributes;
  // As set_attributes keeps them: team and owner are attributes (the rules read them) and columns.
  if (c.team) record.attributes["team"] = *c.team;
  if (c.owner) record.attributes["owner"] = *c.owner;
  if (auto t = record.attributes.find("team"); t != record.attributes.end()) record.team = t->second;
  if (auto o = record.attributes.find("owner"); o != record.attributes.end()) record.owner = o->second;
  if (auto added = store_.upsert_case(record); !added) return added.error();
  return Ok{};
}

Status CaseRegister::open_case(const NewCase& c) {
  if (c.id.empty()) return refused(ErrorKind::invalid_input, "the case reference must not be empty", "case");
  auto unit = store_.begin();
  if (!unit) return unit.error();
  if (auto opened = open_in_unit(c); !opened) return opened.error();
  return (*unit)->commit();
}

Result<std::vector<int64_t>> CaseRegister::open_case_with_events(const NewCase& c, const std::vector<CaseEvent>& events,
                                                                 const EventSource& source, FutureDates future) {
  if (c.id.empty()) return refused(ErrorKind::invalid_input, "the case reference must not be empty", "case");
  auto unit = store_.begin();
  if (!unit) return unit.error();
  if (auto opened = open_in_unit(c); !opened) return opened.error();
  std::vector<int64_t> ids;
  for (size_t i = 0; i < events.size(); ++i) {
    const CaseEvent& e = events[i];
    // The unit sees its own writes: each event is checked against those recorded before it.
    auto in_force = events_in_force(c.id);
    if (!in_force) return in_force.error();
    if (auto valid = check_event(c.workflow, e, *in_force, future); !valid) {
      Error refusal = valid.error();
      return refusal.about("events[" + std::to_string(i) + "]" + (refusal.field.empty() ? "" : "." + refusal.field));
    }
    auto appended = store_.append_event(c.id, {e.type, e.date, e.reason, 0, e.time}, source);
    if (!appended) return appended.error();
    ids.push_back(appended->id);
  }
  if (auto committed = (*unit)->commit(); !committed) return committed.error();
  return ids;
}

Result<RecordedEvent> CaseRegister::record_event(const std::string& case_id, const CaseEvent& event,
                                                 const EventSource& source, const Opening& if_new, FutureDates future) {
  if (case_id.empty()) return refused(ErrorKind::invalid_input, "the case reference must not be empty", "case");
  auto unit = store_.begin();
  if (!unit) return unit.error();
  auto existing = store_.find_case(case_id);
  if (!existing) return existing.error();
  RecordedEvent recorded;
  if (!*existing && if_new.workflow.empty())
    return refused(ErrorKind::invalid_input, "case '" + case_id + "' is new: say which workflow it follows", "workflow");
  if (*existing && !if_new.workflow.empty() && if_new.workflow != (*existing)->workflow)
    return refused(ErrorKind::conflict,
                   "case '" + case_id + "' follows '" + (*existing)->workflow + "', not '" + if_new.workflow + "'",
                   "workflow");
  recorded.workflow = *existing ? (*existing)->workflow : if_new.workflow;
  std::vector<StoredEvent> in_force;
  if (*existing) {
    auto events = events_in_force(case_id);
    if (!events) return events.error();
    in_force = std::move(*events);
  }
  if (auto valid = check_event(recorded.workflow, event, in_force, future); !valid) return valid.error();
  if (!*existing) {
    CaseRecord record;
    record.id = case_id;
    record.workflow = recorded.workflow;
    // As set_attributes keeps them: team and owner are attributes (the rules read them) and columns.
    record.team = if_new.team;
    record.owner = if_new.owner;
    if (if_new.team) record.attributes["team"] = *if_new.team;
    if (if_new.owner) record.attributes["owner"] = *if_new.owner;
    if (auto added = store_.upsert_case(record); !added) return added.error();
    recorded.new_case = true;
  }
  auto appended = store_.append_event(case_id, {event.type, event.date, event.reason, 0, event.time}, source);
  if (!appended) return appended.error();
  if (auto committed = (*unit)->commit(); !committed) return committed.error();
  recorded.event_id = appended->id;
  recorded.added = appended->added;
  return recorded;
}

Result<int64_t> CaseRegister::correct_event(const std::string& case_id, int64_t event_id, const EventChange& change,
                                            const std::string& why, const EventSource& source) {
  if (why.empty()) return refused(ErrorKind::invalid_input, "say why the event was wrong", "why");
  if (!change.type && !change.date && !change.reason && !change.time)
    return refused(ErrorKind::invalid_input, "say what was wrong: the event, its date, its time or its reason", "date");
  auto unit = store_.begin();
  if (!unit) return unit.error();
  auto c = stored_case(case_id);
  if (!c) return c.error();
  auto original = event_of(case_id, event_id);
  if (!original) return original.error();
  CaseEvent replacement = original->event;
  if (change.type) replacement.type = *change.type;
  if (change.date) replacement.date = *change.date;
  if (change.reason) replacement.reason = *change.reason;
  if (change.time) replacement.time = *change.time;
  if (replacement.type == original->event.type && replacement.date == original->event.date &&
      replacement.reason == original->event.reason && replacement.time == original->event.time)
    return refused(ErrorKind::invalid_input, "event " + std::to_string(event_id) + " already says that", "date");
  auto others = events_in_force(case_id, event_id);
  if (!others) return others.error();
  // A correction is checked as a new event would be, except that a date already recorded in the
  // future may stay there (the correction may be of its reason alone).
  const FutureDates future = original->event.date > today_ && !change.date ? FutureDates::allowed : FutureDates::refused;
  if (auto valid = check_event(c->workflow, replacement, *others, future); !valid) return valid.error();
  auto corrected = store_.supersede_event(event_id, {replacement.type, replacement.date, replacement.reason, 0, replacement.time}, source,
                                          why);
  if (!corrected) return corrected.error();
  if (auto committed = (*unit)->commit(); !committed) return committed.error();
  return *corrected;
}

Status CaseRegister::void_event(const std::string& case_id, int64_t event_id, const std::string& why) {
  if (why.empty()) return refused(ErrorKind::invalid_input, "say why the event was recorded in error", "why");
  auto unit = store_.begin();
  if (!unit) return unit.error();
  if (auto c = stored_case(case_id); !c) return c.error();
  if (auto original = event_of(case_id, event_id); !original) return original.error();
  if (auto voided = store_.void_event(event_id, why); !voided) return voided.error();
  return (*unit)->commit();
}

Status CaseRegister::set_attributes(const std::string& case_id, const AttributeChanges& changes) {
  for (const auto& [key, value] : changes.set)
    if (key.empty()) return refused(ErrorKind::invalid_input, "an attribute needs a name", "attributes");
  auto unit = store_.begin();
  if (!unit) return unit.error();
  auto c = stored_case(case_id);
  if (!c) return c.error();
  CaseRecord record = *c;
  for (const auto& [key, value] : changes.set) {
    if (value.empty())
      record.attributes.erase(key);
    else
      record.attributes[key] = value;
  }
  // The rules and reports read a case's team and owner as attributes, and the store keeps them
  // beside the case as well (for searching): set either way, the two agree.
  for (const auto& [key, given] : {std::pair{"team", &changes.team}, std::pair{"owner", &changes.owner}}) {
    if (*given) {
      if (given->value().empty())
        record.attributes.erase(key);
      else
        record.attributes[key] = **given;
    }
  }
  auto column = [&record](const char* key) -> std::optional<std::string> {
    auto it = record.attributes.find(key);
    return it == record.attributes.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  record.team = column("team");
  record.owner = column("owner");
  auto written = store_.replace_case_details(record);
  if (!written) return written.error();
  return (*unit)->commit();
}

}  // namespace timescales
