// Listing and searching a caseload as an officer asks of it: "my team's complaints that are
// overdue", "every EHC assessment due within 5 working days", sorted by the next date due, a
// page at a time.
//
// The store narrows the cases by what it holds (workflow, team, owner, cohort, open or not);
// each case left is assessed as of the day asked, and its state and clocks decide the rest:
// - status overdue: a clock is running past its due date (the engine's fact) or a rule raised an
//   `overdue` flag; at_risk: a rule raised an `at_risk` flag and it is not overdue; running: a
//   clock is running (paused and overdue ones included);
// - due within N working days: the next clock due (the earliest due of those running, paused or
//   overdue) falls on or before the N-th working day after the day asked, counted by the engine
//   in the case's own division calendar; an overdue clock is within any N.
// The next clock due is what the line shows; cases with none come last, then by reference.
//
// Cost: every case the store's filter leaves is loaded and assessed (a council's caseload of a
// few thousand takes well under a second); a national deployment's search would read the last
// night's recorded run instead.
//
// Thread-safety: as the CaseAssessor and store it is given (one thread).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "application/cases/case_assessor.hpp"

namespace timescales {

enum class CaseStatusFilter { any, overdue, at_risk, running };
// "any", "overdue", "at_risk", "running"; nullopt for anything else.
std::optional<CaseStatusFilter> parse_case_status_filter(std::string_view text);

struct CaseloadQuery {
  CaseFilter filter;
  std::string state;  // the workflow state ("stage1"); empty for any
  CaseStatusFilter status = CaseStatusFilter::any;
  std::optional<int> due_within_working_days;
  Date as_of{};
  size_t page = 1;  // 1-based
  size_t per_page = 50;
};

// One line of the list: identifiers, the state and the next clock; never attributes beyond the
// team and owner (children's data).
struct CaseloadLine {
  std::string case_id;
  std::string workflow;
  std::string team, owner;
  std::string state;
  bool overdue = false;
  bool at_risk = false;
  std::optional<size_t> next;  // the next clock due, in assessment.evaluation.timers
  CaseAssessment assessment;   // timeline left out
  const TimerResult* next_timer() const { return next ? &assessment.evaluation.timers[*next] : nullptr; }
};

struct CaseloadPage {
  std::vector<CaseloadLine> cases;  // this page's
  size_t total = 0;                 // matching cases, over every page
  size_t page = 1, per_page = 50;
  size_t pages() const { return per_page == 0 ? 0 : (total + per_page - 1) / per_page; }
};

// invalid_input naming the field for a page or per_page of 0, or a negative due_within.
Result<CaseloadPage> search_caseload(CaseStore& store, CaseAssessor& assessor, const CaseloadQuery& query);

}  // namespace timescales
