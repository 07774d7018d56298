#include "engine/evaluate/evaluate_case.hpp"

#include <algorithm>
#include <numeric>

#include "engine/evaluate/timer_clock.hpp"

namespace timescales {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::string at(const CaseEvent& e) { return e.type + " on " + to_iso(e.date); }

}  // namespace

Evaluation evaluate_case(const WorkflowDefinition& def, const Case& c, Date as_of,
                         const CalendarContext& calendars, Timeline timeline) {
  Evaluation ev;
  ev.case_id = c.id;
  ev.workflow = def.id;
  ev.workflow_version = def.version;
  ev.as_of = as_of;
  // Room for the local targets the rules add after (a case has one or two).
  ev.timers.reserve(def.timers.size() + 2);
  std::size_t state = def.start_state;

  std::vector<std::size_t> order(c.events.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& x = c.events[a];
    const auto& y = c.events[b];
    // Within a day, the order the source gave, even where events carry times: ordering by time
    // only where both have one would not be a consistent order once some have none.
    return x.date != y.date ? x.date < y.date : x.sequence < y.sequence;
  });

  // The case began with the first event that moves it out of the start state.
  const CaseEvent* opening = nullptr;
  for (std::size_t i : order) {
    const auto& e = c.events[i];
    const auto next = def.next_state(def.start_state, e.type);
    if (e.date <= as_of && next && *next != def.start_state) {
      opening = &e;
      break;
    }
  }

  std::vector<TimerClock> clocks;
  clocks.reserve(def.timers.size());
  for (const auto& t : def.timers) clocks.emplace_back(t, c.attributes, calendars);

  bool began = false;
  // Replays one event. A refusal only because of the state the case is in may be retried once
  // the other events of that day have been replayed (`final` false): two events on one day are
  // often recorded in either order, and the later row of an export is not the later act.
  auto replay = [&](std::size_t i, bool final) -> bool {
    const CaseEvent& e = c.events[i];
    const std::size_t from = state;
    auto note = [&](bool accepted) {
      if (timeline == Timeline::keep)
        ev.timeline.push_back({e.date, e.type, e.reason, def.states[from].id, def.states[state].id, accepted});
    };
    const EventDefinition* known = def.event(e.type);
    std::string refused;
    std::optional<std::size_t> next;
    if (!known) {
      refused = "'" + e.type + "' on " + to_iso(e.date) + " is not an event of workflow '" +
                def.id + "'";
    } else if (e.date > as_of) {
      // Not yet happened as of that day: nothing wrong with the record, so not a problem.
      note(false);
      return true;
    } else if (opening && e.date < opening->date) {
      refused = at(e) + " is before " + at(*opening) + ", when the case began";
    } else if (!(next = def.next_state(state, e.type))) {
      if (!final) return false;
      refused = at(e) + " is not allowed in state '" + def.states[state].id + "' (allowed: " +
                joined(def.events_allowed_in(state)) + ")";
    }
    if (!refused.empty()) {
      ev.problems.push_back({refused, e.date, e.type, ""});
      note(false);
      return true;
    }
    if (known->reason_required && e.reason.empty())
      ev.problems.push_back({at(e) + " gives no reason; it needs one", e.date, e.type, ""});
    if (!known->reasons.empty() && !e.reason.empty() &&
        std::find(known->reasons.begin(), known->reasons.end(), e.reason) == known->reasons.end())
      ev.problems.push_back({at(e) + ": reason '" + e.reason + "' is not one of " +
                                 joined(known->reasons),
                             e.date, e.type, ""});
    if (!began && *next != state) {
      began = true;
      for (auto& clock : clocks) clock.case_began(e);
    }
    state = *next;
    note(true);
    ev.accepted_events.push_back(i);
    for (auto& clock : clocks) clock.on_event(e);
    return true;
  };
  for (std::size_t k = 0; k < order.size();) {
    std::size_t end = k;
    while (end < order.size() && c.events[order[end]].date == c.events[order[k]].date) ++end;
    std::vector<std::size_t> deferred;
    for (std::size_t j = k; j < end; ++j)
      if (!replay(order[j], false)) deferred.push_back(order[j]);
    for (std::size_t i : deferred) replay(i, true);
    k = end;
  }

  ev.state = def.states[state].id;
  for (std::size_t i = 0; i < clocks.size(); ++i) {
    auto& clock = clocks[i];
    ev.timers.push_back(clock.result(as_of));
    // Only an explanation quotes the law's words; a nightly run over every case leaves them out
    // with the timeline, as it would be a copy per timer per case.
    if (timeline == Timeline::keep) ev.timers.back().wording = def.timers[i].wording;
    for (auto& p : clock.take_problems()) ev.problems.push_back(std::move(p));
  }
  return ev;
}

Evaluation evaluate_case(const WorkflowLibrary& library, const Case& c, Date as_of,
                         const CalendarContext& calendars, Timeline timeline) {
  auto choice = library.for_case(c);
  if (!choice) {
    Evaluation ev;
    ev.case_id = c.id;
    ev.workflow = c.workflow;
    ev.as_of = as_of;
    ev.problems.push_back({choice.error().message, std::nullopt, "", ""});
    return ev;
  }
  Evaluation ev = evaluate_case(*choice->definition, c, as_of, calendars, timeline);
  if (!choice->note.empty())
    ev.problems.insert(ev.problems.begin(), DataProblem{choice->note, std::nullopt, "", ""});
  return ev;
}

}  // namespace timescales
