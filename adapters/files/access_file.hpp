// Loading rules/access.toml (which cases each role reads and may change, application/access/
// access_policy.hpp): every role named must be one of the five, every workflow one the library
// has, every `deadlines` audience one rules/outputs.toml declares; each problem at
// file:line:column.
//
// Thread-safety: no shared state; the result is immutable.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/outputs/output_declarations.hpp"
#include "application/access/access_policy.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales {

inline constexpr const char* kAccessFile = "access.toml";

// The file's text, checked against the workflows and the declared digests.
Result<AccessPolicy> parse_access_policy(std::string_view text, const std::string& file, const WorkflowLibrary& workflows,
                                         const outputs::OutputDeclarations& declared);
// <data_dir>/rules/access.toml.
Result<AccessPolicy> load_access_policy(const std::filesystem::path& data_dir, const WorkflowLibrary& workflows,
                                        const outputs::OutputDeclarations& declared);

}  // namespace timescales
