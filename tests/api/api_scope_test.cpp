// Who sees what through the API: each role's scope (rules/access.toml) on reads, the caseload
// list and writes; a missing case answered as one out of scope; bearer tokens missing, unknown
// and revoked; every read and write in the audit log.
#include <catch2/catch.hpp>

#include <set>

#include "tests/api/api_test_server.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

// Three cases: two complaints of different teams and an EHC needs assessment.
void seed(ApiServer& api) {
  api.record("CMP-A", "complaints-statutory", "CIN Widnes", {"received", day("2026-11-02"), "", 0});
  api.record("CMP-B", "complaints-statutory", "iCART", {"received", day("2026-11-02"), "", 0});
  api.record("EHC-A", "ehcp-needs-assessment", "SEND North", {"request_received", day("2026-11-02"), "", 0});
}

std::set<std::string> listed(ApiServer& api, const std::string& secret, const std::string& query = "") {
  auto c = api.client();
  auto r = c.Get(("/api/v1/cases" + query).c_str(), bearer(secret));
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
  std::set<std::string> ids;
  const auto body = body_of(r);  // held: a range-for would not keep the temporary alive
  for (const auto& line : body.at("cases")) ids.insert(line.at("id").get<std::string>());
  return ids;
}

int read_status(ApiServer& api, const std::string& secret, const std::string& id) {
  auto c = api.client();
  auto r = c.Get(("/api/v1/cases/" + id).c_str(), bearer(secret));
  REQUIRE(r);
  return r->status;
}

}  // namespace

TEST_CASE("every role's scope through the API: reads, lists and writes") {
  ApiServer api;
  seed(api);
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  const std::string send = api.token("send-system", Role::send_team);
  const std::string widnes = api.token("widnes-manager", Role::team_manager, "CIN Widnes");
  const std::string manager = api.token("head-of-service", Role::manager);
  const std::string admin = api.token("it-admin", Role::admin);

  struct Expect {
    const std::string* secret;
    const char* who;
    int cmp_a, cmp_b, ehc_a;
  };
  // complaints_officer: every complaint; send_team: every EHC case; team_manager: their own
  // team's only; manager: everything; admin: no case at all.
  for (const auto& e : {Expect{&officer, "complaints_officer", 200, 200, 403},
                        Expect{&send, "send_team", 403, 403, 200},
                        Expect{&widnes, "team_manager of CIN Widnes", 200, 403, 403},
                        Expect{&manager, "manager", 200, 200, 200},
                        Expect{&admin, "admin", 403, 403, 403}}) {
    INFO(e.who);
    CHECK(read_status(api, *e.secret, "CMP-A") == e.cmp_a);
    CHECK(read_status(api, *e.secret, "CMP-B") == e.cmp_b);
    CHECK(read_status(api, *e.secret, "EHC-A") == e.ehc_a);
  }

  CHECK(listed(api, officer) == std::set<std::string>{"CMP-A", "CMP-B"});
  CHECK(listed(api, send) == std::set<std::string>{"EHC-A"});
  CHECK(listed(api, widnes) == std::set<std::string>{"CMP-A"});
  CHECK(listed(api, manager) == std::set<std::string>{"CMP-A", "CMP-B", "EHC-A"});
  // Asking for what the role does not read narrows to nothing rather than widening the scope.
  CHECK(listed(api, officer, "?workflow=ehcp-needs-assessment").empty());
  CHECK(listed(api, widnes, "?team=iCART").empty());
  {
    auto c = api.client();
    problem_of(c.Get("/api/v1/cases", bearer(admin)), 403);
  }

  // A manager reads everything and changes nothing; an officer records a complaint's event.
  auto c = api.client();
  const std::string responded = R"({"type": "stage1_responded", "date": "2026-11-13"})";
  problem_of(c.Post("/api/v1/cases/CMP-A/events", bearer(manager), responded, "application/json"), 403);
  problem_of(c.Post("/api/v1/cases/CMP-B/events", bearer(widnes), responded, "application/json"), 403);
  problem_of(c.Post("/api/v1/cases/EHC-A/events", bearer(officer), responded, "application/json"), 403);
  auto recorded = c.Post("/api/v1/cases/CMP-A/events", bearer(widnes), responded, "application/json");
  REQUIRE(recorded);
  CHECK(recorded->status == 201);
}

TEST_CASE("out of scope and not there answer alike: 403 and nothing of the case") {
  ApiServer api;
  seed(api);
  api.record("CMP-C", "complaints-statutory", "CIN Widnes",
             {"received", day("2026-11-02"), "", 0});
  const std::string send = api.token("send-system", Role::send_team);
  auto c = api.client();
  auto out_of_scope = c.Get("/api/v1/cases/CMP-A", bearer(send));
  auto missing = c.Get("/api/v1/cases/CMP-NO-SUCH", bearer(send));
  const auto a = problem_of(out_of_scope, 403);
  const auto b = problem_of(missing, 403);
  // Byte for byte: a caller cannot tell a case it may not see from one that is not there.
  CHECK(out_of_scope->body == missing->body);
  CHECK(out_of_scope->body.find("CIN Widnes") == std::string::npos);
  CHECK(out_of_scope->body.find("received") == std::string::npos);
  CHECK(a.at("field") == "case");
  // The same for a write, and for an event id of another scope's case or of none.
  const std::string event = R"({"type": "decision_to_assess", "date": "2026-11-20"})";
  auto write_out = c.Post("/api/v1/cases/CMP-A/events", bearer(send), event, "application/json");
  auto write_missing = c.Post("/api/v1/cases/CMP-NO-SUCH/events", bearer(send), event, "application/json");
  problem_of(write_out, 403);
  problem_of(write_missing, 403);
  CHECK(write_out->body == write_missing->body);
  auto history = api.bench().cases->event_history("CMP-C");
  REQUIRE(history.ok());
  REQUIRE(history->size() == 1);
  const std::string why = R"({"date": "2026-11-03", "why": "typed wrongly"})";
  auto correct_out = c.Post(("/api/v1/events/" + std::to_string(history->front().id) + "/correction").c_str(),
                            bearer(send), why, "application/json");
  auto correct_missing = c.Post("/api/v1/events/987654/correction", bearer(send), why, "application/json");
  problem_of(correct_out, 403);
  problem_of(correct_missing, 403);
  CHECK(correct_out->body == correct_missing->body);
}

TEST_CASE("bearer tokens: none, unknown and revoked are 401 with WWW-Authenticate Bearer") {
  ApiServer api;
  seed(api);
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  auto c = api.client();
  auto none = c.Get("/api/v1/cases/CMP-A");
  problem_of(none, 401);
  CHECK(none->get_header_value("WWW-Authenticate").rfind("Bearer", 0) == 0);
  auto unknown = c.Get("/api/v1/cases/CMP-A", bearer("not-a-token-anyone-was-given"));
  problem_of(unknown, 401);
  CHECK(unknown->get_header_value("WWW-Authenticate").rfind("Bearer", 0) == 0);
  auto basic = c.Get("/api/v1/cases/CMP-A", {{"Authorization", "Basic b2ZmaWNlcjpzZWNyZXQ="}});
  problem_of(basic, 401);

  // The token works; revoked (`timescales token revoke`), the very same secret is refused.
  auto before = c.Get("/api/v1/cases/CMP-A", bearer(officer));
  REQUIRE(before);
  CHECK(before->status == 200);
  REQUIRE(api.bench().accounts->revoke_token("complaints-desk").ok());
  auto after = c.Get("/api/v1/cases/CMP-A", bearer(officer));
  problem_of(after, 401);
  CHECK(after->get_header_value("WWW-Authenticate").rfind("Bearer", 0) == 0);
  auto list_after = c.Get("/api/v1/cases", bearer(officer));
  problem_of(list_after, 401);
}

TEST_CASE("every case read and write through the API is audited, a list as one line") {
  ApiServer api;
  seed(api);
  const std::string officer = api.token("complaints-desk", Role::complaints_officer);
  auto c = api.client();
  REQUIRE(c.Get("/api/v1/cases/CMP-A?as_of=2026-11-10", bearer(officer))->status == 200);
  REQUIRE(c.Post("/api/v1/cases/CMP-A/events", bearer(officer), R"({"type": "acknowledged", "date": "2026-11-03"})",
                 "application/json")
              ->status == 201);
  REQUIRE(c.Get("/api/v1/cases", bearer(officer))->status == 200);
  // A refused read is not a read: nothing of EHC-A was served.
  REQUIRE(c.Get("/api/v1/cases/EHC-A", bearer(officer))->status == 403);

  auto entries = api.bench().accounts->audit_of_case("CMP-A");
  REQUIRE(entries.ok());
  std::vector<std::string> actions;
  for (const auto& e : *entries) {
    CHECK(e.actor == "token:complaints-desk");
    CHECK(e.via == "api");
    actions.push_back(e.action);
  }
  CHECK(actions == std::vector<std::string>{"read", "record_event"});
  auto write = nlohmann::json::parse(entries->back().detail);
  CHECK(write.at("type") == "acknowledged");
  CHECK(write.at("date") == "2026-11-03");
  CHECK(api.bench().accounts->audit_of_case("EHC-A")->empty());

  auto everything = api.bench().accounts_store->audit_entries("", "token:complaints-desk");
  REQUIRE(everything.ok());
  int lists = 0;
  for (const auto& e : *everything)
    if (e.action == "list") {
      ++lists;
      const auto detail = nlohmann::json::parse(e.detail);
      // By the next date due: CMP-B's acknowledgement (3 working days after Monday 2 November:
      // Tue 3, Wed 4, Thu 5 → 5 November) before CMP-A's Stage 1 response, its acknowledgement
      // met on the 3rd (10 working days after 2 November: 3–6 (4), 9–13 (9), 16 → 16 November).
      CHECK(detail.at("cases") == nlohmann::json::array({"CMP-B", "CMP-A"}));
    }
  CHECK(lists == 1);
}

// A reference with '/' in it, percent-encoded in the path as a client must: read, its events,
// and an event recorded, each that case's own (the server matched routes on the decoded path
// once, and answered 404).
TEST_CASE("a case whose reference holds a '/' is read and written through the API") {
  ApiServer api;
  api.record("LA002/EHCP-01498", "ehcp-needs-assessment", "SEND North",
             {"request_received", day("2026-11-02"), "", 0});
  const std::string send = api.token("send-system", Role::send_team);
  auto c = api.client();
  auto read = c.Get("/api/v1/cases/LA002%2FEHCP-01498", bearer(send));
  REQUIRE(read);
  INFO(read->body);
  REQUIRE(read->status == 200);
  CHECK(body_of(read).at("id") == "LA002/EHCP-01498");
  auto events = c.Get("/api/v1/cases/LA002%2FEHCP-01498/events", bearer(send));
  REQUIRE(events);
  CHECK(events->status == 200);
  CHECK(body_of(events).at("events").size() == 1);
  auto recorded = c.Post("/api/v1/cases/LA002%2FEHCP-01498/events", bearer(send),
                         R"({"type": "decision_to_assess", "date": "2026-11-20"})", "application/json");
  REQUIRE(recorded);
  INFO(recorded->body);
  CHECK(recorded->status == 201);
  auto audited = api.bench().accounts->audit_of_case("LA002/EHCP-01498");
  REQUIRE(audited);
  CHECK(audited->size() == 3);  // two reads and the write
  // Unencoded it is no route of the API.
  problem_of(c.Get("/api/v1/cases/LA002/EHCP-01498", bearer(send)), 404);
}
