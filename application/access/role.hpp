// The roles a user or an API token acts in. Which cases each may read and change is the
// council's choice, declared in rules/access.toml (access_policy.hpp); what the roles are is
// fixed here, as the service's screens and commands are built around them:
//   complaints_officer  every complaint;
//   send_team           every EHC assessment, plan and review;
//   team_manager        only their own team's cases;
//   manager             reads everything, and the reports;
//   admin               users and tokens, no case.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace timescales {

enum class Role { complaints_officer, send_team, team_manager, manager, admin };

// "complaints_officer", …, as typed at the command line and stored.
std::string_view role_name(Role role);
// nullopt for anything but the five names.
std::optional<Role> parse_role(std::string_view text);
// Every role, in the order above (for messages: "one of complaints_officer, send_team, …").
const std::vector<Role>& every_role();
std::string role_names_joined();

}  // namespace timescales
