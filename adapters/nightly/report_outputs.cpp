#include "adapters/nightly/report_outputs.hpp"

namespace timescales::nightly {

Result<std::vector<std::filesystem::path>> write_reports(const std::vector<CaseAssessment>& /*cases*/,
                                                         const WorkflowLibrary& /*workflows*/,
                                                         const std::filesystem::path& /*data_dir*/, Date /*as_of*/,
                                                         const CalendarContext& /*calendars*/,
                                                         const std::filesystem::path& /*out*/) {
  return std::vector<std::filesystem::path>{};
}

}  // namespace timescales::nightly
