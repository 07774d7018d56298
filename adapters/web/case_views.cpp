#include "adapters/web/case_views.hpp"

#include "adapters/web/page_support.hpp"
#include "engine/rules/rule_engine.hpp"

namespace timescales::web {

std::string remaining_in_unit(const TimerResult& t) {
  if (!t.remaining) return "";
  const int n = *t.remaining;
  std::string unit(unit_name(t.unit));
  // "1 working days" reads wrongly: the unit's singular is its plural less the final s.
  if ((n == 1 || n == -1) && !unit.empty() && unit.back() == 's') unit.pop_back();
  if (n == 0) return "due today";
  return std::to_string(n < 0 ? -n : n) + " " + unit + (n < 0 ? " over" : " left");
}

namespace {

mstch::map clock_row(const TimerResult& t) {
  const std::string status(timer_status_name(t.status));
  mstch::array cycles;
  for (const auto& c : t.previous_cycles)
    cycles.push_back(mstch::map{{"start", to_long(c.start)},
                                {"due", long_date(c.due)},
                                {"status", std::string(timer_status_name(c.status))}});
  return mstch::map{{"id", t.id},
                    {"kind", std::string(clock_kind_name(t.kind))},
                    {"basis", t.basis},
                    {"status", status},
                    {"tag", status_tag_class(status)},
                    {"start", long_date(t.start)},
                    {"due", long_date(t.due) + (t.due && t.due_time ? ", " + to_hh_mm(*t.due_time) : "")},
                    {"stopped", long_date(t.stopped)},
                    {"remaining", remaining_in_unit(t)},
                    {"extended", t.extended},
                    {"paused", t.paused},
                    {"exemption", t.exemption},
                    {"explanation", t.explanation},
                    {"wording", t.wording},
                    {"source", t.source},
                    {"configurable", t.configurable},
                    {"cycles", cycles},
                    {"has_cycles", !cycles.empty()}};
}

}  // namespace

void add_assessment(mstch::map& data, const CaseAssessment& a) {
  const Evaluation& ev = a.evaluation;
  // The statutory limits apart from the milestones a Code recommends or a council sets: an
  // officer reading "missed" must know whether the law was broken.
  mstch::array clocks, other;
  for (const auto& t : ev.timers) (t.basis == "statute" ? clocks : other).push_back(clock_row(t));
  mstch::array flags;
  for (const auto& f : a.flags)
    flags.push_back(mstch::map{{"message", f.message},
                               {"severity", std::string(rules::severity_name(f.severity))},
                               {"why", rules::explain_flag(f)},
                               {"escalate_to", f.escalate_to}});
  mstch::array problems;
  for (const auto& p : ev.problems) problems.push_back(mstch::map{{"message", p.message}});
  mstch::array timeline;
  for (const auto& t : ev.timeline)
    timeline.push_back(mstch::map{{"date", to_long(t.date)},
                                  {"event", t.event},
                                  {"reason", t.reason},
                                  {"from", t.from_state},
                                  {"to", t.to_state},
                                  {"moved", t.accepted && t.from_state != t.to_state},
                                  {"not_counted", !t.accepted}});
  data["state"] = ev.state;
  data["workflow_version"] = ev.workflow_version;
  data["clocks"] = clocks;
  data["has_clocks"] = !clocks.empty();
  data["other_clocks"] = other;
  data["has_other_clocks"] = !other.empty();
  data["flags"] = flags;
  data["has_flags"] = !flags.empty();
  data["problems"] = problems;
  data["has_problems"] = !problems.empty();
  data["timeline"] = timeline;
  data["has_timeline"] = !timeline.empty();
}

}  // namespace timescales::web
