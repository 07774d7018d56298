#include "adapters/web/api/api_request.hpp"

#include "adapters/json/case_json.hpp"
#include "adapters/json/json_errors.hpp"

namespace timescales::web::api {
namespace {

using nlohmann::json;

Error field_error(const std::string& path, const std::string& message) {
  return Error{ErrorKind::invalid_input, message}.about(path);
}

std::string type_name(const json& value) {
  if (value.is_number()) return "a number";
  if (value.is_boolean()) return "true or false";
  if (value.is_array()) return "a list";
  if (value.is_object()) return "an object";
  if (value.is_null()) return "null";
  return "a string";
}

Result<Date> read_date(const std::string& text, const std::string& path) {
  auto d = parse_iso_date(text);
  if (!d) return field_error(path, path + " must be a date written YYYY-MM-DD: " + d.error().message);
  return *d;
}

}  // namespace

JsonBody parse_json_body(const httplib::Request& req) {
  JsonBody out;
  const std::string type = req.get_header_value("Content-Type");
  // A form or a file posted by mistake; no content type at all is taken as JSON (curl -d).
  if (!type.empty() && type.rfind("application/json", 0) != 0 && type.find("+json") == std::string::npos) {
    out.problem = unsupported_media_type(type);
    return out;
  }
  try {
    out.doc = json::parse(req.body);
  } catch (const json::exception& e) {
    const Error read = json_exception_error(e, req.body, "body");
    Problem p;
    p.status = 400;
    p.type = "urn:timescales:problem:malformed-json";
    p.title = "The body is not valid JSON";
    p.detail = read.to_string();
    p.field = "body";
    if (read.where && read.where->line > 0) {
      p.extra["line"] = read.where->line;
      p.extra["column"] = read.where->column;
    }
    if (const auto* parse = dynamic_cast<const json::parse_error*>(&e)) p.extra["byte"] = parse->byte;
    out.problem = std::move(p);
    return out;
  }
  if (!out.doc.is_object()) {
    out.problem = Problem{400, "urn:timescales:problem:malformed-json", "The body is not valid JSON",
                          "the body must be a JSON object, not " + type_name(out.doc), "body",
                          nlohmann::ordered_json::object(), {}};
  }
  return out;
}

Result<std::optional<std::string>> optional_text(const json& object, const std::string& key, const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return field_error(path, path + " must be a string, not " + type_name(*it));
  return std::optional<std::string>{it->get<std::string>()};
}

Result<std::string> required_text(const json& object, const std::string& key, const std::string& path) {
  auto text = optional_text(object, key, path);
  if (!text) return text.error();
  if (!*text || (*text)->empty()) return field_error(path, path + " is required");
  return std::move(**text);
}

Result<std::optional<Date>> optional_date(const json& object, const std::string& key, const std::string& path) {
  auto text = optional_text(object, key, path);
  if (!text) return text.error();
  if (!*text) return std::optional<Date>{};
  auto d = read_date(**text, path);
  if (!d) return d.error();
  return std::optional<Date>{*d};
}

Result<Date> required_date(const json& object, const std::string& key, const std::string& path) {
  auto d = optional_date(object, key, path);
  if (!d) return d.error();
  if (!*d) return field_error(path, path + " is required (YYYY-MM-DD)");
  return **d;
}

std::string text_param(const httplib::Request& req, const std::string& name) {
  return req.has_param(name.c_str()) ? req.get_param_value(name.c_str()) : std::string();
}

Result<std::optional<Date>> date_param(const httplib::Request& req, const std::string& name) {
  const std::string text = text_param(req, name);
  if (text.empty()) return std::optional<Date>{};
  auto d = read_date(text, name);
  if (!d) return d.error();
  return std::optional<Date>{*d};
}

Result<std::optional<long>> integer_param(const httplib::Request& req, const std::string& name, long least,
                                          long most) {
  const std::string text = text_param(req, name);
  if (text.empty()) return std::optional<long>{};
  long value = 0;
  size_t used = 0;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || used == 0)
    return field_error(name, name + " must be a whole number, not '" + text + "'");
  if (value < least || value > most)
    return field_error(name, name + " must be from " + std::to_string(least) + " to " + std::to_string(most));
  return std::optional<long>{value};
}

Result<CaseBody> read_case_body(const json& doc, const std::string& text) {
  // Each field checked here, by name, before the case reader sees it: its own messages name the
  // case and event but not the field a client would point at.
  if (auto id = required_text(doc, "id", "id"); !id) return id.error();
  if (auto workflow = required_text(doc, "workflow", "workflow"); !workflow) return workflow.error();
  if (auto version = optional_text(doc, "workflow_version", "workflow_version"); !version) return version.error();
  CaseBody out;
  for (const char* key : {"team", "owner"}) {
    auto given = optional_text(doc, key, key);
    if (!given) return given.error();
    (std::string_view(key) == "team" ? out.team : out.owner) = *given;
  }
  if (auto a = doc.find("attributes"); a != doc.end() && !a->is_null()) {
    if (!a->is_object()) return field_error("attributes", "attributes must be an object of names and values");
    for (const auto& [name, value] : a->items())
      if (!value.is_string() && !value.is_number())
        return field_error("attributes." + name, "attributes." + name + " must be a string or a number, not " +
                                                     type_name(value));
  }
  auto events = doc.find("events");
  if (events == doc.end() || events->is_null()) return field_error("events", "events is required (a list, perhaps empty)");
  if (!events->is_array()) return field_error("events", "events must be a list, not " + type_name(*events));
  for (size_t i = 0; i < events->size(); ++i) {
    const std::string at = "events[" + std::to_string(i) + "]";
    const json& e = (*events)[i];
    if (!e.is_object()) return field_error(at, at + " must be an object with type and date");
    if (auto type = required_text(e, "type", at + ".type"); !type) return type.error();
    if (auto date = required_date(e, "date", at + ".date"); !date) return date.error();
    if (auto reason = optional_text(e, "reason", at + ".reason"); !reason) return reason.error();
    auto time = optional_text(e, "time", at + ".time");
    if (!time) return time.error();
    if (*time)
      if (auto t = parse_time_of_day(**time); !t) return field_error(at + ".time", at + ".time: " + t.error().message);
  }
  auto c = parse_case_json(text, "body");
  if (!c) return c.error();
  out.c = std::move(*c);
  if (!out.team)
    if (auto t = out.c.attributes.find("team"); t != out.c.attributes.end()) out.team = t->second;
  if (!out.owner)
    if (auto o = out.c.attributes.find("owner"); o != out.c.attributes.end()) out.owner = o->second;
  return out;
}

}  // namespace timescales::web::api
