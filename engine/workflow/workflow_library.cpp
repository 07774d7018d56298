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

const WorkflowDefinition* WorkflowLibrary::find(const std::string& id,
                                                const std::string& version) const {
  for (const auto* d : versions(id))
    if (d->version == version) return d;
  return nullptr;
}

const WorkflowDefinition* WorkflowLibrary::latest(const std::string& id) const {
  const auto all = versions(id);
  return all.empty() ? nullptr : all.back();
}

const WorkflowDefinition* WorkflowLibrary::in_force(const std::string& id, Date on) const {
  const auto all = versions(id);
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if ((*it)->in_force_on(on)) return *it;
  return nullptr;
}

std::optional<Date> case_start_date(const Case& c) {
  std::optional<Date> first;
  for (const auto& e : c.events)
    if (!first || e.date < *first) first = e.date;
  return first;
}

Result<VersionChoice> WorkflowLibrary::for_case(const Case& c) const {
  const auto all = versions(c.workflow);
  if (all.empty()) {
    std::string known;
    for (const auto& id : ids()) known += (known.empty() ? "" : ", ") + id;
    return Error{"case " + c.id + ": unknown workflow '" + c.workflow + "' (known: " + known + ")"};
  }
  if (c.workflow_version) {
    if (const auto* d = find(c.workflow, *c.workflow_version)) return VersionChoice{d, ""};
    std::string known;
    for (const auto* d : all) known += (known.empty() ? "" : ", ") + d->version;
    return Error{"case " + c.id + ": workflow '" + c.workflow + "' has no version '" +
                 *c.workflow_version + "' (known: " + known + ")"};
  }
  const auto start = case_start_date(c);
  if (!start) return VersionChoice{all.back(), ""};
  if (const auto* d = in_force(c.workflow, *start)) return VersionChoice{d, ""};
  const auto* earliest = all.front();
  if (*start < earliest->in_force_from)
    return VersionChoice{earliest, "the case began on " + to_iso(*start) + ", before '" +
                                       c.workflow + "' came into force on " +
                                       to_iso(earliest->in_force_from) + "; evaluated under version " +
                                       earliest->version};
  return VersionChoice{all.back(), "no version of '" + c.workflow + "' was in force on " +
                                       to_iso(*start) + "; evaluated under version " +
                                       all.back()->version};
}

}  // namespace timescales
