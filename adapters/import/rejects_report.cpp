#include "adapters/import/rejects_report.hpp"

#include "adapters/files/text_files.hpp"
#include "adapters/files/spreadsheet_csv.hpp"

namespace timescales {

std::string rejects_csv(const std::vector<RejectedRow>& rejects, const std::vector<PossibleCorrection>& corrections) {
  SpreadsheetCsv csv({"file", "line", "case_id", "reason"});
  for (const auto& r : rejects) {
    csv.text(r.file).number(static_cast<long long>(r.line)).text(r.case_id).text(r.reason);
    csv.end_row();
  }
  for (const auto& c : corrections) {
    csv.text(c.file).number(static_cast<long long>(c.line)).text(c.case_id).text(c.message());
    csv.end_row();
  }
  return csv.str();
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
