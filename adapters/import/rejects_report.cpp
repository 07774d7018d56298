#include "adapters/import/rejects_report.hpp"

#include "adapters/files/text_files.hpp"
#include "adapters/import/csv_reader.hpp"

namespace timescales {
namespace {

// The report is opened in a spreadsheet: a cell starting with = + - or @ would run as a formula.
std::string cell(const std::string& value) {
  if (!value.empty() && std::string_view("=+-@").find(value.front()) != std::string_view::npos)
    return csv_field("'" + value);
  return csv_field(value);
}

}  // namespace

std::string rejects_csv(const std::vector<RejectedRow>& rejects) {
  std::string out = "file,line,case_id,reason\r\n";
  for (const auto& r : rejects) {
    out += cell(r.file) + "," + std::to_string(r.line) + "," + cell(r.case_id) + "," +
           cell(r.reason) + "\r\n";
  }
  return out;
}

Status write_rejects_report(const std::filesystem::path& path,
                            const std::vector<RejectedRow>& rejects) {
  return write_file_atomically(path, rejects_csv(rejects), FileAccess::owner_only);
}

}  // namespace timescales
