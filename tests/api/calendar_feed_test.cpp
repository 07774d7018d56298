// The personal iCalendar feed (GET /calendar/{secret}.ics): the user's deadlines only — their
// role's scope and their "My deadlines" clocks — with nothing of the child; a revoked or
// unknown secret is a 404; each read of a feed is one "calendar" line in the audit log.
#include <catch2/catch.hpp>

#include "tests/api/api_test_server.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

std::string feed(ApiServer& api, const std::string& secret, int expect = 200) {
  auto c = api.client();
  auto r = c.Get(("/calendar/" + secret + ".ics").c_str());
  REQUIRE(r);
  CHECK(r->status == expect);
  if (expect == 200) CHECK(r->get_header_value("Content-Type").rfind("text/calendar", 0) == 0);
  return r->body;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a calendar feed holds the user's deadlines only, and a revoked feed is a 404") {
  ApiServer api;
  // Received Monday 2 November 2026, nothing since: as of the service's today (1 December)
  // the Stage 1 response (due 16 November: 3–6, 9–13, 16) is overdue.
  api.record("CMP-A", "complaints-statutory", "CIN Widnes", {"received", day("2026-11-02"), "", 0});
  // Received Monday 23 November: 10 working days are 24–27 (4), 30 Nov – 4 Dec (9), Mon 7 Dec.
  api.record("CMP-B", "complaints-statutory", "iCART", {"received", day("2026-11-23"), "", 0});
  // The request for an EHC needs assessment on 2 November: the decision within 6 weeks,
  // 2 November + 42 days = Monday 14 December.
  api.record("EHC-A", "ehcp-needs-assessment", "SEND North", {"request_received", day("2026-11-02"), "", 0});
  // A child's name among the attributes, which no feed may carry.
  auto reg = api.service->case_register();
  REQUIRE(reg.ok());
  AttributeChanges name;
  name.set["child_name"] = "Jane Example";
  REQUIRE(reg->set_attributes("CMP-A", name).ok());

  auto& accounts = *api.bench().accounts;
  REQUIRE(accounts.add_user("olive", Role::complaints_officer, "", "a long enough password", kNoonFirstDecember2026).ok());
  REQUIRE(accounts.add_user("wendy", Role::team_manager, "CIN Widnes", "a long enough password", kNoonFirstDecember2026).ok());
  REQUIRE(accounts.add_user("sam", Role::send_team, "", "a long enough password", kNoonFirstDecember2026).ok());
  const std::string olive = accounts.renew_calendar_token("olive").value();
  const std::string wendy = accounts.renew_calendar_token("wendy").value();
  const std::string sam = accounts.renew_calendar_token("sam").value();

  const std::string officer_feed = feed(api, olive);
  CHECK(has(officer_feed, "BEGIN:VCALENDAR"));
  CHECK(has(officer_feed, "UID:CMP-A.stage1_response@timescales"));
  CHECK(has(officer_feed, "DTSTART;VALUE=DATE:20261116"));
  CHECK(has(officer_feed, "SUMMARY:CMP-A: stage1_response (OVERDUE) due"));
  CHECK(has(officer_feed, "UID:CMP-B.stage1_response@timescales"));
  CHECK(has(officer_feed, "DTSTART;VALUE=DATE:20261207"));
  CHECK_FALSE(has(officer_feed, "EHC-A"));
  CHECK_FALSE(has(officer_feed, "Jane"));
  CHECK_FALSE(has(officer_feed, "CIN Widnes"));

  // A team manager: their own team's complaints only.
  const std::string manager_feed = feed(api, wendy);
  CHECK(has(manager_feed, "UID:CMP-A.stage1_response@timescales"));
  CHECK_FALSE(has(manager_feed, "CMP-B"));
  CHECK_FALSE(has(manager_feed, "EHC-A"));

  // The SEND team: the EHC clocks of its digest, no complaint.
  const std::string send_feed = feed(api, sam);
  CHECK(has(send_feed, "UID:EHC-A.decision_to_assess@timescales"));
  CHECK(has(send_feed, "DTSTART;VALUE=DATE:20261214"));
  CHECK_FALSE(has(send_feed, "CMP-"));

  auto audit = api.bench().accounts_store->audit_entries("", "user:olive");
  REQUIRE(audit.ok());
  REQUIRE(audit->size() == 1);
  CHECK(audit->front().action == "calendar");
  CHECK(nlohmann::json::parse(audit->front().detail).at("cases") == 2);

  // Revoked: the same address opens nothing. A renewed one replaces the old.
  REQUIRE(accounts.revoke_calendar_token("olive").ok());
  feed(api, olive, 404);
  const std::string renewed = accounts.renew_calendar_token("wendy").value();
  feed(api, wendy, 404);
  CHECK(has(feed(api, renewed), "CMP-A"));
  feed(api, "no-such-calendar-secret", 404);
}
