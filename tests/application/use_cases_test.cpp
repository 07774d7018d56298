// The use cases of application/ — recording, correcting and voiding events, setting a case's
// team, assessing a stored case under its own calendars, searching the caseload — against a real
// SQLite store and the shipped workflows and rules. Every due date is worked out by hand from the
// regulations' words and the GOV.UK list (the working is beside each).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "adapters/files/calendar_files.hpp"
#include "adapters/files/engine_data.hpp"
#include "adapters/store/open_case_store.hpp"
#include "application/caseload/caseload_search.hpp"
#include "application/cases/case_assessor.hpp"
#include "application/cases/case_register.hpp"
#include "tests/store/store_test_support.hpp"

using namespace timescales;

namespace {

Date day(const char* iso) { return parse_iso_date(iso).value(); }
const EventSource kTyped{"command line", std::nullopt};
// The day the tests are "run": Tuesday 1 December 2026.
const Date kToday = day("2026-12-01");

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<CaseStore> store;
  EngineData data;
  Fixture() : store(open()), data(load_engine_data(TIMESCALES_SOURCE_DIR).value()) {}
  std::unique_ptr<CaseStore> open() {
    return std::move(open_case_store((dir / "cases.db").string(), StoreOpening::create_if_missing).value().store);
  }
};

std::vector<std::string> in_force(CaseStore& store, const std::string& id) {
  auto loaded = store.load_case(id);  // held: a range-for would not keep the temporary alive
  REQUIRE(loaded.ok());
  REQUIRE(loaded->has_value());
  std::vector<std::string> out;
  for (const auto& e : (**loaded).events) out.push_back(e.type + "@" + to_iso(e.date));
  return out;
}

const TimerResult& timer(const CaseAssessment& a, const std::string& id) {
  for (const auto& t : a.evaluation.timers)
    if (t.id == id) return t;
  FAIL("no timer " << id);
  throw;
}

}  // namespace

TEST_CASE("recording an event: checked against the workflow, refusals name the field, nothing half-written") {
  Fixture f;
  CaseRegister cases(*f.store, f.data.workflows, kToday);
  const CaseEvent received{"received", day("2026-11-27"), "", 0};

  auto no_workflow = cases.record_event("CMP-1", received, kTyped);
  REQUIRE_FALSE(no_workflow.ok());
  CHECK(no_workflow.error().field == "workflow");
  CHECK_FALSE(f.store->find_case("CMP-1")->has_value());

  auto unknown_event = cases.record_event("CMP-1", {"stage4_requested", day("2026-11-27"), "", 0}, kTyped,
                                          {"complaints-statutory"});
  REQUIRE_FALSE(unknown_event.ok());
  CHECK(unknown_event.error().field == "type");
  CHECK(unknown_event.error().kind == ErrorKind::invalid_input);
  // The case was not opened by the refused event: the unit of work was rolled back.
  CHECK_FALSE(f.store->find_case("CMP-1")->has_value());

  // 2 December is after "today", 1 December: not yet happened, so a typing mistake.
  auto future = cases.record_event("CMP-1", {"received", day("2026-12-02"), "", 0}, kTyped, {"complaints-statutory"});
  REQUIRE_FALSE(future.ok());
  CHECK(future.error().field == "date");

  auto opened = cases.record_event("CMP-1", received, kTyped, {"complaints-statutory"});
  REQUIRE(opened.ok());
  CHECK(opened->added);
  CHECK(opened->new_case);
  auto again = cases.record_event("CMP-1", received, kTyped);
  REQUIRE(again.ok());
  CHECK_FALSE(again->added);
  CHECK(again->event_id == opened->event_id);

  auto other_workflow = cases.record_event("CMP-1", received, kTyped, {"complaints-corporate"});
  REQUIRE_FALSE(other_workflow.ok());
  CHECK(other_workflow.error().kind == ErrorKind::conflict);
  CHECK(other_workflow.error().field == "workflow");

  CHECK(cases.open_case({"CMP-1", "complaints-statutory", {}, {}, {}}).error().kind == ErrorKind::conflict);
  CHECK(cases.open_case({"CMP-2", "no-such-workflow", {}, {}, {}}).error().field == "workflow");
  REQUIRE(cases.open_case({"CMP-2", "complaints-statutory", {{"cohort", "child_in_care"}}, std::string("A Officer"),
                           std::string("iCART")}).ok());
  auto opened_record = f.store->find_case("CMP-2").value().value();
  CHECK(opened_record.team == "iCART");
  CHECK(opened_record.attributes.at("team") == "iCART");
  CHECK(opened_record.attributes.at("owner") == "A Officer");
  CHECK(opened_record.attributes.at("cohort") == "child_in_care");
}

TEST_CASE("correcting and voiding: the history keeps the old event and the reason, the clock follows the correction") {
  Fixture f;
  CaseRegister cases(*f.store, f.data.workflows, kToday);
  CalendarFiles calendars(TIMESCALES_SOURCE_DIR);
  CaseAssessor assessor(*f.store, f.data.workflows, f.data.rules, calendars);
  const int64_t typed = cases.record_event("CMP-3", {"received", day("2026-11-16"), "", 0}, kTyped,
                                           {"complaints-statutory"})->event_id;
  const int64_t ack = cases.record_event("CMP-3", {"acknowledged", day("2026-11-17"), "", 0}, kTyped)->event_id;
  const int64_t ext = cases.record_event("CMP-3", {"stage1_extended", day("2026-11-20"), "complex", 0}, kTyped)->event_id;

  CHECK(cases.correct_event("CMP-3", typed, {std::nullopt, day("2026-11-27"), std::nullopt}, "", kTyped).error().field ==
        "why");
  CHECK(cases.correct_event("CMP-3", 999999, {std::nullopt, day("2026-11-27"), std::nullopt}, "typo", kTyped)
            .error()
            .kind == ErrorKind::not_found);
  CHECK(cases.case_of_event(999999).error().field == "event");
  CHECK(cases.case_of_event(typed).value() == "CMP-3");
  // The complaint came in on Friday 27 November, not on the 16th: the date alone is corrected,
  // the event stays a receipt.
  auto corrected = cases.correct_event("CMP-3", typed, {std::nullopt, day("2026-11-27"), std::nullopt},
                                       "typed the wrong day", kTyped);
  REQUIRE(corrected.ok());
  // No extension was agreed: it was recorded against the wrong case.
  REQUIRE(cases.void_event("CMP-3", ext, "recorded against the wrong case").ok());
  CHECK(cases.void_event("CMP-3", ext, "again").error().kind == ErrorKind::conflict);
  CHECK(cases.void_event("CMP-3", ack, "").error().field == "why");

  CHECK(in_force(*f.store, "CMP-3") == std::vector<std::string>{"acknowledged@2026-11-17", "received@2026-11-27"});
  auto view = assessor.view("CMP-3", kToday);
  REQUIRE(view.ok());
  REQUIRE(view->history.size() == 4);
  CHECK(view->history[0].amended->reason == "typed the wrong day");
  CHECK(view->history[2].voided);
  // Received Fri 27 Nov 2026; 10 working days (no extension in force), England and Wales:
  // 30 Nov, 1, 2, 3, 4, 7, 8, 9, 10, 11 Dec -> due Friday 11 December.
  CHECK(timer(view->assessment, "stage1_response").due == day("2026-12-11"));
  CHECK_FALSE(timer(view->assessment, "stage1_response").extended);
}

TEST_CASE("recording checks what the import checks: reasons, dates before the case began, the future when allowed") {
  Fixture f;
  CaseRegister cases(*f.store, f.data.workflows, kToday);
  // Opened with its team and owner, so it never shows under "(no team recorded)".
  auto opened = cases.record_event("CMP-5", {"received", day("2026-11-16"), "", 0}, kTyped,
                                   {"complaints-statutory", std::string("CIN Widnes"), std::string("A Officer")});
  REQUIRE(opened.ok());
  auto record = f.store->find_case("CMP-5").value().value();
  CHECK(record.team == "CIN Widnes");
  CHECK(record.attributes.at("owner") == "A Officer");

  // reg 14 extends Stage 1 for a complex complaint: the workflow's extension needs a reason.
  auto no_reason = cases.record_event("CMP-5", {"stage1_extended", day("2026-11-20"), "", 0}, kTyped);
  REQUIRE_FALSE(no_reason.ok());
  CHECK(no_reason.error().field == "reason");
  CHECK(cases.record_event("CMP-5", {"stage1_extended", day("2026-11-20"), "complex", 0}, kTyped).ok());

  // An acknowledgement dated 13 November, before the receipt on the 16th, when the case began.
  auto before = cases.record_event("CMP-5", {"acknowledged", day("2026-11-13"), "", 0}, kTyped);
  REQUIRE_FALSE(before.ok());
  CHECK(before.error().field == "date");
  CHECK_THAT(before.error().message, Catch::Contains("before 2026-11-16, when the case began"));

  // The other way round: a case imported with its acknowledgement only, then its receipt typed
  // in, dated the day before. A receipt begins the case, so it may come before the rest.
  REQUIRE(cases.record_event("CMP-6", {"acknowledged", day("2026-11-17"), "", 0}, kTyped, {"complaints-statutory"}).ok());
  CHECK(cases.record_event("CMP-6", {"received", day("2026-11-16"), "", 0}, kTyped).ok());

  // Wednesday 2 December is after today (Tuesday 1 December): refused unless allowed.
  const CaseEvent tomorrow{"stage1_responded", day("2026-12-02"), "", 0};
  CHECK(cases.record_event("CMP-6", tomorrow, kTyped).error().field == "date");
  CHECK(cases.record_event("CMP-6", tomorrow, kTyped, {}, FutureDates::allowed).ok());

  // A correction is checked the same way: moving the extension to before the receipt is refused.
  const int64_t extension = f.store->event_history("CMP-5").value()[1].id;
  auto moved = cases.correct_event("CMP-5", extension, {std::nullopt, day("2026-11-02"), std::nullopt}, "typo", kTyped);
  CHECK(moved.error().field == "date");
  auto cleared = cases.correct_event("CMP-5", extension, {std::nullopt, std::nullopt, std::string("")}, "typo", kTyped);
  CHECK(cleared.error().field == "reason");
  CHECK(cases.correct_event("CMP-5", extension, {}, "nothing", kTyped).error().kind == ErrorKind::invalid_input);
  CHECK(cases.correct_event("CMP-6", extension, {std::nullopt, day("2026-11-23"), std::nullopt}, "typo", kTyped)
            .error()
            .kind == ErrorKind::not_found);
}

TEST_CASE("setting a case's team, owner and attributes keeps the attribute and the store's column in agreement") {
  Fixture f;
  CaseRegister cases(*f.store, f.data.workflows, kToday);
  REQUIRE(cases.record_event("CMP-4", {"received", day("2026-11-27"), "", 0}, kTyped, {"complaints-statutory"}).ok());
  AttributeChanges changes;
  changes.team = "CIN Runcorn";
  changes.set = {{"cohort", "child_in_care"}, {"how_made", "email"}};
  REQUIRE(cases.set_attributes("CMP-4", changes).ok());
  auto record = f.store->find_case("CMP-4").value().value();
  CHECK(record.team == "CIN Runcorn");
  CHECK(record.attributes.at("team") == "CIN Runcorn");
  CHECK(record.attributes.at("cohort") == "child_in_care");
  REQUIRE(cases.set_attributes("CMP-4", {{{"how_made", ""}}, std::nullopt, std::nullopt}).ok());
  record = f.store->find_case("CMP-4").value().value();
  CHECK(record.attributes.count("how_made") == 0);
  CHECK(record.team == "CIN Runcorn");
  CHECK(cases.set_attributes("NO-SUCH", changes).error().kind == ErrorKind::not_found);
}

TEST_CASE("the caseload search: status, due within N working days in each case's own division, sorted, paged") {
  Fixture f;
  CaseRegister cases(*f.store, f.data.workflows, kToday);
  CalendarFiles calendars(TIMESCALES_SOURCE_DIR);
  CaseAssessor assessor(*f.store, f.data.workflows, f.data.rules, calendars);
  auto add = [&](const std::string& id, const char* received, const char* acknowledged, const std::string& team,
                 std::map<std::string, std::string> attributes = {}) {
    REQUIRE(cases.record_event(id, {"received", day(received), "", 0}, kTyped, {"complaints-statutory"}).ok());
    REQUIRE(cases.record_event(id, {"acknowledged", day(acknowledged), "", 0}, kTyped).ok());
    REQUIRE(cases.set_attributes(id, {std::move(attributes), std::nullopt, team}).ok());
  };
  // Received Mon 16 Nov 2026: 17, 18, 19, 20, 23, 24, 25, 26, 27, 30 Nov -> due Mon 30 Nov;
  // on Tue 1 Dec it is overdue.
  add("CMP-A", "2026-11-16", "2026-11-17", "CIN Widnes");
  // Received Fri 27 Nov 2026, England and Wales: 30 Nov, 1-4, 7-11 Dec -> due Fri 11 Dec;
  // from Tue 1 Dec that is 8 working days away (2, 3, 4, 7, 8, 9, 10, 11 Dec).
  add("CMP-B", "2026-11-27", "2026-11-30", "CIN Widnes");
  // The same in Scotland, where Mon 30 Nov 2026 is St Andrew's Day (GOV.UK's Scotland list):
  // 1, 2, 3, 4, 7, 8, 9, 10, 11, 14 Dec -> due Mon 14 Dec, 9 working days from 1 Dec.
  add("CMP-S", "2026-11-27", "2026-12-01", "CIN Runcorn", {{"division", "scotland"}});

  auto search = [&](CaseloadQuery q) {
    q.as_of = kToday;
    auto page = search_caseload(*f.store, assessor, q);
    REQUIRE(page.ok());
    std::vector<std::string> ids;
    for (const auto& line : page->cases) ids.push_back(line.case_id);
    return std::make_pair(ids, page->total);
  };
  CaseloadQuery q;
  CHECK(search(q).first == std::vector<std::string>{"CMP-A", "CMP-B", "CMP-S"});  // by the next date due
  q.status = CaseStatusFilter::overdue;
  CHECK(search(q).first == std::vector<std::string>{"CMP-A"});
  q.status = CaseStatusFilter::any;
  q.due_within_working_days = 8;
  CHECK(search(q).first == std::vector<std::string>{"CMP-A", "CMP-B"});  // S is 9 away in Scotland
  q.due_within_working_days = 9;
  CHECK(search(q).first == std::vector<std::string>{"CMP-A", "CMP-B", "CMP-S"});
  q.per_page = 2;
  q.page = 2;
  CHECK(search(q) == std::make_pair(std::vector<std::string>{"CMP-S"}, size_t{3}));
  q = {};
  q.filter.team = "CIN Runcorn";
  CHECK(search(q).first == std::vector<std::string>{"CMP-S"});

  auto scottish = assessor.view("CMP-S", kToday);
  REQUIRE(scottish.ok());
  CHECK(timer(scottish->assessment, "stage1_response").due == day("2026-12-14"));
  q = {};
  q.page = 0;
  q.as_of = kToday;
  CHECK(search_caseload(*f.store, assessor, q).error().field == "page");
}

TEST_CASE("school-day clocks count in the school calendar the case names") {
  // A data folder of its own: England and Wales' holidays, and two schools whose autumn terms
  // differ only by an INSET day on Thursday 10 September 2026 at Bridge School.
  test::TempDir data;
  const auto calendars_dir = data / "rules/calendars";
  std::filesystem::create_directories(calendars_dir / "schools");
  std::filesystem::copy_file(std::filesystem::path(TIMESCALES_SOURCE_DIR) / "rules/calendars/england-and-wales.toml",
                             calendars_dir / "england-and-wales.toml");
  for (const auto& [name, closed] : {std::pair{"meadow-primary", ""},
                                     std::pair{"bridge-school", "\n[[closed]]\ndate = \"2026-09-10\"\nreason = \"INSET day\"\n"}}) {
    std::ofstream(calendars_dir / "schools" / (std::string(name) + ".toml"))
        << "[calendar]\nid = \"" << name << "\"\nkind = \"school\"\nbank_holidays = \"england-and-wales\"\n\n"
        << "[[term]]\nfirst_day = \"2026-09-02\"\nlast_day = \"2026-10-23\"\n" << closed;
  }
  Fixture f;
  CalendarFiles calendars(data.path());
  CaseAssessor assessor(*f.store, f.data.workflows, f.data.rules, calendars);
  CaseRegister cases(*f.store, f.data.workflows, kToday);
  for (const char* school : {"meadow-primary", "bridge-school", "no-such-school"}) {
    const std::string id = std::string("IYA-") + school;
    REQUIRE(cases.record_event(id, {"application_received", day("2026-09-07"), "", 0}, kTyped, {"in-year-application"}).ok());
    REQUIRE(cases.set_attributes(id, {{{"school_calendar", school}}, std::nullopt, std::nullopt}).ok());
  }
  // Received Mon 7 Sep 2026, 15 school days. Meadow: 8, 9, 10, 11, 14, 15, 16, 17, 18, 21, 22, 23,
  // 24, 25, 28 Sep -> Mon 28 Sep. Bridge, closed on the 10th: 8, 9, 11, 14, ..., 28, 29 -> Tue 29 Sep.
  auto meadow = assessor.view("IYA-meadow-primary", day("2026-09-14"));
  REQUIRE(meadow.ok());
  CHECK(timer(meadow->assessment, "in_year_outcome").due == day("2026-09-28"));
  auto bridge = assessor.view("IYA-bridge-school", day("2026-09-14"));
  REQUIRE(bridge.ok());
  CHECK(timer(bridge->assessment, "in_year_outcome").due == day("2026-09-29"));
  auto unknown = assessor.view("IYA-no-such-school", day("2026-09-14"));
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().kind == ErrorKind::not_found);
  CHECK_THAT(unknown.error().message, Catch::Contains("school_calendar") && Catch::Contains("no-such-school"));
}

TEST_CASE("opening a case with its events stores all of them or, on any refusal, nothing") {
  Fixture f;
  CaseRegister cases(*f.store, f.data.workflows, kToday);
  const NewCase complaint{"CMP-9", "complaints-statutory", {}, std::nullopt, std::string("CIN Widnes")};
  // The second event, an extension, needs a reason (the workflow's extension event): refused, and
  // the receipt before it, and the case itself, are not stored either.
  auto refused = cases.open_case_with_events(
      complaint, {{"received", day("2026-11-16"), "", 0}, {"stage1_extended", day("2026-11-20"), "", 0}}, kTyped);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().field == "events[1].reason");
  auto none = f.store->find_case("CMP-9");
  REQUIRE(none);
  CHECK_FALSE(*none);

  // Each event is checked against those before it in the same call: an acknowledgement dated
  // before the receipt is refused as before the case began.
  auto before = cases.open_case_with_events(
      complaint, {{"received", day("2026-11-16"), "", 0}, {"acknowledged", day("2026-11-13"), "", 0}}, kTyped);
  REQUIRE_FALSE(before);
  CHECK(before.error().field == "events[1].date");

  auto opened = cases.open_case_with_events(
      complaint, {{"received", day("2026-11-16"), "", 0}, {"acknowledged", day("2026-11-17"), "", 0}}, kTyped);
  REQUIRE(opened);
  CHECK(opened->size() == 2);
  CHECK(in_force(*f.store, "CMP-9") == std::vector<std::string>{"received@2026-11-16", "acknowledged@2026-11-17"});
  auto stored = f.store->find_case("CMP-9");
  REQUIRE(stored);
  REQUIRE(*stored);
  CHECK((*stored)->team == std::optional<std::string>("CIN Widnes"));

  auto taken = cases.open_case_with_events(complaint, {}, kTyped);
  REQUIRE_FALSE(taken);
  CHECK(taken.error().field == "case");
}
