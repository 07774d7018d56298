#include "application/store/case_records.hpp"

#include <nlohmann/json.hpp>

namespace timescales {

std::string attributes_to_json(const std::map<std::string, std::string>& attributes) {
  if (attributes.empty()) return "{}";  // most cases of a native export; spares building a json
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [key, value] : attributes) object[key] = value;
  // Exports are meant to be UTF-8; a stray byte is replaced rather than failing the import.
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::map<std::string, std::string> attributes_from_json(const std::string& json) {
  std::map<std::string, std::string> out;
  const auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return out;
  for (const auto& [key, value] : parsed.items())
    out[key] = value.is_string() ? value.get<std::string>() : value.dump();
  return out;
}

RunCase run_case_of(const Evaluation& e) {
  RunCase c{e.case_id, e.workflow_version, e.state, {}};
  c.timers.reserve(e.timers.size());
  for (const auto& t : e.timers) c.timers.push_back({t.id, std::string(timer_status_name(t.status)), t.due});
  return c;
}

CaseRow CaseRow::of(const CaseRecord& r) {
  return {r.id, r.workflow, attributes_to_json(r.attributes), r.workflow_version, r.owner, r.team, r.closed};
}

std::string RejectedRowsOfCase::note() const {
  return std::to_string(rows) + (rows == 1 ? " row" : " rows") + " rejected for this case on " + to_iso(day);
}

}  // namespace timescales
