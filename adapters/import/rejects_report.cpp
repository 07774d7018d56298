#include "adapters/import/rejects_report.hpp"

#include "adapters/files/text_files.hpp"
#include "adapters/import/csv_reader.hpp"

namespace timescales {

std::string rejects_csv(const std::vector<RejectedRow>& rejects, const std::vector<PossibleCorrection>& corrections) {
  std::string out = "file,line,case_id,reason\r\n";
  for (const auto& r : rejects) {
    out += spreadsheet_csv_field(r.file) + "," + std::to_string(r.line) + "," + spreadsheet_csv_field(r.case_id) + "," +
           spreadsheet_csv_field(r.reason) + "\r\n";
  }
  for (const auto& c : corrections)
    out += spreadsheet_csv_field(c.file) + "," + std::to_string(c.line) + "," + spreadsheet_csv_field(c.case_id) + "," +
           spreadsheet_csv_field(c.message()) + "\r\n";
  return out;
}

Result<std::map<std::string, std::string>> rejected_row_notes(CaseStore& store) {
  auto rejected = store.rejected_rows();
  if (!rejected) return rejected.error();
  std::map<std::string, std::string> notes;
  for (const auto& r : *rejected) notes.emplace(r.case_id, r.note());
  return notes;
}

Status write_rejects_report(const std::filesystem::path& path,
                            const std::vector<RejectedRow>& rejects) {
  return write_file_atomically(path, rejects_csv(rejects), FileAccess::owner_only);
}

}  // namespace timescales
