#include "adapters/nightly/report_outputs.hpp"

#include "adapters/reports/report_files.hpp"

namespace timescales::nightly {

Result<std::vector<std::filesystem::path>> write_reports(const std::vector<CaseAssessment>& cases,
                                                         const WorkflowLibrary& workflows,
                                                         const std::filesystem::path& data_dir, Date as_of,
                                                         const CalendarContext& calendars,
                                                         const std::filesystem::path& out) {
  auto measures = reports::load_measures(data_dir);
  if (!measures) return measures.error();
  const auto figures = reports::compute_report_figures(cases, as_of, workflows, calendars, *measures);
  return reports::write_reports(figures, out);
}

}  // namespace timescales::nightly
