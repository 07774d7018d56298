#include "adapters/cli/command_line_audit.hpp"

#include <pwd.h>
#include <unistd.h>

#include <chrono>

#include "adapters/store/open_case_store.hpp"

namespace timescales::cli {

Principal command_line_principal() {
  Principal p;
  p.kind = Principal::Kind::command_line;
  // Whoever has a shell on the server and the database file can do anything, so the role is
  // the manager's (reads everything) in name only: no scope is checked at the command line.
  p.role = Role::manager;
  const passwd* pw = getpwuid(geteuid());
  p.name = pw && pw->pw_name ? pw->pw_name : "unknown";
  return p;
}

void audit_command(CliContext& ctx, const std::string& command, const std::string& db, const std::string& action,
                   const std::string& case_id, const std::string& detail) {
  auto accounts = open_account_store(db);
  if (!accounts) return void(ctx.failure(command, "not audited: " + accounts.error().to_string()));
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  AuditEntry entry{0, now, command_line_principal().actor(), action, case_id, detail, "cli"};
  if (auto recorded = (*accounts)->record_audit(entry); !recorded)
    ctx.failure(command, "not audited: " + recorded.error().to_string());
}

}  // namespace timescales::cli
