// The command line's part in the audit log: who is typing (the operating-system user, as
// "cli:<user>") and a line in the store's audit log for each case command reads or writes, as
// the web service records a page's or the API's.
//
// Thread-safety: single-threaded, as the CLI.
#pragma once

#include <string>

#include "adapters/cli/cli_context.hpp"
#include "application/access/principal.hpp"

namespace timescales::cli {

// The operating-system user running the command ("root"); "unknown" when it has no name.
Principal command_line_principal();

// Records `action` on `case_id` (detail as JSON) in the store's audit log. A failure is reported
// (stderr, exit status 2): the command's own work is done, but nobody must think it was audited.
void audit_command(CliContext& ctx, const std::string& command, const std::string& db, const std::string& action,
                   const std::string& case_id, const std::string& detail);

}  // namespace timescales::cli
