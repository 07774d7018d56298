#include "adapters/files/access_file.hpp"

#include "adapters/files/text_files.hpp"
#include "engine/core/toml_fields.hpp"

namespace timescales {
namespace {

constexpr std::string_view kKeys[] = {"workflows", "own_team", "writes", "reports", "administers", "deadlines"};

Result<RoleAccess> parse_role_table(Role role, const toml::table& t, const std::string& file,
                                    const WorkflowLibrary& workflows, const outputs::OutputDeclarations& declared) {
  TomlFields f(t, file);
  RoleAccess r;
  r.role = role;
  r.where = position_of(t, file);
  for (const auto& [key, value] : t) {
    bool known = false;
    for (auto k : kKeys) known = known || key.str() == k;
    if (!known)
      return Error::at(position_of(value, file), "unknown key '" + std::string(key.str()) +
                                                     "' (a role has workflows, own_team, writes, reports, "
                                                     "administers, deadlines)");
  }
  const toml::node* list = t.get("workflows");
  if (!list) return f.error_here("a role must say which workflows it reads: workflows = [...] or \"every\"");
  if (auto every = list->value<std::string>()) {
    if (*every != "every") return f.error("workflows", "workflows is a list of workflow ids, or \"every\"");
    r.every_workflow = true;
  } else if (const toml::array* a = list->as_array()) {
    for (const toml::node& item : *a) {
      auto id = item.value<std::string>();
      if (!id) return Error::at(position_of(item, file), "workflows must be a list of workflow ids");
      if (!workflows.latest(*id)) return Error::at(position_of(item, file), "no workflow '" + *id + "'");
      r.workflows.push_back(*id);
    }
  } else {
    return f.error("workflows", "workflows is a list of workflow ids, or \"every\"");
  }
  auto own_team = f.boolean_or("own_team", false);
  auto writes = f.boolean_or("writes", false);
  auto reports = f.boolean_or("reports", false);
  auto administers = f.boolean_or("administers", false);
  auto deadlines = f.string_or("deadlines", "");
  if (!own_team) return own_team.error();
  if (!writes) return writes.error();
  if (!reports) return reports.error();
  if (!administers) return administers.error();
  if (!deadlines) return deadlines.error();
  r.own_team_only = *own_team;
  r.writes = *writes;
  r.reports = *reports;
  r.administers = *administers;
  r.deadlines = *deadlines;
  if (!r.deadlines.empty()) {
    bool declared_audience = false;
    for (const auto& d : declared.digests) declared_audience = declared_audience || d.audience == r.deadlines;
    if (!declared_audience)
      return f.error("deadlines", "no [[digest]] in rules/outputs.toml has the audience '" + r.deadlines + "'");
  }
  return r;
}

}  // namespace

Result<AccessPolicy> parse_access_policy(std::string_view text, const std::string& file, const WorkflowLibrary& workflows,
                                         const outputs::OutputDeclarations& declared) {
  auto doc = parse_toml(text, file);
  if (!doc) return doc.error();
  std::vector<RoleAccess> roles;
  for (const auto& [key, value] : *doc) {
    if (key.str() != "role")
      return Error::at(position_of(value, file), "unknown table '" + std::string(key.str()) + "' (expected [role.<name>])");
    const toml::table* by_role = value.as_table();
    if (!by_role) return Error::at(position_of(value, file), "'role' must be tables: [role.<name>]");
    for (const auto& [name, table] : *by_role) {
      auto role = parse_role(name.str());
      if (!role)
        return Error::at(position_of(table, file),
                         "no role '" + std::string(name.str()) + "' (the roles are " + role_names_joined() + ")");
      const toml::table* t = table.as_table();
      if (!t) return Error::at(position_of(table, file), "[role." + std::string(name.str()) + "] must be a table");
      auto r = parse_role_table(*role, *t, file, workflows, declared);
      if (!r) return r.error();
      roles.push_back(std::move(*r));
    }
  }
  return AccessPolicy(std::move(roles));
}

Result<AccessPolicy> load_access_policy(const std::filesystem::path& data_dir, const WorkflowLibrary& workflows,
                                        const outputs::OutputDeclarations& declared) {
  const std::filesystem::path path = data_dir / "rules" / kAccessFile;
  auto text = read_text_file(path);
  if (!text) return text.error();
  return parse_access_policy(*text, path.string(), workflows, declared);
}

}  // namespace timescales
