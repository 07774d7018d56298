// A rule expression on its own: parse, check against the complaints workflow's vocabulary, and
// evaluate what checks on a fixed case, with witnesses.
#include "engine/rules/expression_parser.hpp"
#include "engine/rules/interpreter.hpp"
#include "engine/rules/type_checker.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace timescales;
using namespace timescales::rules;

// A complaint received Fri 19 Dec 2025, seen Mon 5 Jan 2026, Stage 1 running (as language_test).
struct Scene {
  Case c;
  Evaluation ev;
  Scene() {
    c.id = "CMP-1";
    c.workflow = "complaints-statutory";
    c.attributes = {{"team", "CIN Widnes"}, {"cohort", "child_in_care"}};
    c.events = {{"received", *parse_iso_date("2025-12-19"), "", 0}};
    ev.case_id = "CMP-1";
    ev.workflow = "complaints-statutory";
    ev.state = "stage1";
    ev.as_of = *parse_iso_date("2026-01-05");
    TimerResult t;
    t.id = "stage1_response";
    t.kind = ClockKind::deadline;
    t.status = TimerStatus::running;
    t.start = *parse_iso_date("2025-12-19");
    t.due = *parse_iso_date("2026-01-07");
    t.remaining = 2;
    ev.timers.push_back(t);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const RuleVocabulary vocabulary{
      {"acknowledgement", "stage1_response", "stage2_response"},
      {"received", "acknowledged", "stage1_extended", "stage1_responded", "stage2_requested", "withdrawn"}};
  static const Scene scene;
  auto parsed = parse_expression(fuzz::text_of(data, size));
  if (!parsed) return 0;
  FUZZ_CHECK((*parsed)->height <= kMaxExpressionDepth);
  std::vector<std::string> slots;
  if (!check_expression(**parsed, vocabulary, std::string("stage1_response"), slots)) return 0;
  RuleScope scope{&scene.c, &scene.ev, {&fuzz::england_and_wales(), nullptr}, bind_timers(scene.ev, slots)};
  std::vector<Witness> witnesses;
  (void)value_text(evaluate(**parsed, scope, slots, &witnesses));
  return 0;
}
