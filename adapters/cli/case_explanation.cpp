#include "adapters/cli/case_explanation.hpp"

#include "engine/rules/rule_engine.hpp"

namespace timescales::cli {
namespace {

std::string or_dash(const std::optional<Date>& d) { return d ? to_iso(*d) : "-"; }

void print_clocks(std::ostream& out, const Evaluation& ev, bool statutory, const char* heading) {
  bool any = false;
  for (const auto& t : ev.timers) {
    if ((t.basis == "statute") != statutory) continue;
    if (!any) out << "\n" << heading << "\n";
    any = true;
    out << "  " << t.id << " (" << clock_kind_name(t.kind);
    if (!statutory) out << ", " << t.basis;
    out << "): " << timer_status_name(t.status);
    if (t.due) out << ", due " << to_long(*t.due);
    if (t.due && t.due_time) out << " at " << to_hh_mm(*t.due_time);
    if (t.stopped) out << ", stopped " << to_long(*t.stopped);
    if (t.remaining) out << ", " << *t.remaining << " " << unit_name(t.unit) << " left";
    out << "\n      " << t.explanation << "\n";
    // The law's words beside the arithmetic, so the reader can check one against the other.
    if (!t.wording.empty()) out << "      words: " << t.wording << "\n";
    out << "      [" << t.source << "]\n";
    for (const auto& cycle : t.previous_cycles)
      out << "      earlier cycle from " << to_iso(cycle.start) << ": due " << or_dash(cycle.due) << ", "
          << timer_status_name(cycle.status) << "\n";
  }
}

}  // namespace

void print_case_explanation(std::ostream& out, const Evaluation& ev, const std::vector<rules::Flag>& flags) {
  out << "Case " << ev.case_id << ": " << ev.workflow << " (version " << ev.workflow_version << "), as of "
      << to_long(ev.as_of) << "\n\nTimeline\n";
  for (const auto& t : ev.timeline) {
    out << "  " << to_long(t.date) << "  " << t.event;
    if (!t.reason.empty()) out << " (" << t.reason << ")";
    if (!t.accepted) out << "  -- not counted (see problems)";
    else if (t.from_state != t.to_state) out << "  " << t.from_state << " -> " << t.to_state;
    out << "\n";
  }
  out << "\nNow in state: " << ev.state << "\n";
  // The statutory limits first, then the milestones a Code recommends or the council sets, under
  // their own heading: an officer reading "missed" must know whether the law was broken.
  print_clocks(out, ev, true, "Clocks (statutory limits)");
  print_clocks(out, ev, false, "Other clocks (guidance and council standards, not statutory limits)");
  if (!flags.empty()) {
    out << "\nFlags\n";
    for (const auto& f : flags) out << "  " << f.message << "\n      why: " << rules::explain_flag(f) << "\n";
  }
  if (!ev.problems.empty()) {
    out << "\nProblems with the case's data\n";
    for (const auto& p : ev.problems) out << "  " << p.message << "\n";
  }
}

}  // namespace timescales::cli
