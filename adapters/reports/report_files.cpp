#include "adapters/reports/report_files.hpp"

#include "adapters/reports/report_tables.hpp"

namespace timescales::reports {

std::vector<RenderedReport> render_reports(const ReportFigures& figures, const HtmlOptions& html) {
  std::vector<RenderedReport> out;
  out.push_back({kComplianceReportFile, render_compliance_html(figures, html)});
  out.push_back({kTrackingReportFile, render_tracking_html(figures, html)});
  std::vector<Table> tables = compliance_tables(figures);
  for (auto& t : tracking_tables(figures)) tables.push_back(std::move(t));
  for (const auto& t : tables) out.push_back({t.file + ".csv", to_csv(t)});
  return out;
}

Result<std::vector<std::filesystem::path>> write_reports(const ReportFigures& figures, const std::filesystem::path& dir,
                                                         const ReportWriteOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{dir.string() + ": cannot create folder: " + ec.message()};
  std::vector<std::filesystem::path> written;
  for (const auto& report : render_reports(figures, options.html)) {
    const auto path = dir / report.file_name;
    if (auto s = write_file_atomically(path, report.text, options.access); !s) return s.error();
    written.push_back(path);
  }
  return written;
}

}  // namespace timescales::reports
