#include "application/access/access_policy.hpp"

#include <algorithm>

namespace timescales {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

const RoleAccess& nothing_for(Role role) {
  static std::vector<RoleAccess> empty = [] {
    std::vector<RoleAccess> out;
    for (Role r : every_role()) {
      RoleAccess nothing;
      nothing.role = r;
      out.push_back(std::move(nothing));
    }
    return out;
  }();
  return empty[static_cast<size_t>(role)];
}

}  // namespace

AccessPolicy::AccessPolicy(std::vector<RoleAccess> roles) : roles_(std::move(roles)) {}

const RoleAccess& AccessPolicy::of(Role role) const {
  for (const RoleAccess& r : roles_)
    if (r.role == role) return r;
  return nothing_for(role);
}

bool AccessPolicy::may_open(const Principal& p, std::string_view workflow, std::string_view team) const {
  const RoleAccess& r = of(p.role);
  if (!r.writes) return false;
  if (!r.every_workflow && !contains(r.workflows, workflow)) return false;
  // A team_manager without a team reads nothing (the account store refuses one, but a token or
  // a principal made elsewhere must not fall through to "every team").
  if (r.own_team_only && (p.team.empty() || team != p.team)) return false;
  return true;
}

bool AccessPolicy::may_read(const Principal& p, const CaseRecord& c) const {
  const RoleAccess& r = of(p.role);
  if (!r.every_workflow && !contains(r.workflows, c.workflow)) return false;
  if (r.own_team_only && (p.team.empty() || c.team.value_or("") != p.team)) return false;
  return true;
}

bool AccessPolicy::may_write(const Principal& p, const CaseRecord& c) const {
  return of(p.role).writes && may_read(p, c);
}

AccessPolicy::Narrowed AccessPolicy::narrow(const Principal& p, CaseFilter requested) const {
  const RoleAccess& r = of(p.role);
  Narrowed out{std::move(requested), false};
  CaseFilter& f = out.filter;
  if (!r.every_workflow) {
    if (r.workflows.empty()) out.nothing = true;
    if (!f.workflow.empty() && !contains(r.workflows, f.workflow)) out.nothing = true;
    if (f.workflows.empty()) {
      f.workflows = r.workflows;
    } else {
      std::vector<std::string> both;
      for (const auto& w : f.workflows)
        if (contains(r.workflows, w)) both.push_back(w);
      if (both.empty()) out.nothing = true;
      f.workflows = std::move(both);
    }
  }
  if (r.own_team_only) {
    if (p.team.empty() || (!f.team.empty() && f.team != p.team)) out.nothing = true;
    f.team = p.team;
  }
  return out;
}

}  // namespace timescales
