// Assessing cases from the store as of a day — their clocks, the flags the rules raise and why —
// under the calendars each case counts in (case_calendars.hpp). `case show`, the caseload search
// and the HTTP server's case page all assess through this.
//
// Thread-safety: one CaseAssessor per thread (its store and calendar source are single-threaded);
// the assessments it returns are plain values.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "application/calendars/case_calendars.hpp"
#include "application/store/case_store.hpp"
#include "engine/rules/case_assessment.hpp"
#include "engine/rules/rule.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales {

// One stored case as an officer looks at it: what is stored, every recorded event (corrected and
// voided ones included), and its assessment.
struct StoredCaseView {
  CaseRecord record;
  std::vector<StoredEvent> history;
  CaseAssessment assessment;
  // The case's latest day of rows an import rejected, if it has any (CaseStore::rejected_rows).
  std::optional<RejectedRowsOfCase> rejected;
};

class CaseAssessor {
 public:
  // `default_school`: the school calendar of a case that names none (may be null).
  CaseAssessor(CaseStore& store, const WorkflowLibrary& workflows, const rules::RuleSet& rules,
               CalendarSource& calendars, std::shared_ptr<const SchoolCalendar> default_school = {});

  // not_found (field "case") when the store has no such case.
  Result<StoredCaseView> view(const std::string& case_id, Date as_of, Timeline timeline = Timeline::keep);
  // A case already loaded.
  Result<CaseAssessment> assess(Case c, Date as_of, Timeline timeline = Timeline::keep);
  // The calendars the case's clocks count in.
  Result<CaseCalendars> calendars_for(const Case& c);

 private:
  CaseStore& store_;
  const WorkflowLibrary& workflows_;
  const rules::RuleSet& rules_;
  CalendarSource& calendars_;
  std::shared_ptr<const SchoolCalendar> default_school_;
};

}  // namespace timescales
