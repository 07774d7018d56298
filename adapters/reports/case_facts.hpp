// Small questions every report asks of an assessed case: is it still open, when did an event
// first happen, which timer is which, what is its team.
//
// "Open" means the case's state (as evaluated) is not a final state of the workflow version it
// was evaluated under. A case whose workflow the library does not know (or with no state at all)
// is not open: nothing can be said about it, and the evaluation already lists that as a problem.
//
// Only events dated on or before the as-of date count: evaluation treats later ones as mistakes,
// and a report must agree with it.
//
// Thread-safety: pure functions over const inputs; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/case_assessment.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales::reports {

inline constexpr std::string_view kNoTeam = "(no team recorded)";

bool is_open(const CaseAssessment& a, const WorkflowLibrary& workflows);

const TimerResult* find_timer(const Evaluation& e, std::string_view id);

// The earliest event of `type` on or before `as_of`.
const CaseEvent* first_event(const Case& c, std::string_view type, Date as_of);
// The latest event of `type` on or before `as_of`.
const CaseEvent* last_event(const Case& c, std::string_view type, Date as_of);
int count_events(const Case& c, std::string_view type, Date as_of);

std::string attribute_or(const Case& c, const std::string& key, std::string_view fallback = {});
std::string team_of(const Case& c);
// As team_of, without a copy: for counting a case under its team without building a string. Valid
// while `c` is.
std::string_view team_view(const Case& c);

}  // namespace timescales::reports
