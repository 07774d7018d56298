// Table-driven scenarios: a case, an as-of date, and what every named timer should say, all
// worked out by hand (the working sits beside each expected date).
#pragma once

#include "support.hpp"

namespace timescales::testing {

struct Expect {
  const char* timer;
  const char* status;
  const char* due = nullptr;  // nullptr: not checked; "none": no due date
  std::optional<int> remaining = std::nullopt;
};

struct Scenario {
  const char* name;
  std::vector<Ev> events;
  const char* as_of;
  std::vector<Expect> expect;
  const char* state = nullptr;
  const char* problem = nullptr;  // a substring one problem must contain; nullptr: no problems
  std::map<std::string, std::string> attributes = {};
};

inline void run_scenarios(const std::string& workflow_id, const std::vector<Scenario>& table,
                          const SchoolCalendar* school = nullptr,
                          const WorkflowDefinition* definition = nullptr) {
  const WorkflowDefinition& w = definition ? *definition : workflow(workflow_id);
  const CalendarContext calendars{&england_and_wales(), school};
  for (const auto& s : table) {
    SECTION(s.name) {
      const Case c = make_case(workflow_id, s.events, s.attributes);
      const Evaluation ev = evaluate_case(w, c, d(s.as_of), calendars);
      INFO("scenario: " << s.name << "\nproblems:\n" << problems(ev));
      for (const auto& x : s.expect) {
        const auto& t = timer(ev, x.timer);
        INFO("timer " << x.timer << ": " << t.explanation);
        CHECK(status(ev, x.timer) == x.status);
        if (x.due) CHECK(due(ev, x.timer) == x.due);
        if (x.remaining) CHECK(t.remaining == x.remaining);
      }
      if (s.state) CHECK(ev.state == s.state);
      if (s.problem) {
        bool found = false;
        for (const auto& p : ev.problems) found = found || p.message.find(s.problem) != std::string::npos;
        CHECK(found);
      } else {
        CHECK(ev.problems.empty());
      }
    }
  }
}

}  // namespace timescales::testing
