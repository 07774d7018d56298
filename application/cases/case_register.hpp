// The use cases that change one case, written once for every way in (the CLI today, the HTTP
// server next): opening a case, recording what happened, putting a mistake right (correcting or
// voiding an event, with a reason, keeping the history), and setting who owns it.
//
// Every change is checked before anything is written and made in one unit of work: a refusal
// leaves the store as it was. Refusals are Errors whose kind says what to do about them and
// whose `field` names what was wrong ("workflow", "type", "date", "reason", "case", "event"), so
// that a form or an API call can point at it:
//   invalid_input  a field is wrong (an unknown event, a date in the future, an empty reason);
//   not_found      no such case or event;
//   conflict       the request contradicts what is stored (the case follows another workflow,
//                  the event was already corrected or voided, or belongs to another case).
//
// Thread-safety: one CaseRegister per thread, as its store.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "application/cases/event_validator.hpp"
#include "application/store/case_store.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales {

struct NewCase {
  std::string id;
  std::string workflow;
  std::map<std::string, std::string> attributes;
  std::optional<std::string> owner, team;
};

// What recording an event did.
struct RecordedEvent {
  int64_t event_id = 0;
  bool added = false;     // false: the same event was already recorded (nothing written)
  bool new_case = false;  // the case was opened by this event
  std::string workflow;
};

// Attributes to set on a case: each key given is set to its value; a key given with an empty
// value is removed. Owner and team, when given, replace the stored ones ("" clears them); they
// are attributes too (`team`, `owner`), as the rules read them.
struct AttributeChanges {
  std::map<std::string, std::string> set;
  std::optional<std::string> owner, team;
};

class CaseRegister {
 public:
  // `today`: events dated after it are refused (a date in the future is a typing mistake;
  // the nightly run lists such dates that arrive by import as data problems).
  CaseRegister(CaseStore& store, const WorkflowLibrary& workflows, Date today);

  // Opens a case; conflict when the reference is taken.
  Status open_case(const NewCase& c);

  // Records one event of a case. A case not yet stored is opened, following `workflow_if_new`
  // (required then; refused when it names another workflow than a stored case's).
  Result<RecordedEvent> record_event(const std::string& case_id, const CaseEvent& event, const EventSource& source,
                                     const std::string& workflow_if_new = "");

  // Replaces event `event_id` of the case with `replacement`; the old one stays in the history,
  // with `reason`. Returns the new event's id.
  Result<int64_t> correct_event(const std::string& case_id, int64_t event_id, const CaseEvent& replacement,
                                const std::string& reason, const EventSource& source);

  // Takes event `event_id` of the case out of force: recorded in error. `reason` is required.
  Status void_event(const std::string& case_id, int64_t event_id, const std::string& reason);

  // Sets attributes, owner and team of a stored case.
  Status set_attributes(const std::string& case_id, const AttributeChanges& changes);

 private:
  // The stored case, or not_found naming `case`.
  Result<CaseRecord> stored_case(const std::string& case_id);
  // Refuses an event the case's workflow does not have, or a date after today.
  Status check_event(const std::string& workflow, const CaseEvent& event) const;
  // The event of this case with that id, in force.
  Result<StoredEvent> event_of(const std::string& case_id, int64_t event_id);

  CaseStore& store_;
  const WorkflowLibrary& workflows_;
  EventValidator validate_;
  Date today_;
};

}  // namespace timescales
