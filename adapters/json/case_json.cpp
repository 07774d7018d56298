#include "adapters/json/case_json.hpp"

#include "adapters/json/json_errors.hpp"

namespace timescales {
namespace {

using nlohmann::json;

using ordered = nlohmann::ordered_json;

ordered optional_date(const std::optional<Date>& d) {
  return d ? ordered(to_iso(*d)) : ordered(nullptr);
}

}  // namespace

Result<Case> parse_case_json(std::string_view text, const std::string& file) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1e400
    return json_exception_error(e, text, file);
  }
  auto bad = [&](const std::string& message) { return Error::at({file, 0, 0}, message); };
  if (!doc.is_object()) return bad("a case must be a JSON object");
  Case c;
  auto text_field = [&](const json& object, const char* key, std::string& out,
                        bool required) -> std::optional<Error> {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (required) return bad(std::string("missing \"") + key + "\"");
      return std::nullopt;
    }
    if (!it->is_string()) return bad(std::string("\"") + key + "\" must be a string");
    out = it->get<std::string>();
    return std::nullopt;
  };
  if (auto e = text_field(doc, "id", c.id, true)) return *e;
  if (auto e = text_field(doc, "workflow", c.workflow, true)) return *e;
  std::string version;
  if (auto e = text_field(doc, "workflow_version", version, false)) return *e;
  if (!version.empty()) c.workflow_version = version;
  if (auto it = doc.find("attributes"); it != doc.end() && !it->is_null()) {
    if (!it->is_object()) return bad("case " + c.id + ": \"attributes\" must be an object");
    for (const auto& [name, value] : it->items()) {
      if (value.is_string()) c.attributes[name] = value.get<std::string>();
      else if (value.is_number_integer()) c.attributes[name] = std::to_string(value.get<long long>());
      else if (value.is_number()) c.attributes[name] = value.dump();
      else return bad("case " + c.id + ": attribute \"" + name + "\" must be a string or a number");
    }
  }
  auto events = doc.find("events");
  if (events == doc.end() || !events->is_array())
    return bad("case " + c.id + ": \"events\" must be a list");
  int sequence = 0;
  for (const auto& e : *events) {
    const std::string where = "case " + c.id + ": event " + std::to_string(sequence + 1);
    if (!e.is_object()) return bad(where + " must be an object");
    CaseEvent event;
    std::string date;
    if (auto err = text_field(e, "type", event.type, true)) return bad(where + ": " + err->message);
    if (auto err = text_field(e, "date", date, true)) return bad(where + ": " + err->message);
    if (auto err = text_field(e, "reason", event.reason, false)) return bad(where + ": " + err->message);
    std::string time;
    if (auto err = text_field(e, "time", time, false)) return bad(where + ": " + err->message);
    auto parsed = parse_iso_date(date);
    if (!parsed) return bad(where + " (" + event.type + "): " + parsed.error().message);
    event.date = *parsed;
    if (!time.empty()) {
      // "21:40": the time of day, for a clock that counts hours (a return home interview).
      auto at = parse_time_of_day(time);
      if (!at) return bad(where + " (" + event.type + "): \"time\": " + at.error().message);
      event.time = *at;
    }
    event.sequence = sequence++;
    c.events.push_back(std::move(event));
  }
  return c;
}

nlohmann::ordered_json case_to_json(const Case& c) {
  ordered out = {{"id", c.id}, {"workflow", c.workflow}};
  if (c.workflow_version) out["workflow_version"] = *c.workflow_version;
  out["attributes"] = ordered::object();
  for (const auto& [k, v] : c.attributes) out["attributes"][k] = v;
  out["events"] = ordered::array();
  for (const auto& e : c.events) {
    ordered event = {{"type", e.type}, {"date", to_iso(e.date)}};
    if (e.time) event["time"] = to_hh_mm(*e.time);
    if (!e.reason.empty()) event["reason"] = e.reason;
    out["events"].push_back(std::move(event));
  }
  return out;
}

nlohmann::ordered_json evaluation_to_json(const Evaluation& ev) {
  ordered timers = ordered::array();
  for (const auto& t : ev.timers) {
    ordered timer = {{"id", t.id},
                  {"kind", std::string(clock_kind_name(t.kind))},
                  {"status", std::string(timer_status_name(t.status))},
                  {"start", optional_date(t.start)},
                  {"due", optional_date(t.due)},
                  {"stopped", optional_date(t.stopped)},
                  {"remaining", t.remaining ? ordered(*t.remaining) : ordered(nullptr)},
                  {"unit", std::string(unit_name(t.unit))},
                  {"extended", t.extended},
                  {"explanation", t.explanation},
                  {"paused", t.paused},
                  {"exemption", t.exemption.empty() ? ordered(nullptr) : ordered(t.exemption)},
                  {"remaining_days", t.remaining_days ? ordered(*t.remaining_days) : ordered(nullptr)},
                  {"configurable", t.configurable},
                  {"source", t.source},
                  {"basis", t.basis}};
    // An hours limit from a recorded time ends at a time of day: 72 hours from 21:40 Monday is
    // due 21:40 on Thursday. Only such clocks carry it.
    if (t.due_time) timer["due_time"] = to_hh_mm(*t.due_time);
    if (!t.previous_cycles.empty()) {
      ordered cycles = ordered::array();
      for (const auto& c : t.previous_cycles)
        cycles.push_back({{"start", to_iso(c.start)},
                          {"due", optional_date(c.due)},
                          {"stopped", optional_date(c.stopped)},
                          {"status", std::string(timer_status_name(c.status))}});
      timer["previous_cycles"] = std::move(cycles);
    }
    timers.push_back(std::move(timer));
  }
  ordered problems = ordered::array();
  for (const auto& p : ev.problems) {
    ordered problem = {{"message", p.message}, {"date", optional_date(p.date)}};
    problem["event"] = p.event.empty() ? ordered(nullptr) : ordered(p.event);
    if (!p.timer.empty()) problem["timer"] = p.timer;
    problems.push_back(std::move(problem));
  }
  return {{"id", ev.case_id},
          {"workflow", ev.workflow},
          {"workflow_version", ev.workflow_version},
          {"state", ev.state},
          {"as_of", to_iso(ev.as_of)},
          {"timers", std::move(timers)},
          // Compliance rules (engine/rules/, issue 4) add flags; evaluation alone raises none.
          {"flags", ordered::array()},
          {"problems", std::move(problems)}};
}

nlohmann::ordered_json flags_to_json(const std::vector<rules::Flag>& flags) {
  auto out = ordered::array();
  for (const auto& f : flags) {
    ordered j;
    j["rule"] = f.rule;
    j["severity"] = std::string(rules::severity_name(f.severity));
    j["message"] = f.message;
    j["timer"] = f.timer.empty() ? ordered(nullptr) : ordered(f.timer);
    j["audience"] = f.audience;
    auto because = ordered::object();
    for (const auto& w : f.because) because[w.name] = w.value;
    j["because"] = because;
    j["escalate_to"] = f.escalate_to.empty() ? ordered(nullptr) : ordered(f.escalate_to);
    out.push_back(j);
  }
  return out;
}

nlohmann::ordered_json assessment_to_json(const Evaluation& evaluation, const std::vector<rules::Flag>& flags) {
  auto j = evaluation_to_json(evaluation);
  j["flags"] = flags_to_json(flags);
  return j;
}

}  // namespace timescales
