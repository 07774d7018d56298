// Writing through the API: a new case (201, with its evaluation), an event (201, the evaluation
// after it), a correction and a void; the refusals that name the field (a date in the future,
// an event the workflow does not allow in the case's state, a field of the wrong type); and
// evaluating a posted case, which stores nothing and answers exactly as `evaluate` prints.
#include <catch2/catch.hpp>

#include <fstream>

#include "adapters/json/case_json.hpp"
#include "tests/api/api_test_server.hpp"
#include "tests/support/run_cli.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

constexpr const char* kJson = "application/json";

size_t events_of(ApiServer& api, const std::string& id) {
  auto history = api.bench().cases->event_history(id);
  REQUIRE(history.ok());
  return history->size();
}

}  // namespace

TEST_CASE("a new case and an event are 201, each with the evaluation after it") {
  ApiServer api;
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  auto c = api.client();
  const std::string new_case = R"({"id": "CMP-NEW", "workflow": "complaints-statutory", "team": "CIN Widnes",
    "attributes": {"cohort": "child_in_care"},
    "events": [{"type": "received", "date": "2026-11-02"}]})";
  auto opened = c.Post("/api/v1/cases?as_of=2026-11-10", bearer(officer), new_case, kJson);
  REQUIRE(opened);
  INFO(opened->body);
  REQUIRE(opened->status == 201);
  CHECK(opened->get_header_value("Location") == "/api/v1/cases/CMP-NEW");
  const auto ev = body_of(opened);
  CHECK(ev.at("id") == "CMP-NEW");
  CHECK(ev.at("state") == "stage1");
  CHECK(ev.at("as_of") == "2026-11-10");
  // Received Monday 2 November 2026; Stage 1 within 10 working days (no bank holiday in
  // November): Tue 3 – Fri 6 (4), Mon 9 – Fri 13 (9), Mon 16 (10) → 16 November. As of
  // Tuesday 10 November it is running, 4 working days left (11, 12, 13, 16).
  const auto& stage1 = timer_in(ev, "stage1_response");
  CHECK(stage1.at("due") == "2026-11-16");
  CHECK(stage1.at("status") == "running");
  CHECK(stage1.at("remaining") == 4);
  auto record = api.bench().cases->find_case("CMP-NEW");
  REQUIRE(record.ok());
  REQUIRE(record->has_value());
  CHECK((*record)->team == "CIN Widnes");

  // The response went out on Friday 13 November: on or before the 16th, so met.
  auto responded = c.Post("/api/v1/cases/CMP-NEW/events?as_of=2026-11-20", bearer(officer),
                          R"({"type": "stage1_responded", "date": "2026-11-13"})", kJson);
  REQUIRE(responded);
  INFO(responded->body);
  REQUIRE(responded->status == 201);
  CHECK_FALSE(responded->get_header_value("Timescales-Event-Id").empty());
  const auto after = body_of(responded);
  CHECK(after.at("state") == "stage1_response_sent");
  CHECK(timer_in(after, "stage1_response").at("status") == "met");
  CHECK(timer_in(after, "stage1_response").at("stopped") == "2026-11-13");
  CHECK(events_of(api, "CMP-NEW") == 2);

  // The same event again adds nothing: 200, not a second event.
  auto again = c.Post("/api/v1/cases/CMP-NEW/events", bearer(officer),
                      R"({"type": "stage1_responded", "date": "2026-11-13"})", kJson);
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(events_of(api, "CMP-NEW") == 2);

  // The reference is taken.
  CHECK(problem_of(c.Post("/api/v1/cases", bearer(officer), new_case, kJson), 409).at("field") == "id");
}

TEST_CASE("a new case whose second event is refused is not opened at all") {
  ApiServer api;
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  auto c = api.client();
  // panel_held needs a Stage 3 request first: not allowed in stage1.
  const std::string body = R"({"id": "CMP-HALF", "workflow": "complaints-statutory", "team": "iCART",
    "events": [{"type": "received", "date": "2026-11-02"}, {"type": "panel_held", "date": "2026-11-05"}]})";
  CHECK(problem_of(c.Post("/api/v1/cases", bearer(officer), body, kJson), 422).at("field") == "events[1].type");
  // An extension with no reason: the register's refusal, met as the case is opened, in the same unit
  // of work as the receipt before it, so nothing is stored.
  const std::string no_reason = R"({"id": "CMP-HALF", "workflow": "complaints-statutory", "team": "iCART",
    "events": [{"type": "received", "date": "2026-11-02"}, {"type": "stage1_extended", "date": "2026-11-05"}]})";
  CHECK(problem_of(c.Post("/api/v1/cases", bearer(officer), no_reason, kJson), 422).at("field") ==
        "events[1].reason");
  auto found = api.bench().cases->find_case("CMP-HALF");
  REQUIRE(found.ok());
  CHECK_FALSE(found->has_value());
  // A complaints officer opens no EHC case.
  const std::string ehc = R"({"id": "EHC-NEW", "workflow": "ehcp-needs-assessment", "events": []})";
  problem_of(c.Post("/api/v1/cases", bearer(officer), ehc, kJson), 403);
}

TEST_CASE("a date in the future is a 422 naming date, and nothing is recorded") {
  ApiServer api;
  api.record("CMP-A", "complaints-statutory", "CIN Widnes", {"received", day("2026-11-02"), "", 0});
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  auto c = api.client();
  // The service's today is 1 December 2026; 2 December has not happened yet.
  for (const char* date : {"2026-12-02", "2099-01-05"}) {
    INFO(date);
    const std::string body = std::string(R"({"type": "stage1_responded", "date": ")") + date + "\"}";
    CHECK(problem_of(c.Post("/api/v1/cases/CMP-A/events", bearer(officer), body, kJson), 422).at("field") == "date");
  }
  CHECK(events_of(api, "CMP-A") == 1);
  // Before the case began (received 2 November): also the date's fault.
  CHECK(problem_of(c.Post("/api/v1/cases/CMP-A/events", bearer(officer),
                          R"({"type": "acknowledged", "date": "2026-10-30"})", kJson),
                   422)
            .at("field") == "date");
  // Not a date at all, and not a string.
  CHECK(problem_of(c.Post("/api/v1/cases/CMP-A/events", bearer(officer),
                          R"({"type": "acknowledged", "date": "3 November"})", kJson),
                   422)
            .at("field") == "date");
  const auto typed = problem_of(c.Post("/api/v1/cases/CMP-A/events", bearer(officer),
                                       R"({"type": "acknowledged", "date": 20261103})", kJson),
                                422);
  CHECK(typed.at("field") == "date");
  CHECK(typed.at("errors").at(0).at("field") == "date");
  CHECK(problem_of(c.Post("/api/v1/cases/CMP-A/events", bearer(officer),
                          R"({"type": ["acknowledged"], "date": "2026-11-03"})", kJson),
                   422)
            .at("field") == "type");
  CHECK(events_of(api, "CMP-A") == 1);
}

TEST_CASE("an event's time of day is taken, kept and counted from, and a bad one is a 422 naming time") {
  ApiServer api;
  const std::string manager = api.token("cin-widnes", Role::team_manager, "CIN Widnes");
  auto c = api.client();
  const auto bad = problem_of(c.Post("/api/v1/cases", bearer(manager), R"({"id": "MIS-1", "workflow": "missing-episode",
    "team": "CIN Widnes", "events": [{"type": "returned", "date": "2026-11-30", "time": "9pm"}]})", kJson),
                              422);
  CHECK(bad.at("field") == "events[0].time");
  auto opened = c.Post("/api/v1/cases?as_of=2026-11-30", bearer(manager), R"({"id": "MIS-1", "workflow": "missing-episode",
    "team": "CIN Widnes", "events": [{"type": "returned", "date": "2026-11-30", "time": "21:40"}]})", kJson);
  REQUIRE(opened);
  INFO(opened->body);
  REQUIRE(opened->status == 201);
  // Returned Monday 30 November 2026 at 21:40: 72 hours later is Thursday 3 December at 21:40.
  const auto evaluation = body_of(opened);
  const auto& interview = timer_in(evaluation, "return_interview");
  CHECK(interview.at("due") == "2026-12-03");
  CHECK(interview.at("due_time") == "21:40");
  CHECK(problem_of(c.Post("/api/v1/cases/MIS-1/events", bearer(manager),
                          R"({"type": "return_interview_held", "date": "2026-12-01", "time": "25:00"})", kJson),
                   422)
            .at("field") == "time");
  auto held = c.Post("/api/v1/cases/MIS-1/events", bearer(manager),
                     R"({"type": "return_interview_held", "date": "2026-12-01", "time": "10:15"})", kJson);
  REQUIRE(held);
  REQUIRE(held->status == 201);
  const auto events = body_of(c.Get("/api/v1/cases/MIS-1/events", bearer(manager)));
  INFO(events.dump());
  CHECK(events.at("events").at(0).at("time") == "21:40");
  CHECK(events.at("events").at(1).at("time") == "10:15");

  // The return was at 20:10, not 21:40: corrected, the interview is due by 20:10.
  const int64_t returned = events.at("events").at(0).at("id");
  const std::string correction = "/api/v1/events/" + std::to_string(returned) + "/correction";
  CHECK(problem_of(c.Post(correction, bearer(manager), R"({"time": "8pm", "why": "wrong hour"})", kJson), 422)
            .at("field") == "time");
  auto fixed = c.Post(correction + "?as_of=2026-12-01", bearer(manager), R"({"time": "20:10", "why": "wrong hour"})", kJson);
  REQUIRE(fixed);
  INFO(fixed->body);
  REQUIRE(fixed->status == 201);
  CHECK(timer_in(body_of(fixed), "return_interview").at("due_time") == "20:10");
}

TEST_CASE("an event the workflow does not allow in the case's state is a 422 naming type") {
  ApiServer api;
  api.record("CMP-A", "complaints-statutory", "CIN Widnes", {"received", day("2026-11-02"), "", 0});
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  auto c = api.client();
  // In stage1: a panel is held only after a Stage 3 request (stage3 → panel_held).
  const auto misplaced = problem_of(c.Post("/api/v1/cases/CMP-A/events", bearer(officer),
                                           R"({"type": "panel_held", "date": "2026-11-20"})", kJson),
                                    422);
  CHECK(misplaced.at("field") == "type");
  CHECK(misplaced.at("detail").get<std::string>().find("stage1") != std::string::npos);
  // Not an event of the workflow at all.
  CHECK(problem_of(c.Post("/api/v1/cases/CMP-A/events", bearer(officer),
                          R"({"type": "stage4_requested", "date": "2026-11-20"})", kJson),
                   422)
            .at("field") == "type");
  CHECK(events_of(api, "CMP-A") == 1);
}

TEST_CASE("a correction supersedes the event and a void takes one out, both kept in the history") {
  ApiServer api;
  api.record("CMP-A", "complaints-statutory", "CIN Widnes", {"received", day("2026-11-02"), "", 0});
  api.record("CMP-A", "complaints-statutory", "CIN Widnes", {"stage1_responded", day("2026-11-13"), "", 0});
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  auto c = api.client();
  auto history = c.Get("/api/v1/cases/CMP-A/events", bearer(officer));
  REQUIRE(history);
  REQUIRE(history->status == 200);
  const auto events = body_of(history).at("events");
  REQUIRE(events.size() == 2);
  const int64_t received = events.at(0).at("id");
  const int64_t responded = events.at(1).at("id");

  // Received on Tuesday 3 November, not the 2nd: 10 working days after 3 November are
  // Wed 4 – Fri 6 (3), Mon 9 – Fri 13 (8), Mon 16, Tue 17 (10) → 17 November.
  CHECK(problem_of(c.Post(("/api/v1/events/" + std::to_string(received) + "/correction").c_str(), bearer(officer),
                          R"({"date": "2026-11-03"})", kJson),
                   422)
            .at("field") == "why");
  auto corrected = c.Post(("/api/v1/events/" + std::to_string(received) + "/correction?as_of=2026-11-20").c_str(),
                          bearer(officer), R"({"date": "2026-11-03", "why": "typed the date of the letter"})", kJson);
  REQUIRE(corrected);
  INFO(corrected->body);
  REQUIRE(corrected->status == 201);
  CHECK(timer_in(body_of(corrected), "stage1_response").at("due") == "2026-11-17");
  CHECK(timer_in(body_of(corrected), "stage1_response").at("status") == "met");
  // Corrected once; a second correction of the same event is a conflict.
  CHECK(problem_of(c.Post(("/api/v1/events/" + std::to_string(received) + "/correction").c_str(), bearer(officer),
                          R"({"date": "2026-11-04", "why": "again"})", kJson),
                   409)
            .at("field") == "event");

  // The response was recorded in error: voided, the clock runs again and, as of 20 November,
  // is past its 17 November due date.
  auto voided = c.Post(("/api/v1/events/" + std::to_string(responded) + "/void?as_of=2026-11-20").c_str(),
                       bearer(officer), R"({"why": "recorded on the wrong case"})", kJson);
  REQUIRE(voided);
  INFO(voided->body);
  REQUIRE(voided->status == 200);
  CHECK(timer_in(body_of(voided), "stage1_response").at("status") == "overdue");
  auto after = body_of(c.Get("/api/v1/cases/CMP-A/events", bearer(officer))).at("events");
  REQUIRE(after.size() == 3);  // both originals kept, and the correction
  CHECK(after.at(0).at("in_force") == false);
  CHECK(after.at(0).at("amendment").at("why") == "typed the date of the letter");
  CHECK(after.at(1).at("voided") == true);
  CHECK(after.at(2).at("date") == "2026-11-03");
  CHECK(after.at(2).at("recorded_by") == "token:complaints-desk");
  CHECK(after.at(2).at("source") == "api");
}

TEST_CASE("evaluate answers exactly as evaluate --format json prints, and stores nothing") {
  ApiServer api;
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  const std::string file = std::string(TIMESCALES_SOURCE_DIR) + "/tests/fixtures/cases/cmp-2025-0193.json";
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto c = api.client();
  auto r = c.Post("/api/v1/evaluate?as_of=2026-01-05", bearer(officer), text, kJson);
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
  const auto ev = body_of(r);
  // The contract's own example (§2): received Friday 19 December 2025, extended to 20 working
  // days: Mon 22 – Wed 24 Dec (3), [25, 26 Dec bank holidays] 29 – 31 Dec (6), [1 Jan] Fri 2 (7),
  // 5 – 9 Jan (12), 12 – 16 Jan (17), 19 – 21 Jan (20) → 21 January 2026; 12 left as of 5 January.
  const auto& stage1 = timer_in(ev, "stage1_response");
  CHECK(stage1.at("due") == "2026-01-21");
  CHECK(stage1.at("remaining") == 12);
  CHECK(stage1.at("extended") == true);

  const auto cli = run_cli("evaluate --as-of 2026-01-05 --format json " + file);
  REQUIRE(cli.status == 0);
  CHECK(ev == nlohmann::json::parse(cli.out));

  auto stored = api.bench().cases->find_case("CMP-2025-0193");
  REQUIRE(stored.ok());
  CHECK_FALSE(stored->has_value());
  problem_of(c.Get("/api/v1/cases/CMP-2025-0193", bearer(officer)), 403);
  // What a role may not read it may not evaluate: a complaints officer and an EHC case.
  problem_of(c.Post("/api/v1/evaluate", bearer(officer),
                    R"({"id": "E-1", "workflow": "ehcp-needs-assessment", "events": []})", kJson),
             403);
  CHECK(problem_of(c.Post("/api/v1/evaluate", bearer(officer),
                          R"({"id": "E-1", "workflow": "no-such-workflow", "events": []})", kJson),
                   422)
            .at("field") == "workflow");
  CHECK(problem_of(c.Post("/api/v1/evaluate", bearer(officer),
                          R"({"id": "E-1", "workflow": "complaints-statutory", "events": [{"type": "received"}]})",
                          kJson),
                   422)
            .at("field") == "events[0].date");
}

TEST_CASE("a stored case reads as the same JSON that evaluate prints for it") {
  ApiServer api;
  api.record("CMP-A", "complaints-statutory", "CIN Widnes", {"received", day("2026-11-02"), "", 0});
  api.record("CMP-A", "complaints-statutory", "CIN Widnes", {"stage1_extended", day("2026-11-09"), "complex", 0});
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  auto c = api.client();
  auto r = c.Get("/api/v1/cases/CMP-A?as_of=2026-11-20", bearer(officer));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  // Extended to 20 working days from Monday 2 November: 3–6 (4), 9–13 (9), 16–20 (14),
  // 23–27 (19), Mon 30 (20) → 30 November.
  CHECK(timer_in(body_of(r), "stage1_response").at("due") == "2026-11-30");
  // The stored case written out as a case file, and `evaluate` run on it.
  auto loaded = api.bench().cases->load_case("CMP-A");
  REQUIRE(loaded.ok());
  REQUIRE(loaded->has_value());
  const auto path = api.dir / "cmp-a.json";
  std::ofstream(path) << case_to_json(**loaded).dump();
  const auto cli = run_cli("evaluate --as-of 2026-11-20 --format json " + path.string());
  REQUIRE(cli.status == 0);
  CHECK(body_of(r) == nlohmann::json::parse(cli.out));
}
