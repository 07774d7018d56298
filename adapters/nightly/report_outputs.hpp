// The managers' compliance report and the SEND team's tracking, written into the nightly run's
// output folder. Separate from nightly_run.cpp so the run's order of work reads on one page.
//
// Thread-safety: no shared state.
#pragma once

#include <filesystem>
#include <vector>

#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/core/result.hpp"
#include "engine/rules/case_assessment.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales::nightly {

Result<std::vector<std::filesystem::path>> write_reports(const std::vector<CaseAssessment>& cases,
                                                         const WorkflowLibrary& workflows,
                                                         const std::filesystem::path& data_dir, Date as_of,
                                                         const CalendarContext& calendars,
                                                         const std::filesystem::path& out);

}  // namespace timescales::nightly
