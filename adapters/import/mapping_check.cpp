#include "adapters/import/mapping_check.hpp"

#include <algorithm>
#include <set>

#include "adapters/files/text_files.hpp"

namespace timescales {
namespace {

std::string listed(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

Error at(const ImportMapping& m, const std::string& key, std::string message) {
  if (const SourcePosition* where = m.where(key)) return Error::at(*where, std::move(message));
  return Error::at({m.file, 0, 0}, std::move(message));
}

}  // namespace

std::vector<Error> check_import_mapping(const ImportMapping& m, const WorkflowLibrary& workflows) {
  std::vector<Error> problems;
  const auto ids = workflows.ids();
  const std::set<std::string> known(ids.begin(), ids.end());

  // The workflows the rows can follow: the one named, those the codes stand for, or (a column of
  // engine names) any this installation has.
  std::set<std::string> in_play;
  if (m.workflow) {
    if (known.contains(*m.workflow)) {
      in_play.insert(*m.workflow);
    } else {
      problems.push_back(at(m, "workflow", "unknown workflow '" + *m.workflow + "' (this installation has: " +
                                               listed(known) + ")"));
    }
  }
  for (const auto& [code, workflow] : m.workflow_codes) {
    if (known.contains(workflow)) {
      in_play.insert(workflow);
    } else {
      problems.push_back(at(m, "workflows." + code, "[workflows] '" + code + "' names unknown workflow '" + workflow +
                                                        "' (this installation has: " + listed(known) + ")"));
    }
  }
  if (m.workflow_column && m.workflow_codes.empty()) in_play = known;

  std::set<std::string> events, reasons;
  bool reasons_restricted = false;
  for (const auto& id : in_play)
    for (const auto* w : workflows.versions(id))
      for (const auto& e : w->events) {
        events.insert(e.id);
        reasons.insert(e.reasons.begin(), e.reasons.end());
        reasons_restricted = reasons_restricted || !e.reasons.empty();
      }
  // With no workflow known there is nothing to check the events against: the workflow's own
  // error above says why.
  if (!in_play.empty()) {
    for (const auto& [code, event] : m.event_codes)
      if (!events.contains(event))
        problems.push_back(at(m, "events." + code, "[events] '" + code + "' stands for '" + event + "', which is not an event of " +
                                                       listed(in_play) + " (its events: " + listed(events) + ")"));
    // Reasons are free text unless some event lists the only ones it may carry.
    if (const auto it = m.value_codes.find("reason"); it != m.value_codes.end() && reasons_restricted)
      for (const auto& [from, reason] : it->second)
        if (!reasons.contains(reason))
          problems.push_back(at(m, "values.reason." + from, "[values.reason] '" + from + "' stands for '" + reason +
                                                                "', which no event of " + listed(in_play) +
                                                                " allows (its reasons: " + listed(reasons) + ")"));
  }
  return problems;
}

Result<ImportMapping> load_import_mapping(const std::filesystem::path& file, const WorkflowLibrary& workflows) {
  auto text = read_text_file(file);
  if (!text) return text.error();
  auto parsed = parse_import_mapping(*text, file.string());
  if (!parsed) return parsed.error();
  auto problems = check_import_mapping(*parsed, workflows);
  if (!problems.empty()) return problems.front();
  return parsed;
}

}  // namespace timescales
