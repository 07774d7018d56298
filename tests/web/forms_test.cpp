// The forms: CSRF tokens, recording an event (the events offered, the check before saving, the
// refusals with their field's message), correcting one, opening a case, and the caseload's CSV.
//
// CMP-1 is a statutory complaint received Thu 1 Oct 2026. Its Stage 1 response is due within 10
// working days (SI 2006/1738 reg 14): Fri 2, Mon 5, Tue 6, Wed 7, Thu 8, Fri 9, Mon 12, Tue 13,
// Wed 14, Thu 15 Oct — no bank holiday falls among them — so due Thu 15 Oct 2026, overdue today.
#include <catch2/catch.hpp>

#include "tests/web/web_support.hpp"

using namespace timescales;
using namespace timescales::test;

namespace {

httplib::Params responded_on(const std::string& day, const std::string& month, const std::string& year,
                             const std::string& action) {
  return {{"type", "stage1_responded"}, {"date-day", day}, {"date-month", month}, {"date-year", year}, {"action", action}};
}

}  // namespace

TEST_CASE("a form without its CSRF token, or with a wrong one, is refused and writes nothing", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  const size_t before = f.events_of("CMP-1");

  auto missing = ann.post("/cases/CMP-1/events", responded_on("9", "10", "2026", "save"), false);
  REQUIRE(missing);
  CHECK(missing->status == 403);
  CHECK(f.events_of("CMP-1") == before);

  auto form = responded_on("9", "10", "2026", "save");
  form.emplace("csrf_token", "not-the-session-token");
  auto wrong = ann.post("/cases/CMP-1/events", form, false);
  REQUIRE(wrong);
  CHECK(wrong->status == 403);
  CHECK(f.events_of("CMP-1") == before);

  // Another session's token is as wrong as any.
  Browser tom = signed_in(f, "tom");
  auto theirs = responded_on("9", "10", "2026", "save");
  theirs.emplace("csrf_token", tom.csrf);
  auto crossed = ann.post("/cases/CMP-1/events", theirs, false);
  REQUIRE(crossed);
  CHECK(crossed->status == 403);
  CHECK(f.events_of("CMP-1") == before);

  // The new-case form and sign-out are checked as well.
  auto opened = ann.post("/cases", {{"workflow", "complaints-statutory"}, {"reference", "CMP-9"}, {"team", "CIN Widnes"},
                                    {"event", "complaints-statutory:received"}, {"date-day", "1"},
                                    {"date-month", "10"}, {"date-year", "2026"}}, false);
  REQUIRE(opened);
  CHECK(opened->status == 403);
  auto found = f.store()->find_case("CMP-9");
  REQUIRE(found);
  CHECK_FALSE(found->has_value());
  CHECK(ann.post("/sign-out", {}, false)->status == 403);
  CHECK(ann.get("/")->status == 200);  // still signed in

  // With the token, the same form saves (so the refusals above were the token's doing).
  auto saved = ann.post("/cases/CMP-1/events", responded_on("9", "10", "2026", "save"));
  REQUIRE(saved);
  CHECK(saved->status == 303);
  CHECK(f.events_of("CMP-1") == before + 1);
}

TEST_CASE("the sign-in form refuses a post without its own token", "[web]") {
  WebFixture f;
  auto c = f.client();
  auto res = c.Post("/sign-in", httplib::Params{{"name", "ann"}, {"password", kPassword}});
  REQUIRE(res);
  CHECK(res->status == 403);
  CHECK(set_cookie(*res, "timescales_session").empty());
}

TEST_CASE("recording offers only the events the current state allows", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  auto page = ann.get("/cases/CMP-1/events/new");
  REQUIRE(page);
  REQUIRE(page->status == 200);
  // In stage1 (workflows/complaints-statutory.toml's transitions from stage1).
  CHECK(contains(page->body, "value=\"stage1_responded\""));
  CHECK(contains(page->body, "value=\"stage1_extended\""));
  CHECK(contains(page->body, "value=\"acknowledged\""));
  // Not what only a later state allows, nor what began the case.
  CHECK_FALSE(contains(page->body, "value=\"stage2_responded\""));
  CHECK_FALSE(contains(page->body, "value=\"received\""));
  // An extension asks for its reason.
  auto extension = ann.get("/cases/CMP-1/events/new?type=stage1_extended");
  REQUIRE(extension);
  CHECK(extension->status == 200);
  CHECK(contains(extension->body, "name=\"reason\""));
  auto not_now = ann.get("/cases/CMP-1/events/new?type=stage2_responded");
  REQUIRE(not_now);
  CHECK(not_now->status == 422);
  CHECK(contains(not_now->body, "Choose one of the events this case can have now"));
}

TEST_CASE("the check shows the clocks after the event and stores nothing, and confirming saves", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  // Before: Stage 1 due Thu 15 Oct 2026 (worked above), overdue.
  auto before = ann.get("/cases/CMP-1");
  REQUIRE(before);
  CHECK(contains(before->body, "Thu 15 Oct 2026"));
  CHECK(contains(before->body, "data-status=\"overdue\""));
  const size_t events = f.events_of("CMP-1");

  // Responded Fri 9 Oct 2026, the 6th working day: within the 10, so met.
  auto check = ann.post("/cases/CMP-1/events", responded_on("9", "10", "2026", "check"));
  REQUIRE(check);
  CHECK(check->status == 200);
  CHECK(contains(check->body, "Nothing has been saved yet"));
  CHECK(contains(check->body, "stage1_response_sent"));
  CHECK(contains(check->body, "data-status=\"met\""));
  CHECK(f.events_of("CMP-1") == events);

  auto saved = ann.post("/cases/CMP-1/events", responded_on("9", "10", "2026", "save"));
  REQUIRE(saved);
  CHECK(saved->status == 303);
  CHECK(saved->get_header_value("Location") == "/cases/CMP-1");
  CHECK(f.events_of("CMP-1") == events + 1);
  auto after = ann.get("/cases/CMP-1");
  REQUIRE(after);
  CHECK(contains(after->body, "stage1_response_sent"));
  CHECK(contains(after->body, "Fri 9 Oct 2026"));
  CHECK(contains(after->body, "web: record an event"));
}

TEST_CASE("a date in the future is refused with the date field's message", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  const Date tomorrow = f.today() + std::chrono::days{1};
  const std::string d = std::to_string(day_of(tomorrow)), m = std::to_string(month_of(tomorrow)),
                    y = std::to_string(year_of(tomorrow));
  for (const char* action : {"check", "save"}) {
    INFO(action);
    auto res = ann.post("/cases/CMP-1/events", responded_on(d, m, y, action));
    REQUIRE(res);
    CHECK(res->status == 422);
    CHECK(contains(res->body, "govuk-error-summary"));
    CHECK(contains(res->body, "href=\"#date-day\""));
    CHECK(contains(res->body, "id=\"date-error\""));
    CHECK(contains(res->body, "must be today or in the past"));
  }
  CHECK(f.events_of("CMP-1") == 1);
}

TEST_CASE("a date before the case began is refused with CaseRegister's message under the date", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  // Tue 1 Sep 2026 is before CMP-1 was received (Thu 1 Oct 2026).
  auto res = ann.post("/cases/CMP-1/events", responded_on("1", "9", "2026", "save"));
  REQUIRE(res);
  CHECK(res->status == 422);
  CHECK(contains(res->body, "id=\"date-error\""));
  CHECK(f.events_of("CMP-1") == 1);
  // Not a real date at all.
  auto nonsense = ann.post("/cases/CMP-1/events", responded_on("31", "2", "2026", "check"));
  REQUIRE(nonsense);
  CHECK(nonsense->status == 422);
  CHECK(contains(nonsense->body, "must be a real date"));
}

TEST_CASE("an extension without its reason is refused under the reason", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  auto res = ann.post("/cases/CMP-1/events", {{"type", "stage1_extended"},
                                              {"date-day", "5"},
                                              {"date-month", "10"},
                                              {"date-year", "2026"},
                                              {"action", "check"}});
  REQUIRE(res);
  CHECK(res->status == 422);
  CHECK(contains(res->body, "href=\"#reason\""));
  CHECK(f.events_of("CMP-1") == 1);
}

TEST_CASE("a return's time of day is taken on the form, refused under the time when it is not one, and kept", "[web]") {
  WebFixture f;
  f.open_case("MIS-1", "missing-episode", "reported_missing", "CIN Widnes");  // Thu 1 Oct 2026
  Browser tom = signed_in(f, "tom");
  httplib::Params form = {{"type", "returned"}, {"date-day", "2"}, {"date-month", "10"}, {"date-year", "2026"},
                          {"time", "9pm"}, {"action", "check"}};
  auto refused = tom.post("/cases/MIS-1/events", form);
  REQUIRE(refused);
  CHECK(refused->status == 422);
  CHECK(contains(refused->body, "href=\"#time\""));
  CHECK(contains(refused->body, "id=\"time-error\""));
  CHECK(contains(refused->body, "value=\"9pm\""));  // what was typed stays in the field
  CHECK(f.events_of("MIS-1") == 1);

  form.erase("time");
  form.emplace("time", "21:40");
  auto check = tom.post("/cases/MIS-1/events", form);
  REQUIRE(check);
  CHECK(check->status == 200);
  // Returned Fri 2 Oct 2026 at 21:40: 72 hours later is Mon 5 Oct 2026 at 21:40.
  CHECK(contains(check->body, "Fri 2 Oct 2026, 21:40"));
  CHECK(contains(check->body, "name=\"time\" value=\"21:40\""));
  form.erase("action");
  form.emplace("action", "save");
  auto saved = tom.post("/cases/MIS-1/events", form);
  REQUIRE(saved);
  CHECK(saved->status == 303);
  auto history = f.store()->event_history("MIS-1");
  REQUIRE(history);
  REQUIRE(history->size() == 2);
  REQUIRE((*history)[1].event.time);
  CHECK(to_hh_mm(*(*history)[1].event.time) == "21:40");
  auto page = tom.get("/cases/MIS-1");
  REQUIRE(page);
  CHECK(contains(page->body, "Fri 2 Oct 2026, 21:40"));
  CHECK(contains(page->body, "Mon 5 Oct 2026, 21:40"));  // the clock's due date and hour
  CHECK(contains(page->body, "returned 2026-10-02 21:40 + 72 hours, by 21:40 on 2026-10-05"));

  // Corrected to 20:10 on the correction form, which shows the recorded time to change.
  const std::string returned_id = std::to_string((*history)[1].id);
  auto correct = tom.get("/events/" + returned_id + "/correct");
  REQUIRE(correct);
  CHECK(contains(correct->body, "name=\"time\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" value=\"21:40\""));
  auto fixed = tom.post("/events/" + returned_id + "/correct", {{"type", "returned"}, {"date-day", "2"}, {"date-month", "10"},
                                                                {"date-year", "2026"}, {"time", "20:10"}, {"why", "wrong hour"}});
  REQUIRE(fixed);
  CHECK(fixed->status == 303);
  auto after = tom.get("/cases/MIS-1");
  REQUIRE(after);
  CHECK(contains(after->body, "returned 2026-10-02 20:10 + 72 hours, by 20:10 on 2026-10-05"));
}

TEST_CASE("correcting an event keeps the old one in the history, superseded", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  auto history = f.store()->event_history("CMP-1");
  REQUIRE(history);
  REQUIRE(history->size() == 1);
  const std::string path = "/events/" + std::to_string(history->front().id) + "/correct";
  auto form = ann.get(path);
  REQUIRE(form);
  CHECK(form->status == 200);

  // Without a why: refused, nothing written.
  auto no_why = ann.post(path, {{"type", "received"}, {"date-day", "2"}, {"date-month", "10"}, {"date-year", "2026"},
                                {"reason", ""}, {"why", "  "}});
  REQUIRE(no_why);
  CHECK(no_why->status == 422);
  CHECK(contains(no_why->body, "href=\"#why\""));
  CHECK(f.events_of("CMP-1") == 1);

  // Received Fri 2 Oct 2026, not Thu 1 Oct: 10 working days after Fri 2 Oct are Mon 5 … Fri 16 Oct.
  auto saved = ann.post(path, {{"type", "received"}, {"date-day", "2"}, {"date-month", "10"}, {"date-year", "2026"},
                               {"reason", ""}, {"why", "typed the date of the letter, not of its arrival"}});
  REQUIRE(saved);
  CHECK(saved->status == 303);
  CHECK(f.events_of("CMP-1") == 2);
  auto page = ann.get("/cases/CMP-1");
  REQUIRE(page);
  CHECK(contains(page->body, "Fri 16 Oct 2026"));
  CHECK(contains(page->body, "timescales-superseded"));
  CHECK(contains(page->body, "typed the date of the letter, not of its arrival"));
  bool audited = false;
  for (const auto& e : f.audit_of("CMP-1")) audited = audited || (e.action == "correct_event" && e.actor == "user:ann");
  CHECK(audited);
}

TEST_CASE("a new case is opened with its first event, team and owner, and audited", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  auto form = ann.get("/cases/new");
  REQUIRE(form);
  CHECK(form->status == 200);
  CHECK(contains(form->body, "complaints-statutory:received"));
  CHECK_FALSE(contains(form->body, "ehcp-needs-assessment"));

  auto missing = ann.post("/cases", {{"workflow", "complaints-statutory"}, {"reference", ""}, {"team", "CIN Widnes"},
                                     {"event", ""}, {"date-day", ""}, {"date-month", ""}, {"date-year", ""}});
  REQUIRE(missing);
  CHECK(missing->status == 422);
  CHECK(contains(missing->body, "href=\"#reference\""));
  CHECK(contains(missing->body, "href=\"#event\""));
  CHECK(contains(missing->body, "href=\"#date-day\""));

  auto taken = ann.post("/cases", {{"workflow", "complaints-statutory"}, {"reference", "CMP-2"}, {"team", "CIN Widnes"},
                                   {"event", "complaints-statutory:received"}, {"date-day", "1"},
                                   {"date-month", "10"}, {"date-year", "2026"}});
  REQUIRE(taken);
  CHECK(taken->status == 422);
  CHECK(f.events_of("CMP-2") == 1);

  auto opened = ann.post("/cases", {{"workflow", "complaints-statutory"}, {"reference", "CMP-9"}, {"team", "CIN Widnes"},
                                    {"owner", "A Officer"}, {"event", "complaints-statutory:received"},
                                    {"date-day", "1"}, {"date-month", "10"}, {"date-year", "2026"}});
  REQUIRE(opened);
  CHECK(opened->status == 303);
  CHECK(opened->get_header_value("Location") == "/cases/CMP-9");
  auto stored = f.store()->find_case("CMP-9");
  REQUIRE(stored);
  REQUIRE(stored->has_value());
  CHECK((*stored)->workflow == "complaints-statutory");
  CHECK((*stored)->team.value_or("") == "CIN Widnes");
  CHECK((*stored)->owner.value_or("") == "A Officer");
  bool audited = false;
  for (const auto& e : f.audit_of("CMP-9")) audited = audited || (e.action == "open_case" && e.actor == "user:ann");
  CHECK(audited);
}

TEST_CASE("the caseload filters, and its CSV holds exactly the lines shown", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  auto widnes = ann.get("/cases?team=CIN%20Widnes&status=overdue");
  REQUIRE(widnes);
  CHECK(widnes->status == 200);
  CHECK(contains(widnes->body, "CMP-1"));
  CHECK_FALSE(contains(widnes->body, "CMP-2"));
  auto csv = ann.get("/cases.csv?team=CIN%20Widnes&status=overdue");
  REQUIRE(csv);
  CHECK(csv->status == 200);
  CHECK(contains(csv->get_header_value("Content-Type"), "text/csv"));
  CHECK(contains(csv->body, "reference,workflow,team"));
  CHECK(contains(csv->body, "CMP-1,complaints-statutory,CIN Widnes"));
  CHECK_FALSE(contains(csv->body, "CMP-2"));
  // Received Thu 1 Oct 2026: the acknowledgement (3 working days: Fri 2, Mon 5, Tue 6 Oct) is
  // the first clock due, Tue 6 Oct 2026.
  CHECK(contains(csv->body, "2026-10-06"));
  auto bad = ann.get("/cases?due_within=soon");
  REQUIRE(bad);
  CHECK(bad->status == 200);
  CHECK(contains(bad->body, "href=\"#due_within\""));
}

TEST_CASE("My deadlines lists the overdue complaint with a link to it", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  auto home = ann.get("/");
  REQUIRE(home);
  CHECK(home->status == 200);
  CHECK(contains(home->body, "id=\"overdue\""));
  CHECK(contains(home->body, "href=\"/cases/CMP-1\""));
  // The team manager's own team's digest only.
  Browser tom = signed_in(f, "tom");
  auto theirs = tom.get("/");
  REQUIRE(theirs);
  CHECK(contains(theirs->body, "href=\"/cases/CMP-1\""));
  CHECK_FALSE(contains(theirs->body, "CMP-2"));
}
