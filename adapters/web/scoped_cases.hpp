// The cases a signed-in user may read, assessed as of today, for the pages that look at many at
// once (My deadlines, the reports): the store's search narrowed to the role's scope
// (AccessPolicy::narrow), each case loaded and assessed by the CaseAssessor (the engine counts
// every day; nothing here does), with the working calendar its clocks count in.
//
// Thread-safety: uses the calling thread's workbench.
#pragma once

#include <memory>
#include <vector>

#include "application/access/principal.hpp"
#include "application/store/case_store.hpp"
#include "engine/calendar/division_calendar.hpp"
#include "engine/rules/case_assessment.hpp"

namespace timescales::web {

class WebService;

struct ScopedCase {
  CaseAssessment assessment;
  std::shared_ptr<const DivisionCalendar> working;
};

// `requested`: what the page asks for, before narrowing (open cases only, by default).
Result<std::vector<ScopedCase>> assess_scoped_cases(WebService& service, const Principal& p,
                                                    CaseFilter requested = {}, Timeline timeline = Timeline::leave_out);

}  // namespace timescales::web
