#include "application/cases/case_register.hpp"

namespace timescales {
namespace {

Error refused(ErrorKind kind, std::string message, std::string field) {
  return Error{kind, std::move(message)}.about(std::move(field));
}

}  // namespace

CaseRegister::CaseRegister(CaseStore& store, const WorkflowLibrary& workflows, Date today)
    : store_(store), workflows_(workflows), validate_(workflow_event_validator(workflows)), today_(today) {}

Status CaseRegister::check_event(const std::string& workflow, const CaseEvent& event) const {
  if (event.type.empty()) return refused(ErrorKind::invalid_input, "say which event happened", "type");
  if (auto known = validate_(workflow, event.type); !known)
    return refused(ErrorKind::invalid_input, known.error().message, "type");
  if (event.date > today_)
    return refused(ErrorKind::invalid_input,
                   to_iso(event.date) + " is after today (" + to_iso(today_) + "): an event is recorded once it has happened",
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

Status CaseRegister::open_case(const NewCase& c) {
  if (c.id.empty()) return refused(ErrorKind::invalid_input, "the case reference must not be empty", "case");
  if (workflows_.versions(c.workflow).empty())
    return refused(ErrorKind::invalid_input, "unknown workflow '" + c.workflow + "'", "workflow");
  auto unit = store_.begin();
  if (!unit) return unit.error();
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
  return (*unit)->commit();
}

Result<RecordedEvent> CaseRegister::record_event(const std::string& case_id, const CaseEvent& event,
                                                 const EventSource& source, const std::string& workflow_if_new) {
  if (case_id.empty()) return refused(ErrorKind::invalid_input, "the case reference must not be empty", "case");
  auto unit = store_.begin();
  if (!unit) return unit.error();
  auto existing = store_.find_case(case_id);
  if (!existing) return existing.error();
  RecordedEvent recorded;
  if (!*existing && workflow_if_new.empty())
    return refused(ErrorKind::invalid_input, "case '" + case_id + "' is new: say which workflow it follows", "workflow");
  if (*existing && !workflow_if_new.empty() && workflow_if_new != (*existing)->workflow)
    return refused(ErrorKind::conflict,
                   "case '" + case_id + "' follows '" + (*existing)->workflow + "', not '" + workflow_if_new + "'",
                   "workflow");
  recorded.workflow = *existing ? (*existing)->workflow : workflow_if_new;
  if (auto valid = check_event(recorded.workflow, event); !valid) return valid.error();
  if (!*existing) {
    CaseRecord record;
    record.id = case_id;
    record.workflow = recorded.workflow;
    if (auto added = store_.upsert_case(record); !added) return added.error();
    recorded.new_case = true;
  }
  auto appended = store_.append_event(case_id, {event.type, event.date, event.reason, 0}, source);
  if (!appended) return appended.error();
  if (auto committed = (*unit)->commit(); !committed) return committed.error();
  recorded.event_id = appended->id;
  recorded.added = appended->added;
  return recorded;
}

Result<int64_t> CaseRegister::correct_event(const std::string& case_id, int64_t event_id, const CaseEvent& replacement,
                                            const std::string& reason, const EventSource& source) {
  if (reason.empty()) return refused(ErrorKind::invalid_input, "say why the event was wrong", "reason");
  auto unit = store_.begin();
  if (!unit) return unit.error();
  auto c = stored_case(case_id);
  if (!c) return c.error();
  auto original = event_of(case_id, event_id);
  if (!original) return original.error();
  if (auto valid = check_event(c->workflow, replacement); !valid) return valid.error();
  auto corrected = store_.supersede_event(event_id, {replacement.type, replacement.date, replacement.reason, 0}, source,
                                          reason);
  if (!corrected) return corrected.error();
  if (auto committed = (*unit)->commit(); !committed) return committed.error();
  return *corrected;
}

Status CaseRegister::void_event(const std::string& case_id, int64_t event_id, const std::string& reason) {
  if (reason.empty()) return refused(ErrorKind::invalid_input, "say why the event was recorded in error", "reason");
  auto unit = store_.begin();
  if (!unit) return unit.error();
  if (auto c = stored_case(case_id); !c) return c.error();
  if (auto original = event_of(case_id, event_id); !original) return original.error();
  if (auto voided = store_.void_event(event_id, reason); !voided) return voided.error();
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
