// The engine's whole answer for one case on one day: its evaluation (state, clocks, data
// problems), the local targets beside its statutory clocks, and the flags the rules raise.
// Everything the nightly run, the alerts and the reports read comes through here.
//
// Thread-safety: pure function over const inputs; safe to call from many threads at once.
#pragma once

#include <vector>

#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/case/case.hpp"
#include "engine/evaluate/evaluation.hpp"
#include "engine/rules/rule.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales {

struct CaseAssessment {
  Case case_data;
  Evaluation evaluation;
  std::vector<rules::Flag> flags;
};

CaseAssessment assess_case(const WorkflowLibrary& workflows, const rules::RuleSet& rules, Case c,
                           Date as_of, const CalendarContext& calendars, Timeline timeline = Timeline::keep);

}  // namespace timescales
