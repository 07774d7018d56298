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
#include <utility>
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

// What an event that opens a case needs to know about it: its workflow (required then), and
// the team and owner to record at once, so a new case never appears under "(no team recorded)".
// Ignored when the case is already stored, except that a workflow given must be the stored one.
struct Opening {
  Opening() = default;
  Opening(std::string workflow, std::optional<std::string> team = std::nullopt,
          std::optional<std::string> owner = std::nullopt)
      : workflow(std::move(workflow)), team(std::move(team)), owner(std::move(owner)) {}
  std::string workflow;
  std::optional<std::string> team, owner;
};

// Whether an event may be dated after today. Refused by default: a date in the future is a
// typing mistake far more often than a plan recorded ahead (`case add-event --allow-future`).
enum class FutureDates { refused, allowed };

// What recording an event did.
struct RecordedEvent {
  int64_t event_id = 0;
  bool added = false;     // false: the same event was already recorded (nothing written)
  bool new_case = false;  // the case was opened by this event
  std::string workflow;
};

// A correction of a recorded event: what is given replaces the recorded value, what is not is
// kept ("" as the reason clears it).
struct EventChange {
  std::optional<std::string> type;
  std::optional<Date> date;
  std::optional<std::string> reason;
  // Given: the time of day it did happen, or none (the time was recorded in error); not given:
  // the recorded time stays.
  std::optional<std::optional<TimeOfDay>> time = {};
};

// Attributes to set on a case: each key given is set to its value; a key given with an empty
// value is removed. Owner and team, when given, replace the stored ones ("" clears them); they
// are attributes too (`team`, `owner`), as the rules read them, so `team=…` sets the team.
struct AttributeChanges {
  std::map<std::string, std::string> set;
  std::optional<std::string> owner, team;
};

class CaseRegister {
 public:
  // `today`: events dated after it are refused unless the caller allows them (the nightly run
  // lists such dates that arrive by import as data problems).
  CaseRegister(CaseStore& store, const WorkflowLibrary& workflows, Date today);

  // Opens a case; conflict when the reference is taken.
  Status open_case(const NewCase& c);
  // Opens a case with its first events, all in one unit of work: each event is checked as
  // record_event checks it against those before it, and a refusal of any leaves nothing stored
  // (its field then names the event: "events[2].date"). Returns the events' ids, in order.
  Result<std::vector<int64_t>> open_case_with_events(const NewCase& c, const std::vector<CaseEvent>& events,
                                                     const EventSource& source,
                                                     FutureDates future = FutureDates::refused);

  // Records one event of a case. A case not yet stored is opened as `if_new` says (its workflow
  // is required then; refused when it names another workflow than a stored case's). Refused
  // (invalid_input): an event the workflow does not have ("type"); no reason where the workflow
  // needs one, or a reason it does not allow ("reason"); a date after today unless allowed, or
  // before the case began ("date") — except for an event that begins the workflow (a receipt
  // recorded after its acknowledgement), which may move the beginning earlier.
  Result<RecordedEvent> record_event(const std::string& case_id, const CaseEvent& event, const EventSource& source,
                                     const Opening& if_new = {}, FutureDates future = FutureDates::refused);

  // The case that event `event_id` belongs to; not_found naming "event" when there is none.
  Result<std::string> case_of_event(int64_t event_id);

  // Replaces event `event_id` of the case by the event as `change` makes it; the old one stays in
  // the history, with `why` (required, field "why"). The corrected event is checked as
  // record_event checks a new one. Returns the new event's id.
  Result<int64_t> correct_event(const std::string& case_id, int64_t event_id, const EventChange& change,
                                const std::string& why, const EventSource& source);

  // Takes event `event_id` of the case out of force: recorded in error. `why` is required.
  Status void_event(const std::string& case_id, int64_t event_id, const std::string& why);

  // Sets attributes, owner and team of a stored case.
  Status set_attributes(const std::string& case_id, const AttributeChanges& changes);

 private:
  // open_case's checks and write, inside the caller's unit of work.
  Status open_in_unit(const NewCase& c);
  // The stored case, or not_found naming `case`.
  Result<CaseRecord> stored_case(const std::string& case_id);
  // The checks record_event documents, of `event` joining `in_force` (the case's events in
  // force, less any the event replaces) in a case of `workflow`.
  Status check_event(const std::string& workflow, const CaseEvent& event, const std::vector<StoredEvent>& in_force,
                     FutureDates future) const;
  // The case's events in force, less `except` (the one being corrected).
  Result<std::vector<StoredEvent>> events_in_force(const std::string& case_id, int64_t except = 0);
  // The event of this case with that id, in force.
  Result<StoredEvent> event_of(const std::string& case_id, int64_t event_id);

  CaseStore& store_;
  const WorkflowLibrary& workflows_;
  EventValidator validate_;
  Date today_;
};

}  // namespace timescales
