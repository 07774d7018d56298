#include "adapters/import/rejects_report.hpp"

#include "adapters/files/text_files.hpp"
#include "adapters/import/csv_reader.hpp"

namespace timescales {

std::string rejects_csv(const std::vector<RejectedRow>& rejects) {
  std::string out = "file,line,case_id,reason\r\n";
  for (const auto& r : rejects) {
    out += spreadsheet_csv_field(r.file) + "," + std::to_string(r.line) + "," + spreadsheet_csv_field(r.case_id) + "," +
           spreadsheet_csv_field(r.reason) + "\r\n";
  }
  return out;
}

Status write_rejects_report(const std::filesystem::path& path,
                            const std::vector<RejectedRow>& rejects) {
  return write_file_atomically(path, rejects_csv(rejects), FileAccess::owner_only);
}

}  // namespace timescales
