// Loading and refusing workflow definitions: every refusal names file:line:column.
#include "support.hpp"

#include "engine/workflow/workflow_graph.hpp"

using namespace timescales;
using namespace timescales::testing;

namespace {

// A small sound workflow; each test breaks one thing. Line numbers in the assertions count from
// the first line of this text (line 1 is "[workflow]").
const std::string kHeader = R"([workflow]
id = "tiny"
version = "1"
source = "Test Regulations 2025"
in_force_from = 2025-01-01
)";

const std::string kStates = R"(
[[state]]
id = "new"
start = true

[[state]]
id = "open"

[[state]]
id = "done"
final = true

[[event]]
id = "opened"

[[event]]
id = "finished"

[[transition]]
event = "opened"
from = "new"
to = "open"

[[transition]]
event = "finished"
from = "open"
to = "done"
)";

const std::string kTimer = R"(
[[timer]]
id = "finish"
kind = "deadline"
start = "opened"
stop = "finished"
limit = "10 working days"
source = "Test Regulations 2025 reg 1"
)";

std::vector<std::string> errors_of(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& e : load_workflow(text, "tiny.toml").errors) out.push_back(e.to_string());
  return out;
}

}  // namespace

TEST_CASE("a sound definition loads into a graph") {
  auto w = parse_workflow(kHeader + kStates + kTimer, "tiny.toml");
  INFO((w ? "" : w.error().to_string()));
  REQUIRE(w.ok());
  CHECK(boost::num_vertices(w->graph) == 3);
  CHECK(boost::num_edges(w->graph) == 2);
  CHECK(w->states[w->start_state].id == "new");
  CHECK(w->next_state(*w->state_index("new"), "opened") == w->state_index("open"));
  CHECK_FALSE(w->next_state(*w->state_index("new"), "finished").has_value());
  CHECK(w->timers.at(0).limit == Duration{10, Unit::working_days});
  CHECK(workflow_to_dot(*w).find("\"new\" -> \"open\" [label=\"opened\"]") != std::string::npos);
  CHECK(workflow_to_mermaid(*w).find("new --> open : opened") != std::string::npos);
}

TEST_CASE("an unreachable state is refused at its [[state]] table") {
  // Lines 1-5 header, 6 blank, kStates on 7-32; the extra text's blank line is 33, its
  // [[state]] header line 34.
  const std::string extra = R"(
[[state]]
id = "limbo"
final = true
)";
  const auto errors = errors_of(kHeader + kStates + extra + kTimer);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "tiny.toml:34:1: state 'limbo' cannot be reached from the start state 'new'");
}

TEST_CASE("a dead end (a state that cannot reach a final state) is refused") {
  const std::string extra = R"(
[[state]]
id = "stuck"

[[event]]
id = "parked"

[[transition]]
event = "parked"
from = "open"
to = "stuck"
)";
  const auto errors = errors_of(kHeader + kStates + extra + kTimer);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "tiny.toml:34:1: state 'stuck' is a dead end: no path from it reaches a final state (done)");
}

TEST_CASE("an unknown event in a timer is refused at the name itself") {
  std::string timer = kTimer;
  timer.replace(timer.find("stop = \"finished\""), 17, "stop = \"finsihed\"");
  const auto errors = errors_of(kHeader + kStates + timer);
  REQUIRE(errors.size() == 1);
  // kTimer's blank first line is 33, "[[timer]]" 34; stop is line 38, its value at column 8.
  CHECK(errors[0] == "tiny.toml:38:8: timer 'finish': unknown event 'finsihed' in 'stop'");
}

TEST_CASE("an unknown event or state in a transition is refused") {
  std::string states = kStates;
  states.replace(states.find("event = \"finished\""), 18, "event = \"finnished\"");
  states.replace(states.find("to = \"done\""), 11, "to = \"dnoe\"");
  const auto errors = errors_of(kHeader + states + kTimer);
  // The second [[transition]] is lines 29-32: event on 30 (value at column 9), to on 32 (column 6).
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] == "tiny.toml:30:9: unknown event 'finnished' (declare it in [[event]])");
  CHECK(errors[1] == "tiny.toml:32:6: unknown state 'dnoe' in 'to'");
}

TEST_CASE("a timer without a source is refused at its [[timer]] table") {
  std::string timer = kTimer;
  timer.erase(timer.find("source ="));
  const auto errors = errors_of(kHeader + kStates + timer);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "tiny.toml:34:1: timer 'finish' has no 'source': every time limit must cite the regulation "
        "(or council standard) that sets it");
}

TEST_CASE("duplicate ids, bad limits and unknown keys are refused") {
  std::string timer = kTimer + kTimer;  // the same timer id twice
  const auto dup = errors_of(kHeader + kStates + timer);
  REQUIRE(dup.size() == 1);
  // The second copy: blank line 41, [[timer]] 42, id on 43 (value at column 6).
  CHECK(dup[0] == "tiny.toml:43:6: duplicate timer id 'finish'");

  std::string bad = kTimer;
  bad.replace(bad.find("\"10 working days\""), 17, "\"10 fortnights\"");
  bad += "stpo = \"finished\"\n";
  const auto errors = errors_of(kHeader + kStates + bad);
  REQUIRE(errors.size() == 2);
  // limit on line 39 (value at column 9); the appended key on line 41 (value at column 8).
  CHECK(errors[0].rfind("tiny.toml:39:9: 'limit': ", 0) == 0);
  CHECK(errors[1] == "tiny.toml:41:8: unknown key 'stpo'");
}

TEST_CASE("a TOML syntax error is reported at its position") {
  const auto errors = errors_of("[workflow]\nid = \"x\nversion = 1\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rfind("tiny.toml:2:", 0) == 0);
}

TEST_CASE("every shipped workflow loads, with the contract's event and timer names") {
  const auto& lib = shipped();
  struct Expect {
    const char* id;
    std::vector<std::string> timers;
  };
  const std::vector<Expect> expected = {
      {"complaints-statutory", {"acknowledgement", "stage1_response", "stage2_response",
                                "stage3_panel", "panel_report", "panel_response"}},
      // engine-contract.md §4, children's social care
      {"child-and-family-assessment", {"referral_decision", "assessment"}},
      {"child-protection", {"icpc", "first_core_group", "review_conference"}},
      {"child-in-care", {"review", "visit", "initial_health_assessment", "review_health_assessment", "pep",
                         "pep_review"}},
      {"missing-episode", {"return_interview"}},
      {"care-leaver", {"pathway_plan_review"}},
  };
  const std::vector<std::pair<const char*, std::vector<const char*>>> events = {
      {"child-and-family-assessment", {"referral_received", "referral_decision", "assessment_completed", "closed"}},
      {"child-protection", {"strategy_discussion", "section47_started", "icpc_held", "core_group_held",
                            "review_conference_held", "plan_ended", "closed"}},
      {"child-in-care", {"became_looked_after", "placement_started", "review_held", "visit_made",
                         "health_assessment_done", "pep_completed", "pep_reviewed", "ceased_looked_after"}},
      {"missing-episode", {"reported_missing", "returned", "return_interview_held", "return_interview_declined"}},
      {"care-leaver", {"pathway_plan_completed", "pathway_plan_reviewed", "ceased"}},
  };
  for (const auto& [id, names] : events) {
    const auto* w = lib.latest(id);
    REQUIRE(w != nullptr);
    for (const char* e : names) {
      INFO(id << " event " << e);
      CHECK(w->event(e) != nullptr);
    }
  }
  for (const auto& x : expected) {
    const auto* w = lib.latest(x.id);
    REQUIRE(w != nullptr);
    for (const auto& t : x.timers) {
      INFO(x.id << " timer " << t);
      CHECK(w->timer(t) != nullptr);
    }
  }
  const auto& cs = workflow("complaints-statutory");
  for (const char* e : {"received", "acknowledged", "stage1_extended", "stage1_responded",
                        "stage2_requested", "stage2_extended", "stage2_responded",
                        "stage3_requested", "panel_held", "panel_reported", "panel_response_sent",
                        "ombudsman_referred", "withdrawn", "closed"}) {
    INFO(e);
    CHECK(cs.event(e) != nullptr);
  }
  CHECK(cs.allowed_in_any_state("ombudsman_referred"));
}
