// A mapping checked against the workflows this installation has, when it loads: every workflow
// it names, every event its codes stand for, and every reason it translates to must exist. A
// misspelt name would otherwise reject every row of every night's export, one row at a time,
// and the digests would come out empty as on a clear day.
//
// Each unknown name is an Error at its file:line:column in the mapping. `timescales check`,
// `import` and `nightly` call this before reading any row.
//
// Thread-safety: a free function over values it only reads.
#pragma once

#include <filesystem>
#include <vector>

#include "adapters/import/import_mapping.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales {

std::vector<Error> check_import_mapping(const ImportMapping& mapping, const WorkflowLibrary& workflows);

// Reads, parses and checks a mapping file: the first problem, or the mapping.
Result<ImportMapping> load_import_mapping(const std::filesystem::path& file, const WorkflowLibrary& workflows);

}  // namespace timescales
