// The rejects report: one CSV line per rejected row (file, line, case_id, reason), for the
// officer who corrects the case system before tomorrow's export. Written owner-only, as it
// holds case references, and never the rejected row itself, which may hold a child's name.
//
// Thread-safety: free function; writes are atomic (a temporary file renamed into place).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "adapters/import/event_importer.hpp"

namespace timescales {

// Possible corrections (not imported) follow the rejected rows, their reason the message with
// the commands that apply them.
std::string rejects_csv(const std::vector<RejectedRow>& rejects,
                        const std::vector<PossibleCorrection>& corrections = {});
// "1 row rejected for this case on 2026-12-01", by case, for every case with rejected rows kept
// in the store (CaseStore::rejected_rows): the notes the digest puts beside the case's lines.
Result<std::map<std::string, std::string>> rejected_row_notes(CaseStore& store);

Status write_rejects_report(const std::filesystem::path& path, const std::vector<RejectedRow>& rejects);

}  // namespace timescales
