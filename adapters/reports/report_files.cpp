#include "adapters/reports/report_files.hpp"

#include "adapters/reports/report_tables.hpp"

namespace timescales::reports {

Result<MeasureSet> load_measures(const std::filesystem::path& data_dir) {
  const std::filesystem::path path = data_dir / "rules" / "measures.toml";
  auto text = read_text_file(path);
  if (!text) return text.error();
  return parse_measures(*text, path.string());
}

Result<std::vector<std::filesystem::path>> write_reports(const ReportFigures& figures, const std::filesystem::path& dir,
                                                         const ReportWriteOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{dir.string() + ": cannot create folder: " + ec.message()};
  std::vector<std::filesystem::path> written;
  auto write = [&](const std::filesystem::path& path, const std::string& text) -> Status {
    auto status = write_file_atomically(path, text, options.access);
    if (status) written.push_back(path);
    return status;
  };
  if (auto s = write(dir / kComplianceReportFile, render_compliance_html(figures, options.html)); !s) return s.error();
  if (auto s = write(dir / kTrackingReportFile, render_tracking_html(figures, options.html)); !s) return s.error();
  std::vector<Table> tables = compliance_tables(figures);
  for (auto& t : tracking_tables(figures)) tables.push_back(std::move(t));
  for (const auto& t : tables)
    if (auto s = write(dir / (t.file + ".csv"), to_csv(t)); !s) return s.error();
  return written;
}

}  // namespace timescales::reports
