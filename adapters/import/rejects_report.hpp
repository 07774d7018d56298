// The rejects report: one CSV line per rejected row (file, line, case_id, reason), for the
// officer who corrects the case system before tomorrow's export. Written owner-only, as it
// holds case references, and never the rejected row itself, which may hold a child's name.
//
// Thread-safety: free function; writes are atomic (a temporary file renamed into place).
#pragma once

#include <filesystem>
#include <vector>

#include "adapters/import/event_importer.hpp"

namespace timescales {

std::string rejects_csv(const std::vector<RejectedRow>& rejects);
Status write_rejects_report(const std::filesystem::path& path, const std::vector<RejectedRow>& rejects);

}  // namespace timescales
