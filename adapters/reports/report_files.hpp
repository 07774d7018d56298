// Writing the reports into the nightly run's output folder. (What they read, and the measures, are
// loaded by adapters/files/output_files.hpp.)
//
// Files written (each atomically, by rename):
//   compliance-report.html   the managers' report (one self-contained file)
//   ehcp-tracking.html       the SEND team's tracking view
//   <table>.csv              one per table of both reports (report_tables.hpp lists them)
// Files are owner-only (0600) by default: they list case references.
//
// Thread-safety: no shared state; two writers into the same folder race file by file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "adapters/files/text_files.hpp"
#include "adapters/reports/performance_measures.hpp"
#include "adapters/reports/report_figures.hpp"
#include "adapters/reports/report_html.hpp"
#include "engine/core/result.hpp"

namespace timescales::reports {

inline constexpr const char* kComplianceReportFile = "compliance-report.html";
inline constexpr const char* kTrackingReportFile = "ehcp-tracking.html";

struct ReportWriteOptions {
  HtmlOptions html;
  FileAccess access = FileAccess::owner_only;
};

// One file of the reports, rendered and not yet written: its name in the output folder.
struct RenderedReport {
  std::string file_name;
  std::string text;
};

// Every file write_reports writes, in the same order, without touching the disk: the nightly run
// renders them while it records the run, and writes them once the record is committed.
std::vector<RenderedReport> render_reports(const ReportFigures& figures, const HtmlOptions& html = {});

// Creates `dir` if needed; returns every path written, in order.
Result<std::vector<std::filesystem::path>> write_reports(const ReportFigures& figures, const std::filesystem::path& dir,
                                                         const ReportWriteOptions& options = {});

}  // namespace timescales::reports
