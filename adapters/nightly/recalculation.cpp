#include "adapters/nightly/recalculation.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "adapters/nightly/stored_cases.hpp"
#include "adapters/store/timestamps.hpp"
#include "engine/rules/rule_engine.hpp"

namespace timescales::nightly {
namespace {

std::string or_none(const std::optional<Date>& d) { return d ? to_iso(*d) : "none"; }

}  // namespace

Result<RecalcOutcome> run_recalc(const RecalcOptions& o) {
  const std::string started = utc_timestamp_now();
  auto setup = open_store_run(o.data_dir, o.db, o.school_calendar);
  if (!setup) return setup.error();
  const EngineData* data = &setup->data;
  CalendarFiles& calendars = setup->calendars;
  const std::shared_ptr<const SchoolCalendar>& school = setup->school;
  CaseStore* store = setup->store.get();
  auto last = store->latest_run();
  if (!last) return last.error();
  if (!*last) return Error{"no earlier run to compare with: run `timescales nightly` (or `evaluate --db`) first"};
  auto timers = store->run_timers((*last)->id);
  if (!timers) return timers.error();
  auto flags = store->run_flags((*last)->id);
  if (!flags) return flags.error();

  RecalcOutcome outcome;
  outcome.compared_with_run = (*last)->id;
  outcome.compared_as_of = (*last)->as_of;
  const Date as_of = o.as_of.value_or((*last)->as_of);

  std::map<std::pair<std::string, std::string>, const StoredTimer*> before;
  for (const auto& t : *timers) before[{t.case_id, t.timer}] = &t;
  std::map<std::string, std::vector<const RunFlag*>> flags_before;
  for (const auto& f : *flags) flags_before[f.case_id].push_back(&f);

  auto stored = assess_stored_cases(*store, *data, calendars, school, as_of);
  if (!stored) return stored.error();
  RunRecord run;
  run.kind = "recalc";
  run.as_of = as_of;
  run.started_at = started;
  for (size_t i = 0; i < stored->cases.size(); ++i) {
    if (stored->closed[i] && stored->stored_closed[i]) continue;  // closed before and still: nothing to say
    const CaseAssessment& a = stored->cases[i];
    ++outcome.cases;
    CaseChanges changes{a.case_data.id, {}, {}, {}};
    for (const auto& t : a.evaluation.timers) {
      auto it = before.find({a.case_data.id, t.id});
      if (it == before.end()) continue;  // a timer the last run did not record (a new local target)
      const std::string status(timer_status_name(t.status));
      if (it->second->due != t.due || it->second->status != status)
        changes.moved.push_back({t.id, it->second->due, t.due, it->second->status, status});
    }
    std::vector<RunFlag> now;
    for (const auto& f : a.flags)
      now.push_back({a.case_data.id, f.rule, std::string(rules::severity_name(f.severity)), f.message});
    const auto& was = flags_before[a.case_data.id];
    for (const auto& f : now) {
      bool known = false;
      for (const auto* w : was) known |= w->rule == f.rule;
      if (!known) changes.flags_raised.push_back(f);
    }
    for (const auto* w : was) {
      bool still = false;
      for (const auto& f : now) still |= f.rule == w->rule;
      if (!still) changes.flags_cleared.push_back(*w);
    }
    if (!changes.moved.empty() || !changes.flags_raised.empty() || !changes.flags_cleared.empty())
      outcome.changes.push_back(std::move(changes));
    run.cases.push_back(run_case_of(a.evaluation));
    run.flags.insert(run.flags.end(), now.begin(), now.end());
  }
  run.changes_json = recalc_json(outcome);
  auto id = store->record_run(run);
  if (!id) return id.error();
  outcome.run_id = *id;
  return outcome;
}

std::string render_recalc(const RecalcOutcome& r) {
  std::string out = "Recalculated " + std::to_string(r.cases) + " open cases, compared with run " +
                    std::to_string(r.compared_with_run) + " (as of " + to_iso(r.compared_as_of) + "): " +
                    std::to_string(r.changes.size()) + " changed.\n";
  for (const auto& c : r.changes) {
    out += "\n" + c.case_id + "\n";
    for (const auto& m : c.moved) {
      out += "  " + m.timer + ": ";
      if (m.before != m.after) out += "due " + or_none(m.before) + " -> " + or_none(m.after);
      if (m.status_before != m.status_after)
        out += std::string(m.before != m.after ? ", " : "") + m.status_before + " -> " + m.status_after;
      out += "\n";
    }
    for (const auto& f : c.flags_raised) out += "  + " + f.severity + " " + f.rule + ": " + f.message + "\n";
    for (const auto& f : c.flags_cleared) out += "  - " + f.severity + " " + f.rule + " cleared\n";
  }
  return out;
}

std::string recalc_json(const RecalcOutcome& r) {
  auto changes = nlohmann::ordered_json::array();
  for (const auto& c : r.changes) {
    nlohmann::ordered_json j;
    j["case"] = c.case_id;
    auto moved = nlohmann::ordered_json::array();
    for (const auto& m : c.moved)
      moved.push_back({{"timer", m.timer}, {"due_before", or_none(m.before)}, {"due_after", or_none(m.after)},
                       {"status_before", m.status_before}, {"status_after", m.status_after}});
    j["moved"] = moved;
    auto raised = nlohmann::ordered_json::array();
    for (const auto& f : c.flags_raised) raised.push_back({{"rule", f.rule}, {"severity", f.severity}, {"message", f.message}});
    j["flags_raised"] = raised;
    auto cleared = nlohmann::ordered_json::array();
    for (const auto& f : c.flags_cleared) cleared.push_back({{"rule", f.rule}, {"severity", f.severity}});
    j["flags_cleared"] = cleared;
    changes.push_back(j);
  }
  return changes.dump();
}

}  // namespace timescales::nightly
