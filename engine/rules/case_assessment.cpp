#include "engine/rules/case_assessment.hpp"

#include "engine/evaluate/evaluate_case.hpp"
#include "engine/rules/rule_engine.hpp"

namespace timescales {

CaseAssessment assess_case(const WorkflowLibrary& workflows, const rules::RuleSet& rules, Case c,
                           Date as_of, const CalendarContext& calendars, Timeline timeline) {
  CaseAssessment a;
  a.evaluation = evaluate_case(workflows, c, as_of, calendars, timeline);
  rules::add_local_targets(rules, c, a.evaluation, calendars);
  a.flags = rules::apply_rules(rules, c, a.evaluation, calendars);
  a.case_data = std::move(c);
  return a;
}

}  // namespace timescales
