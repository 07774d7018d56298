// Issue 18, defect 9 (second part): loading a workflow is no longer quadratic in its size. A
// generated workflow of 20,000 states in a line (s0 -> s1 -> ... -> s19999, event eN moving sN to
// sN+1) loads, and every lookup answers as it did when lookups were linear searches. No timing
// assertion: before the fix this took minutes, which the suite's time-out would catch.
#include "support.hpp"

#include "engine/workflow/workflow_toml.hpp"

using namespace timescales;

namespace {

constexpr int kStates = 20000;

std::string generated_workflow() {
  std::string t = "[workflow]\nid = \"long\"\nversion = \"1\"\nsource = \"Test Regulations 2025\"\n"
                  "in_force_from = 2025-01-01\n";
  for (int i = 0; i < kStates; ++i) {
    t += "[[state]]\nid = \"s" + std::to_string(i) + "\"\n";
    if (i == 0) t += "start = true\n";
    if (i == kStates - 1) t += "final = true\n";
  }
  for (int i = 0; i + 1 < kStates; ++i) t += "[[event]]\nid = \"e" + std::to_string(i) + "\"\n";
  for (int i = 0; i + 1 < kStates; ++i)
    t += "[[transition]]\nevent = \"e" + std::to_string(i) + "\"\nfrom = \"s" + std::to_string(i) +
         "\"\nto = \"s" + std::to_string(i + 1) + "\"\n";
  t += "[[timer]]\nid = \"whole\"\nkind = \"deadline\"\nstart = \"e0\"\nstop = \"e" + std::to_string(kStates - 2) +
       "\"\nlimit = \"10 working days\"\nsource = \"Test Regulations 2025 reg 1\"\n";
  return t;
}

}  // namespace

TEST_CASE("A generated workflow of 20,000 states loads and answers its lookups") {
  auto loaded = parse_workflow(generated_workflow(), "long.toml");
  REQUIRE(loaded.ok());
  const WorkflowDefinition& w = *loaded;
  CHECK(w.states.size() == kStates);
  CHECK(w.events.size() == kStates - 1);
  CHECK(w.state_index("s0") == std::optional<std::size_t>(0));
  CHECK(w.state_index("s12345") == std::optional<std::size_t>(12345));
  CHECK(w.state_index("s19999") == std::optional<std::size_t>(19999));
  CHECK_FALSE(w.state_index("s20000"));
  CHECK_FALSE(w.state_index(""));
  REQUIRE(w.event("e777") != nullptr);
  CHECK(w.event("e777")->id == "e777");
  CHECK(w.event("e19999") == nullptr);
  REQUIRE(w.timer("whole") != nullptr);
  CHECK(w.timer("whole")->stop == std::vector<std::string>{"e19998"});
  CHECK(w.timer("part") == nullptr);
  CHECK(w.next_state(12345, "e12345") == std::optional<std::size_t>(12346));
  CHECK_FALSE(w.next_state(12345, "e12344"));
  CHECK(w.start_state == 0);

  // A copy answers the same, and an index notices a vector replaced under it.
  WorkflowDefinition copy = w;
  CHECK(copy.event("e5") == &copy.events[5]);
  copy.events = {EventDefinition{"only", "", {}, false, {}}};
  CHECK(copy.event("only") == &copy.events[0]);
  CHECK(copy.event("e5") == nullptr);
}

TEST_CASE("Duplicate ids are still refused, each at its own line, by the indexed lookups") {
  const std::string text = "[workflow]\nid = \"d\"\nversion = \"1\"\nsource = \"S\"\nin_force_from = 2025-01-01\n"
                           "[[state]]\nid = \"a\"\nstart = true\n[[state]]\nid = \"a\"\n[[state]]\nid = \"b\"\nfinal = true\n"
                           "[[event]]\nid = \"go\"\n[[event]]\nid = \"go\"\n"
                           "[[transition]]\nevent = \"go\"\nfrom = \"a\"\nto = \"b\"\n";
  auto load = load_workflow(text, "d.toml");
  REQUIRE(load.errors.size() == 2);
  // Line 10 is the second `id = "a"`, line 17 the second `id = "go"`.
  CHECK(load.errors[0].to_string() == "d.toml:10:6: duplicate state id 'a'");
  CHECK(load.errors[1].to_string() == "d.toml:17:6: duplicate event id 'go'");
}
