#include "adapters/govuk/govuk_feed.hpp"

#include <nlohmann/json.hpp>

#include "adapters/json/json_errors.hpp"

namespace timescales {

Result<std::map<std::string, std::vector<Holiday>>> parse_govuk_feed(std::string_view json_text,
                                                                     const std::string& file,
                                                                     std::vector<std::string>* warnings) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann reports a byte offset; turn it into line and column for the officer.
    int line = 1, column = 1;
    for (size_t i = 0; i + 1 < e.byte && i < json_text.size(); ++i) {
      if (json_text[i] == '\n') { ++line; column = 1; } else { ++column; }
    }
    std::string what = e.what();
    if (auto colon = what.find("syntax error"); colon != std::string::npos) what = what.substr(colon);
    return Error::at({file, line, column}, "not valid JSON: " + what);
  } catch (const nlohmann::json::exception& e) {  // out_of_range: a number like 1e400
    const Error error = json_exception_error(e, json_text, file);
    return Error{"not valid JSON: " + error.message, *error.where};
  }
  if (!doc.is_object() || doc.empty())
    return Error{file + ": expected an object of divisions, as in GOV.UK's bank-holidays.json"};

  std::map<std::string, std::vector<Holiday>> out;
  for (const auto& [division, body] : doc.items()) {
    const std::string where = file + ": division '" + division + "'";
    // Anything shaped like a division is checked strictly below; anything else is not one.
    if (!body.is_object() || (!body.contains("events") && !body.contains("division"))) {
      if (warnings) warnings->push_back(file + ": ignored top-level key '" + division + "' (not a division)");
      continue;
    }
    if (!body.is_object() || !body.contains("events") || !body["events"].is_array())
      return Error{where + ": expected an object with an \"events\" list"};
    if (body.contains("division") && body["division"] != division)
      return Error{where + ": its \"division\" field says " + body["division"].dump()};
    auto& events = out[division];
    size_t index = 0;
    for (const auto& event : body["events"]) {
      const std::string at = where + ", event " + std::to_string(index++);
      if (!event.is_object() || !event.contains("date") || !event["date"].is_string())
        return Error{at + ": expected an object with a \"date\" string"};
      auto date = parse_iso_date(event["date"].get<std::string>());
      if (!date) return Error{at + ": " + date.error().message};
      std::string title = "bank holiday";
      if (event.contains("title") && event["title"].is_string()) title = event["title"].get<std::string>();
      // An empty name cannot be written to a change file (an added holiday needs one); refuse it
      // here, where the officer can be told which event, rather than break the calendar later.
      if (title.empty()) return Error{at + " (" + to_iso(*date) + "): an empty \"title\"; every bank holiday needs a name"};
      events.push_back({*date, title});
    }
    if (events.empty()) return Error{where + ": no events"};
  }
  if (out.empty()) return Error{file + ": no divisions, as in GOV.UK's bank-holidays.json"};
  return out;
}

}  // namespace timescales
