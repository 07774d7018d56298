#include "adapters/web/api/event_fit.hpp"

#include <algorithm>

namespace timescales::web::api {
namespace {

bool accepted(const Evaluation& ev, size_t index) {
  return std::find(ev.accepted_events.begin(), ev.accepted_events.end(), index) != ev.accepted_events.end();
}

std::string describe(const CaseEvent& e) { return e.type + " on " + to_iso(e.date); }

}  // namespace

Status check_event_fits(CaseAssessor& assessor, const Case& before, const CaseEvent& event,
                        std::optional<size_t> replacing, Date today) {
  Case after = before;
  int sequence = 0;
  for (const auto& e : before.events) sequence = std::max(sequence, e.sequence);
  CaseEvent added = event;
  // A correction keeps its place among same-day events; a new event comes after every other.
  added.sequence = replacing ? before.events[*replacing].sequence : sequence + 1;
  if (replacing) after.events.erase(after.events.begin() + static_cast<std::ptrdiff_t>(*replacing));
  after.events.push_back(added);
  const size_t added_at = after.events.size() - 1;
  // As of the event's own day at the least, so that it is among those replayed.
  const Date as_of = std::max(today, event.date);
  auto without = assessor.assess(before, as_of, Timeline::leave_out);
  if (!without) return without.error();
  auto with = assessor.assess(after, as_of, Timeline::leave_out);
  if (!with) return with.error();
  const Evaluation& ev = with->evaluation;

  bool earliest = !after.events.empty();
  for (size_t i = 0; i + 1 < after.events.size(); ++i) earliest = earliest && event.date < after.events[i].date;
  const std::string field = earliest && after.events.size() > 1 ? "date" : "type";
  if (!accepted(ev, added_at)) {
    std::string why = describe(event) + " does not fit case '" + before.id + "' in state '" +
                      without->evaluation.state + "'";
    for (const auto& p : ev.problems)
      if (p.event == event.type && p.date == event.date) {
        why = p.message;
        break;
      }
    return Error{ErrorKind::invalid_input, why}.about(field);
  }
  for (size_t i = 0; i < before.events.size(); ++i) {
    if (replacing && i == *replacing) continue;
    if (!accepted(without->evaluation, i)) continue;
    const size_t now_at = replacing && i > *replacing ? i - 1 : i;
    if (!accepted(ev, now_at))
      return Error{ErrorKind::invalid_input, "with " + describe(event) + ", the case's " +
                                                 describe(before.events[i]) + " would no longer fit its state"}
          .about(field);
  }
  return Ok{};
}

}  // namespace timescales::web::api
