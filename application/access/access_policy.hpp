// Which cases each role may read and change, as the council declares it in rules/access.toml:
// a role reads the cases of the workflows it names (or every workflow), a team_manager only
// those of their own team; `writes` lets it record and correct events; `reports` lets it read
// the managers' report and the SEND tracking; `administers` lets it manage users and tokens.
// `deadlines` names the rules/outputs.toml digest audience its "My deadlines" page shows.
//
// A role outside its scope learns nothing of a case, not even whether it exists: the callers
// answer "not found" and "forbidden" alike for a case out of scope (HTTP 403 either way).
//
// Thread-safety: immutable once built; safe to share const between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "application/access/principal.hpp"
#include "application/store/case_store.hpp"
#include "engine/core/result.hpp"

namespace timescales {

struct RoleAccess {
  Role role = Role::manager;
  std::vector<std::string> workflows;  // the workflows whose cases it reads
  bool every_workflow = false;         // `workflows = "every"`
  bool own_team_only = false;          // only cases whose team is the principal's team
  bool writes = false;
  bool reports = false;
  bool administers = false;
  std::string deadlines;               // a digest audience of rules/outputs.toml; "" for none
  SourcePosition where;                // its [role.…] table, for messages
};

class AccessPolicy {
 public:
  AccessPolicy() = default;  // no role may do anything
  // One entry per role; a role not given may do nothing.
  explicit AccessPolicy(std::vector<RoleAccess> roles);

  // The role's declaration (an empty one, reading nothing, when it was not declared).
  const RoleAccess& of(Role role) const;

  bool may_read(const Principal& p, const CaseRecord& c) const;
  bool may_write(const Principal& p, const CaseRecord& c) const;  // may_read, and the role writes
  // Whether p may open a new case of that workflow for that team.
  bool may_open(const Principal& p, std::string_view workflow, std::string_view team) const;
  bool may_see_reports(const Principal& p) const { return of(p.role).reports; }
  bool may_administer(const Principal& p) const { return of(p.role).administers; }

  // The requested search narrowed to what p may read: the workflows it asks for that the role
  // reads (all of the role's when it asks for none), and p's team for a team_manager. `nothing`
  // is set when no case could match (asking for a workflow outside the role, another team).
  struct Narrowed {
    CaseFilter filter;
    bool nothing = false;
  };
  Narrowed narrow(const Principal& p, CaseFilter requested) const;

 private:
  std::vector<RoleAccess> roles_;
};

}  // namespace timescales
