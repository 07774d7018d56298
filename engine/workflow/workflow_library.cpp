#include "engine/workflow/workflow_library.hpp"

#include <algorithm>

namespace timescales {

Status WorkflowLibrary::add(WorkflowDefinition definition) {
  if (find(definition.id, definition.version)) {
    const std::string where = find(definition.id, definition.version)->file;
    return Error::at({definition.file, 0, 0}, "workflow '" + definition.id + "' version '" +
                                                   definition.version + "' is already loaded from " +
                                                   where);
  }
  auto& list = by_id_[definition.id];
  list.push_back(std::make_shared<const WorkflowDefinition>(std::move(definition)));
  std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
    return a->in_force_from < b->in_force_from;
  });
  return Ok{};
}

std::vector<std::string> WorkflowLibrary::ids() const {
  std::vector<std::string> out;
  for (const auto& [id, _] : by_id_) out.push_back(id);
  return out;
}

std::vector<const WorkflowDefinition*> WorkflowLibrary::versions(const std::string& id) const {
  std::vector<const WorkflowDefinition*> out;
  if (auto it = by_id_.find(id); it != by_id_.end())
    for (const auto& d : it->second) out.push_back(d.get());
  return out;
}

// find, latest, in_force and for_case read the list in place: they run for every case of a
// nightly run, where versions()'s copy was a fifth of reading the reports.
const WorkflowLibrary::Versions* WorkflowLibrary::list(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() || it->second.empty() ? nullptr : &it->second;
}

const WorkflowDefinition* WorkflowLibrary::find(const std::string& id,
                                                const std::string& version) const {
  if (const Versions* all = list(id))
    for (const auto& d : *all)
      if (d->version == version) return d.get();
  return nullptr;
}

const WorkflowDefinition* WorkflowLibrary::latest(const std::string& id) const {
  const Versions* all = list(id);
  return all ? all->back().get() : nullptr;
}

const WorkflowDefinition* WorkflowLibrary::in_force(const std::string& id, Date on) const {
  if (const Versions* all = list(id))
    for (auto it = all->rbegin(); it != all->rend(); ++it)
      if ((*it)->in_force_on(on)) return it->get();
  return nullptr;
}

std::optional<Date> case_start_date(const Case& c) {
  std::optional<Date> first;
  for (const auto& e : c.events)
    if (!first || e.date < *first) first = e.date;
  return first;
}

Result<VersionChoice> WorkflowLibrary::for_case(const Case& c) const {
  const Versions* versions_in_force = list(c.workflow);
  if (!versions_in_force) {
    std::string known;
    for (const auto& id : ids()) known += (known.empty() ? "" : ", ") + id;
    return Error{"case " + c.id + ": unknown workflow '" + c.workflow + "' (known: " + known + ")"};
  }
  if (c.workflow_version) {
    if (const auto* d = find(c.workflow, *c.workflow_version)) return VersionChoice{d, ""};
    std::string known;
    for (const auto& d : *versions_in_force) known += (known.empty() ? "" : ", ") + d->version;
    return Error{"case " + c.id + ": workflow '" + c.workflow + "' has no version '" +
                 *c.workflow_version + "' (known: " + known + ")"};
  }
  const WorkflowDefinition* earliest = versions_in_force->front().get();
  const WorkflowDefinition* newest = versions_in_force->back().get();
  const auto start = case_start_date(c);
  if (!start) return VersionChoice{newest, ""};
  if (const auto* d = in_force(c.workflow, *start)) return VersionChoice{d, ""};
  if (*start < earliest->in_force_from)
    return VersionChoice{earliest, "the case began on " + to_iso(*start) + ", before '" +
                                       c.workflow + "' came into force on " +
                                       to_iso(earliest->in_force_from) + "; evaluated under version " +
                                       earliest->version};
  return VersionChoice{newest, "no version of '" + c.workflow + "' was in force on " +
                                   to_iso(*start) + "; evaluated under version " + newest->version};
}

}  // namespace timescales
