#include "application/access/role.hpp"

namespace timescales {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::complaints_officer: return "complaints_officer";
    case Role::send_team: return "send_team";
    case Role::team_manager: return "team_manager";
    case Role::manager: return "manager";
    case Role::admin: return "admin";
  }
  return "manager";
}

const std::vector<Role>& every_role() {
  static const std::vector<Role> roles = {Role::complaints_officer, Role::send_team, Role::team_manager,
                                          Role::manager, Role::admin};
  return roles;
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role r : every_role())
    if (role_name(r) == text) return r;
  return std::nullopt;
}

std::string role_names_joined() {
  std::string out;
  for (Role r : every_role()) {
    if (!out.empty()) out += ", ";
    out += role_name(r);
  }
  return out;
}

}  // namespace timescales
