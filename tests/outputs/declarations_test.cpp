// rules/outputs.toml as data: its shape is checked, every name is checked against the workflows
// and the rules' local targets (each unknown one at its file:line:column), each clock's place in
// an evaluation is fixed once, and an audience the file adds (the SEND team) gets its digest
// with no C++ naming it.
#include <catch2/catch.hpp>

#include "adapters/alerts/deadline_digest.hpp"
#include "adapters/files/calendar_files.hpp"
#include "adapters/files/engine_data.hpp"
#include "adapters/files/output_files.hpp"
#include "adapters/outputs/output_declarations.hpp"

using namespace timescales;
using namespace timescales::outputs;

namespace {

const EngineData& shipped() {
  static const EngineData data = [] {
    auto loaded = load_engine_data(TIMESCALES_SOURCE_DIR);
    if (!loaded) FAIL(loaded.error().to_string());
    return std::move(*loaded);
  }();
  return data;
}

// Parsed and resolved against the shipped workflows and rules: every problem, as text.
std::vector<std::string> problems(const std::string& text, OutputDeclarations* out = nullptr) {
  auto parsed = parse_output_declarations(text, "o.toml");
  if (!parsed) return {parsed.error().to_string()};
  std::vector<std::string> found;
  for (const auto& e : resolve_output_declarations(*parsed, Vocabulary(shipped().workflows, shipped().rules)))
    found.push_back(e.to_string());
  if (out) *out = std::move(*parsed);
  return found;
}

}  // namespace

TEST_CASE("the shipped outputs.toml resolves, each clock to its place in an evaluation") {
  auto declared = load_declared_outputs(TIMESCALES_SOURCE_DIR, shipped().workflows, shipped().rules);
  REQUIRE(declared.ok());
  const OutputDeclarations& d = declared->outputs;
  REQUIRE(d.complaints);
  // The complaints workflow declares acknowledgement first, then stage1_response.
  const WorkflowDefinition* complaints = shipped().workflows.latest("complaints-statutory");
  CHECK(complaints->timers[d.complaints->stage1.slot].id == "stage1_response");
  CHECK(d.complaints->stage1.start_event == "received");
  // A local target comes after the workflow's own timers.
  REQUIRE(d.plans);
  const WorkflowDefinition* ehcp = shipped().workflows.latest("ehcp-needs-assessment");
  CHECK(d.plans->local_target.slot == ehcp->timers.size());
  CHECK(d.plans->local_target.limit == "16 weeks");
  // The digests' feeds know which events extend their clocks, from the workflows.
  // The officer, each team, the SEND team, each coordinator (owner) and each team again (social
  // care), in the file's order.
  REQUIRE(d.digests.size() == 5);
  const auto& extending = d.digests[0].feed.extension_events;
  CHECK(std::find(extending.begin(), extending.end(), "stage1_extended") != extending.end());
  CHECK(d.digests[1].each_team());
  CHECK(d.digests[2].audience == "send_team");
  CHECK(d.digests[3].each_owner());
  // The SEND team's coming_up clocks resolve to their place in an annual review's evaluation.
  REQUIRE(d.digests[2].coming_up.size() == 2);
  const WorkflowDefinition* reviews = shipped().workflows.latest("ehcp-annual-review");
  CHECK(reviews->timers[d.digests[2].coming_up[0].timer.slot].id == "annual_review");
  CHECK(reviews->timers[d.digests[2].coming_up[1].timer.slot].id == "phase_transfer");
  CHECK(d.digests[2].coming_up[0].within == Duration{8, Unit::weeks});
  // The social care digest: its coming_up clocks resolve in a child in care's evaluation.
  CHECK(d.digests[4].each_team());
  REQUIRE(d.digests[4].coming_up.size() == 3);
  const WorkflowDefinition* care = shipped().workflows.latest("child-in-care");
  CHECK(care->timers[d.digests[4].coming_up[0].timer.slot].id == "review");
  CHECK(care->timers[d.digests[4].coming_up[2].timer.slot].id == "visit");
}

TEST_CASE("TimerName finds its clock at its slot, and by id when the slot holds another") {
  TimerName name;
  name.id = "final_plan";
  name.slot = 1;
  Evaluation e;
  for (const char* id : {"decision_to_assess", "final_plan", "issue_decision"}) {
    TimerResult t;
    t.id = id;
    e.timers.push_back(t);
  }
  CHECK(name.in(e) == &e.timers[1]);
  std::swap(e.timers[1], e.timers[2]);  // another version's order
  CHECK(name.in(e) == &e.timers[2]);
  e.timers.pop_back();
  CHECK(name.in(e) == nullptr);
}

TEST_CASE("outputs.toml: shape and names are checked, each at its position") {
  // An audience no rule names (line 2, column 12: `audience = ` is 11 characters).
  CHECK(problems("[[digest]]\naudience = \"complaints_oficer\"\nsubject = \"s\"\nworkflows = [\"complaints-statutory\"]\n") ==
        std::vector<std::string>{
            "o.toml:2:12: no rule names the audience 'complaints_oficer' (rules name: admissions_team, case_owner, "
            "complaints_officer, manager, send_team; \"team\" is each team's manager, \"owner\" each case's owner)"});
  // Two digests for one audience listing one workflow: its lines would be listed twice. At the
  // second's workflow (line 8, column 14: `workflows = [` is 13 characters).
  const std::string digest = "[[digest]]\naudience = \"team\"\nsubject = \"s\"\nworkflows = [\"complaints-statutory\"]\n";
  auto twice = problems(digest + digest);
  REQUIRE(twice.size() == 1);
  CHECK_THAT(twice[0], Catch::StartsWith("o.toml:8:14: workflow 'complaints-statutory' is already in the digest for "
                                         "'team' at line 1"));
  // Other workflows for the same audience join its digest.
  CHECK(problems(digest + "[[digest]]\naudience = \"team\"\nsubject = \"t\"\nworkflows = [\"child-in-care\"]\n").empty());
  // A misspelt key is refused, not ignored (line 3: `subjcet`).
  auto key = problems("[[digest]]\naudience = \"team\"\nsubjcet = \"s\"\nworkflows = [\"complaints-statutory\"]\n");
  REQUIRE(key.size() == 1);
  CHECK_THAT(key[0], Catch::StartsWith("o.toml:3:11: unknown key 'subjcet' in [[digest]]"));
  // A milestone naming another workflow's timer (line 4, column 25: `milestones = [{ timer = ` is 24).
  auto milestone = problems(
      "[tracking.assessments]\nworkflow = \"ehcp-needs-assessment\"\ntimer = \"final_plan\"\n"
      "milestones = [{ timer = \"annual_review\", label = \"x\" }]\nadvice_requested = \"advice_requested\"\n"
      "advice_received = \"advice_received\"\nexception_started = \"exception_started\"\n"
      "exception_ended = \"exception_ended\"\ncohort_attribute = \"cohort\"\n");
  REQUIRE(milestone.size() == 1);
  CHECK_THAT(milestone[0],
             Catch::StartsWith("o.toml:4:25: workflow 'ehcp-needs-assessment' has no timer 'annual_review'"));
  // A digest's coming_up: its clock must be one of the digest's timers, and of its workflows
  // (the value starts at column 24: `coming_up = [{ timer = ` is 23 characters), its window a
  // duration (column 51: `coming_up = [{ timer = "phase_transfer", within = ` is 50).
  const std::string send = "[[digest]]\naudience = \"send_team\"\nsubject = \"s\"\nworkflows = [\"ehcp-annual-review\"]\n";
  auto not_among = problems(send + "timers = [\"annual_review\"]\n" +
                            "coming_up = [{ timer = \"phase_transfer\", within = \"16 weeks\", heading = \"h\" }]\n");
  REQUIRE(not_among.size() == 1);
  CHECK_THAT(not_among[0], Catch::StartsWith("o.toml:6:24: 'phase_transfer' is not among this digest's timers"));
  auto unknown = problems(send + "coming_up = [{ timer = \"phase_tranfser\", within = \"16 weeks\", heading = \"h\" }]\n");
  REQUIRE(unknown.size() == 1);
  CHECK_THAT(unknown[0], Catch::StartsWith("o.toml:5:24: workflow 'ehcp-annual-review' has no timer 'phase_tranfser'"));
  auto window = problems(send + "coming_up = [{ timer = \"phase_transfer\", within = \"sixteen weeks\", heading = \"h\" }]\n");
  REQUIRE(window.size() == 1);
  CHECK_THAT(window[0], Catch::StartsWith("o.toml:5:51: 'within': "));
  // The audience "owner" is each case's owner: no rule need name it.
  CHECK(problems("[[digest]]\naudience = \"owner\"\nsubject = \"s\"\nworkflows = [\"ehcp-annual-review\"]\n").empty());
  // A section missing what it reads.
  auto missing = problems("[report.complaints]\nworkflow = \"complaints-statutory\"\n");
  REQUIRE(missing.size() == 1);
  CHECK_THAT(missing[0], Catch::Contains("missing 'stage1'"));
}

TEST_CASE("an audience the file adds gets its digest: the SEND team, from the EHC workflows") {
  OutputDeclarations d;
  REQUIRE(problems("[[digest]]\naudience = \"send_team\"\nsubject = \"EHC plan deadlines\"\n"
                   "workflows = [\"ehcp-needs-assessment\"]\ntimers = [\"final_plan\"]\n",
                   &d)
              .empty());
  static CalendarFiles files(TIMESCALES_SOURCE_DIR);
  auto division = files.division("england-and-wales");
  REQUIRE(division.ok());
  // Requested Mon 5 Jan 2026: 20 weeks -> Mon 25 May 2026 (a bank holiday; weeks do not roll
  // forward). On Mon 18 May the working days to it are 19, 20, 21, 22 May (25 May being the
  // Spring bank holiday): 4, within the next 5, so due soon. The decision to assess was made, and
  // the 16-week clock (due 27 Apr, overdue) is not listed: the declaration names final_plan only.
  Case c;
  c.id = "EHC-SEND-1";
  c.workflow = "ehcp-needs-assessment";
  c.attributes = {{"team", "SEND Assessment"}};
  c.events = {{"request_received", *parse_iso_date("2026-01-05"), "", 0},
              {"decision_to_assess", *parse_iso_date("2026-02-10"), "", 1}};
  const Date as_of = *parse_iso_date("2026-05-18");
  const CalendarContext calendars{division->get(), nullptr};
  const auto a = assess_case(shipped().workflows, shipped().rules, c, as_of, calendars);
  const auto digests = alerts::build_digests({a}, as_of, calendars, d.digests);
  REQUIRE(digests.size() == 1);
  CHECK(digests[0].recipient == "send_team");
  REQUIRE(digests[0].due_soon.size() == 1);
  CHECK(digests[0].due_soon[0].timer == "final_plan");
  CHECK(to_iso(digests[0].due_soon[0].due) == "2026-05-25");
  CHECK(digests[0].due_soon[0].working_days_left == 4);
  CHECK(digests[0].overdue.empty());
  CHECK_THAT(alerts::render_digest_text(digests[0]), Catch::StartsWith("EHC plan deadlines for send_team on "));
}
