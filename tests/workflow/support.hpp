// Shared helpers for the workflow tests: the shipped definitions, the England and Wales calendar,
// and a compact way to write a case.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "adapters/files/calendar_files.hpp"
#include "adapters/files/text_files.hpp"
#include "adapters/files/workflow_files.hpp"
#include "engine/evaluate/evaluate_case.hpp"
#include "engine/workflow/workflow_toml.hpp"

namespace timescales::testing {

inline Date d(const char* iso) { return *parse_iso_date(iso); }

inline const DivisionCalendar& england_and_wales() {
  static CalendarFiles files{TIMESCALES_SOURCE_DIR};
  static auto division = files.division("england-and-wales");
  REQUIRE(division.ok());
  return **division;
}

inline std::shared_ptr<const SchoolCalendar> school_calendar(const std::string& fixture) {
  static CalendarFiles files{TIMESCALES_SOURCE_DIR};
  auto school = files.school(std::string(TIMESCALES_SOURCE_DIR) + "/tests/fixtures/" + fixture);
  INFO((school ? "" : school.error().to_string()));
  REQUIRE(school.ok());
  return *school;
}

inline const WorkflowLibrary& shipped() {
  static const WorkflowFilesLoad load = WorkflowFiles{TIMESCALES_SOURCE_DIR}.load();
  for (const auto& e : load.errors) INFO(e.to_string());
  REQUIRE(load.errors.empty());
  return load.library;
}

inline const WorkflowDefinition& workflow(const std::string& id) {
  const auto* w = shipped().latest(id);
  REQUIRE(w != nullptr);
  return *w;
}

struct Ev {
  const char* type;
  const char* date;
  const char* reason = "";
  const char* time = nullptr;  // "21:40", where the record has a time of day
};

inline Case make_case(const std::string& workflow, std::vector<Ev> events,
                      std::map<std::string, std::string> attributes = {}) {
  Case c;
  c.id = "TEST";
  c.workflow = workflow;
  c.attributes = std::move(attributes);
  int seq = 0;
  for (const auto& e : events) {
    c.events.push_back({e.type, d(e.date), e.reason, seq++});
    if (e.time) c.events.back().time = *parse_time_of_day(e.time);
  }
  return c;
}

inline const TimerResult& timer(const Evaluation& ev, const std::string& id) {
  for (const auto& t : ev.timers)
    if (t.id == id) return t;
  FAIL("no timer " << id);
  throw 0;
}

inline std::string status(const Evaluation& ev, const std::string& id) {
  return std::string(timer_status_name(timer(ev, id).status));
}

inline std::string due(const Evaluation& ev, const std::string& id) {
  const auto& t = timer(ev, id);
  return t.due ? to_iso(*t.due) : "none";
}

inline std::string problems(const Evaluation& ev) {
  std::string out;
  for (const auto& p : ev.problems) out += p.message + "\n";
  return out;
}

}  // namespace timescales::testing
