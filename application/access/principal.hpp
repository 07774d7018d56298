// Who is asking: a signed-in user or an API token (an integration), with the role and team it
// acts in. Every read and write of a case is checked against it (access_policy.hpp) and audited
// under its `actor()` name.
//
// Thread-safety: a plain value.
#pragma once

#include <string>

#include "application/access/role.hpp"

namespace timescales {

struct Principal {
  enum class Kind { user, token, command_line };
  Kind kind = Kind::user;
  std::string name;  // the user's sign-in name, the token's name, or the operating-system user
  Role role = Role::manager;
  std::string team;  // a team_manager's team ("CIN Widnes"); empty for other roles

  // How the audit log and event history name it: "user:ann", "token:case-system", "cli:root".
  std::string actor() const {
    switch (kind) {
      case Kind::user: return "user:" + name;
      case Kind::token: return "token:" + name;
      case Kind::command_line: return "cli:" + name;
    }
    return name;
  }
};

}  // namespace timescales
