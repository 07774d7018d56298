// Each role's scope on the pages (rules/access.toml): what it may open, and that a case outside
// it is a 403 that says nothing of the case — the same page as for a case that does not exist.
#include <catch2/catch.hpp>

#include "tests/web/web_support.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

// The 403 page for a case, with nothing of the case in it.
void refused_without_contents(const httplib::Result& res, const std::string& case_id, const std::string& team) {
  REQUIRE(res);
  CHECK(res->status == 403);
  CHECK_FALSE(contains(res->body, case_id));
  CHECK_FALSE(contains(res->body, team));
  CHECK_FALSE(contains(res->body, "stage1_response"));
  CHECK_FALSE(contains(res->body, "decision_to_assess"));
}

}  // namespace

TEST_CASE("a page without a session is sent to sign in", "[web]") {
  WebFixture f;
  auto c = f.client();
  for (const char* path : {"/", "/cases", "/cases/CMP-1", "/reports", "/calendar", "/cases/new"}) {
    auto res = c.Get(path);
    REQUIRE(res);
    INFO(path);
    CHECK(res->status == 303);
    CHECK(res->get_header_value("Location") == "/sign-in");
  }
}

TEST_CASE("a complaints officer reads complaints and not EHC cases", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  auto complaint = ann.get("/cases/CMP-1");
  REQUIRE(complaint);
  CHECK(complaint->status == 200);
  CHECK(contains(complaint->body, "stage1_response"));
  refused_without_contents(ann.get("/cases/EHC-1"), "EHC-1", "SEND Halton");
  auto list = ann.get("/cases");
  REQUIRE(list);
  CHECK(contains(list->body, "CMP-1"));
  CHECK(contains(list->body, "CMP-2"));
  CHECK_FALSE(contains(list->body, "EHC-1"));
}

TEST_CASE("the SEND team reads EHC cases and not complaints", "[web]") {
  WebFixture f;
  Browser sam = signed_in(f, "sam");
  auto ehc = sam.get("/cases/EHC-1");
  REQUIRE(ehc);
  CHECK(ehc->status == 200);
  CHECK(contains(ehc->body, "decision_to_assess"));
  refused_without_contents(sam.get("/cases/CMP-1"), "CMP-1", "CIN Widnes");
  auto list = sam.get("/cases");
  REQUIRE(list);
  CHECK(contains(list->body, "EHC-1"));
  CHECK_FALSE(contains(list->body, "CMP-1"));
}

TEST_CASE("a team manager reads only their own team's cases", "[web]") {
  WebFixture f;
  Browser tom = signed_in(f, "tom");  // team_manager of CIN Widnes
  auto own = tom.get("/cases/CMP-1");
  REQUIRE(own);
  CHECK(own->status == 200);
  refused_without_contents(tom.get("/cases/CMP-2"), "CMP-2", "CIN Runcorn");
  // A case that does not exist gets the very same page: nothing tells the two apart.
  auto other = tom.get("/cases/CMP-2");
  auto missing = tom.get("/cases/NO-SUCH-CASE");
  REQUIRE(missing);
  CHECK(missing->status == 403);
  CHECK(missing->body == other->body);
  // Nor may they record on it, or list it.
  refused_without_contents(tom.get("/cases/CMP-2/events/new"), "CMP-2", "CIN Runcorn");
  auto list = tom.get("/cases");
  REQUIRE(list);
  CHECK(contains(list->body, "CMP-1"));
  CHECK_FALSE(contains(list->body, "CMP-2"));
  CHECK_FALSE(contains(list->body, "CIN Runcorn"));
  // Another team's cases asked for by name: none.
  auto asked = tom.get("/cases?team=CIN%20Runcorn");
  REQUIRE(asked);
  CHECK_FALSE(contains(asked->body, "CMP-2"));
}

TEST_CASE("a manager reads every case and the reports, and records nothing", "[web]") {
  WebFixture f;
  Browser meg = signed_in(f, "meg");
  for (const char* path : {"/cases/CMP-1", "/cases/EHC-1", "/reports", "/reports/compliance-report", "/reports/ehcp-tracking"}) {
    auto res = meg.get(path);
    REQUIRE(res);
    INFO(path);
    CHECK(res->status == 200);
  }
  auto form = meg.get("/cases/CMP-1/events/new");
  REQUIRE(form);
  CHECK(form->status == 403);
  const size_t before = f.events_of("CMP-1");
  auto post = meg.post("/cases/CMP-1/events", {{"type", "stage1_responded"},
                                               {"date-day", "2"},
                                               {"date-month", "10"},
                                               {"date-year", "2026"},
                                               {"action", "save"}});
  REQUIRE(post);
  CHECK(post->status == 403);
  CHECK(f.events_of("CMP-1") == before);
  // The case page offers no way to record.
  auto page = meg.get("/cases/CMP-1");
  CHECK_FALSE(contains(page->body, "/cases/CMP-1/events/new"));
}

TEST_CASE("the reports are for the roles that have them", "[web]") {
  WebFixture f;
  for (const char* name : {"ann", "sam", "tom", "adi"}) {
    Browser b = signed_in(f, name);
    auto res = b.get("/reports");
    REQUIRE(res);
    INFO(name);
    CHECK(res->status == 403);
    CHECK(b.get("/reports/compliance-report")->status == 403);
  }
}

TEST_CASE("an admin reads no case", "[web]") {
  WebFixture f;
  Browser adi = signed_in(f, "adi");
  refused_without_contents(adi.get("/cases/CMP-1"), "CMP-1", "CIN Widnes");
  refused_without_contents(adi.get("/cases/EHC-1"), "EHC-1", "SEND Halton");
  auto list = adi.get("/cases");
  REQUIRE(list);
  CHECK_FALSE(contains(list->body, "CMP-1"));
  CHECK_FALSE(contains(list->body, "EHC-1"));
  auto home = adi.get("/");
  REQUIRE(home);
  CHECK(home->status == 200);
  CHECK(contains(home->body, "no deadlines"));
}

TEST_CASE("every case read and write is in the audit log, via the web", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  REQUIRE(ann.get("/cases/CMP-1")->status == 200);
  auto saved = ann.post("/cases/CMP-1/events", {{"type", "acknowledged"},
                                                {"date-day", "2"},
                                                {"date-month", "10"},
                                                {"date-year", "2026"},
                                                {"action", "save"}});
  REQUIRE(saved);
  REQUIRE(saved->status == 303);
  const auto entries = f.audit_of("CMP-1");
  bool read = false, wrote = false;
  for (const auto& e : entries) {
    if (e.actor != "user:ann" || e.via != "web") continue;
    read = read || e.action == "read";
    wrote = wrote || (e.action == "record_event" && contains(e.detail, "acknowledged") && contains(e.detail, "2026-10-02"));
  }
  CHECK(read);
  CHECK(wrote);
  // A refused read is not a read: tom never saw CMP-2.
  Browser tom = signed_in(f, "tom");
  REQUIRE(tom.get("/cases/CMP-2")->status == 403);
  for (const auto& e : f.audit_of("CMP-2")) CHECK(e.actor != "user:tom");
}

// A council's references hold '/' ("LA002/EHCP-01498"): a link percent-encodes it, and the
// page must be that case's, not a 404 (the server matched routes on the decoded path once).
TEST_CASE("a case whose reference holds a '/' opens, and its events can be recorded", "[web]") {
  WebFixture f;
  f.open_case("CMP/2026/7", "complaints-statutory", "received", "CIN Widnes");
  Browser ann = signed_in(f, "ann");
  auto page = ann.get("/cases/CMP%2F2026%2F7");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(contains(page->body, "CMP/2026/7"));
  CHECK(contains(page->body, "/cases/CMP%2F2026%2F7/events/new"));
  auto form = ann.get("/cases/CMP%2F2026%2F7/events/new");
  REQUIRE(form);
  CHECK(form->status == 200);
  auto saved = ann.post("/cases/CMP%2F2026%2F7/events", {{"type", "acknowledged"},
                                                         {"date-day", "2"},
                                                         {"date-month", "10"},
                                                         {"date-year", "2026"},
                                                         {"action", "save"}});
  REQUIRE(saved);
  CHECK(saved->status == 303);
  CHECK(f.events_of("CMP/2026/7") == 2);
  // Unencoded, the same reference is a path of more segments than any route has.
  auto unencoded = ann.get("/cases/CMP/2026/7");
  REQUIRE(unencoded);
  CHECK(unencoded->status == 404);
}

// The caseload shows each case's line, and its CSV takes them out of the service: both are in the
// audit log, with the query and the cases shown (as the API's list is).
TEST_CASE("the caseload and its CSV are audited with the cases they showed", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  REQUIRE(ann.get("/cases?team=CIN%20Widnes")->status == 200);
  REQUIRE(ann.get("/cases.csv")->status == 200);
  const auto entries = f.audit_by("user:ann");
  const AuditEntry* list = nullptr;
  const AuditEntry* csv = nullptr;
  for (const auto& e : entries) {
    if (e.action == "list") list = &e;
    if (e.action == "export") csv = &e;
  }
  REQUIRE(list);
  CHECK(list->via == "web");
  INFO(list->detail);
  CHECK(contains(list->detail, R"("team":"CIN Widnes")"));
  CHECK(contains(list->detail, R"("cases":["CMP-1"])"));
  REQUIRE(csv);
  CHECK(contains(csv->detail, "CMP-2"));
  CHECK_FALSE(contains(csv->detail, "EHC-1"));  // not ann's to see, so not exported
}
