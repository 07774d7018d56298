// Micro-benchmarks of the engine's per-case work: evaluating one case against its workflow, the
// whole assessment (evaluation, local targets, every rule), and evaluating one compiled rule.
// Cases are the demonstration caseload's (realistic event mixes); the numbers are per case or
// per rule evaluation. Run: build-release/tests/bench/evaluate_bench (tests/bench/run.sh).
#include <benchmark/benchmark.h>

#include <iostream>
#include <vector>

#include "adapters/demo/demo_caseload.hpp"
#include "adapters/files/calendar_files.hpp"
#include "adapters/files/engine_data.hpp"
#include "engine/evaluate/evaluate_case.hpp"
#include "engine/rules/case_assessment.hpp"
#include "engine/rules/interpreter.hpp"
#include "engine/rules/rule_engine.hpp"

using namespace timescales;

namespace {

struct World {
  EngineData data;
  std::shared_ptr<const DivisionCalendar> division;
  std::vector<Case> cases;
  CalendarContext calendars() const { return {division.get(), nullptr}; }
};

const World& world() {
  static const World w = [] {
    auto data = load_engine_data(TIMESCALES_SOURCE_DIR);
    if (!data) {
      std::cerr << data.error().message << "\n";
      std::exit(1);
    }
    CalendarFiles files(TIMESCALES_SOURCE_DIR);
    auto division = files.division("england-and-wales");
    if (!division) std::exit(1);
    World out{std::move(*data), *division, {}};
    out.cases = demo::generate_demo_caseload({make_date(2026, 11, 22), 4, 1.0, 20261122});
    return out;
  }();
  return w;
}

const Date kAsOf = make_date(2026, 11, 22);

// Every case of the demo in turn: one iteration = one case's evaluation (replay + clocks).
void evaluate_one_case(benchmark::State& state) {
  const World& w = world();
  const CalendarContext ctx = w.calendars();
  size_t i = 0;
  for (auto _ : state) {
    const Case& c = w.cases[i++ % w.cases.size()];
    benchmark::DoNotOptimize(evaluate_case(w.data.workflows, c, kAsOf, ctx));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(evaluate_one_case);

// The nightly run's per-case work: evaluation, local targets and every rule, with the copy of
// the case the assessment keeps.
void assess_one_case(benchmark::State& state) {
  const World& w = world();
  const CalendarContext ctx = w.calendars();
  size_t i = 0;
  for (auto _ : state) {
    const Case& c = w.cases[i++ % w.cases.size()];
    benchmark::DoNotOptimize(assess_case(w.data.workflows, w.data.rules, c, kAsOf, ctx));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(assess_one_case);

// One compiled rule ("stage1-response-at-risk": timer.status == "running" and timer.remaining
// <= 3) against complaints already evaluated: the interpreter alone, no flag built.
void evaluate_one_rule(benchmark::State& state) {
  const World& w = world();
  const CalendarContext ctx = w.calendars();
  const rules::Rule* rule = nullptr;
  for (const auto& r : w.data.rules.rules)
    if (r.id == "stage1-response-at-risk") rule = &r;
  if (!rule) return state.SkipWithError("rule stage1-response-at-risk not found");
  std::vector<const Case*> complaints;
  std::vector<Evaluation> evaluations;
  for (const auto& c : w.cases)
    if (c.workflow == "complaints-statutory") {
      complaints.push_back(&c);
      evaluations.push_back(evaluate_case(w.data.workflows, c, kAsOf, ctx));
    }
  std::vector<rules::RuleScope> scopes;
  for (size_t k = 0; k < complaints.size(); ++k)
    scopes.push_back({complaints[k], &evaluations[k], ctx, rules::bind_timers(evaluations[k], rule->timer_slots)});
  size_t i = 0;
  for (auto _ : state) {
    const auto& scope = scopes[i++ % scopes.size()];
    benchmark::DoNotOptimize(rules::evaluate(*rule->when, scope, rule->timer_slots));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(evaluate_one_rule);

// The same rule through apply_rule: binding the timers, and the message and witnesses when it
// fires, as the nightly run does it.
void apply_one_rule(benchmark::State& state) {
  const World& w = world();
  const CalendarContext ctx = w.calendars();
  const rules::Rule* rule = nullptr;
  for (const auto& r : w.data.rules.rules)
    if (r.id == "stage1-response-at-risk") rule = &r;
  if (!rule) return state.SkipWithError("rule stage1-response-at-risk not found");
  std::vector<const Case*> complaints;
  std::vector<Evaluation> evaluations;
  for (const auto& c : w.cases)
    if (c.workflow == "complaints-statutory") {
      complaints.push_back(&c);
      evaluations.push_back(evaluate_case(w.data.workflows, c, kAsOf, ctx));
    }
  size_t i = 0;
  for (auto _ : state) {
    const size_t k = i++ % complaints.size();
    benchmark::DoNotOptimize(rules::apply_rule(*rule, *complaints[k], evaluations[k], ctx));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(apply_one_rule);

}  // namespace

BENCHMARK_MAIN();
