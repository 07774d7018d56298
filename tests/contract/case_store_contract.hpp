// The case store's contract (application/store/case_store.hpp) as tests, written against the
// interface alone, so that every store implementation runs the same suite: a test file names a
// factory type and includes this header (sqlite_contract_test.cpp). A PostgreSQL store is done
// when its factory passes every case here.
//
// A factory is a type with
//   Factory()                                    a fresh, empty store location, removed afterwards
//   std::unique_ptr<CaseStore> open()            one more handle on that store (its own connection)
#pragma once

#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "application/store/case_store.hpp"

namespace timescales::contract {

inline Date day(const char* iso) { return parse_iso_date(iso).value(); }

inline void open_case(CaseStore& store, const std::string& id, const std::string& workflow = "complaints-statutory") {
  CaseRecord r;
  r.id = id;
  r.workflow = workflow;
  r.attributes = {{"team", "CIN Widnes"}};
  r.team = "CIN Widnes";
  REQUIRE(store.upsert_case(r).ok());
}

inline const EventSource kTyped{"command line", std::nullopt};

// The event types in force, in the order the store hands them to the evaluator.
inline std::vector<std::string> in_force(CaseStore& store, const std::string& id) {
  auto c = store.load_case(id);
  REQUIRE(c.ok());
  REQUIRE(c->has_value());
  std::vector<std::string> out;
  for (const auto& e : (**c).events) out.push_back(e.type + "@" + to_iso(e.date));
  return out;
}

}  // namespace timescales::contract

#define TIMESCALES_CASE_STORE_CONTRACT(Factory)                                                                     \
  TEMPLATE_TEST_CASE("store contract: events are append-only and an identical event is not added twice",          \
                     "[contract]", Factory) {                                                                       \
    using namespace timescales;                                                                                     \
    using namespace timescales::contract;                                                                          \
    TestType where;                                                                                                 \
    auto store = where.open();                                                                                      \
    open_case(*store, "CMP-1");                                                                                     \
    auto first = store->append_event("CMP-1", {"received", day("2025-12-19"), "", 0}, kTyped);                     \
    REQUIRE(first.ok());                                                                                            \
    CHECK(first->added);                                                                                            \
    auto again = store->append_event("CMP-1", {"received", day("2025-12-19"), "", 0}, kTyped);                     \
    REQUIRE(again.ok());                                                                                            \
    CHECK_FALSE(again->added);                                                                                      \
    CHECK(again->id == first->id);                                                                                  \
    /* The same event on another day, or as a second occurrence, is another event. */                              \
    REQUIRE(store->append_event("CMP-1", {"received", day("2025-12-19"), "", 0}, kTyped, 2)->added);               \
    REQUIRE(store->append_event("CMP-1", {"acknowledged", day("2025-12-22"), "", 0}, kTyped)->added);              \
    CHECK(in_force(*store, "CMP-1") ==                                                                             \
          std::vector<std::string>{"received@2025-12-19", "received@2025-12-19", "acknowledged@2025-12-22"});       \
    auto history = store->event_history("CMP-1");                                                                   \
    REQUIRE(history.ok());                                                                                          \
    CHECK(history->size() == 3);                                                                                    \
    /* An event of a case the store does not have is refused. */                                                   \
    CHECK_FALSE(store->append_event("NO-SUCH", {"received", day("2025-12-19"), "", 0}, kTyped).ok());               \
    auto missing = store->load_case("NO-SUCH");                                                                     \
    REQUIRE(missing.ok());                                                                                          \
    CHECK_FALSE(missing->has_value());                                                                              \
  }                                                                                                                 \
                                                                                                                    \
  TEMPLATE_TEST_CASE("store contract: a correction supersedes, a void takes out, the history keeps both",          \
                     "[contract]", Factory) {                                                                       \
    using namespace timescales;                                                                                     \
    using namespace timescales::contract;                                                                          \
    TestType where;                                                                                                 \
    auto store = where.open();                                                                                      \
    open_case(*store, "CMP-2");                                                                                     \
    const int64_t received = store->append_event("CMP-2", {"received", day("2025-12-18"), "", 0}, kTyped)->id;     \
    const int64_t ack = store->append_event("CMP-2", {"acknowledged", day("2025-12-19"), "", 0}, kTyped)->id;      \
    const int64_t extended =                                                                                        \
        store->append_event("CMP-2", {"stage1_extended", day("2026-01-05"), "complex", 0}, kTyped)->id;            \
    auto corrected = store->supersede_event(received, {"received", day("2025-12-19"), "", 0}, kTyped,              \
                                            "typed the day before");                                                \
    REQUIRE(corrected.ok());                                                                                        \
    REQUIRE(store->void_event(extended, "no extension was agreed").ok());                                  \
    /* In force: the acknowledgement and the corrected receipt, in the order recorded. */                          \
    CHECK(in_force(*store, "CMP-2") == std::vector<std::string>{"acknowledged@2025-12-19", "received@2025-12-19"}); \
    auto history = store->event_history("CMP-2");                                                                   \
    REQUIRE(history.ok());                                                                                          \
    REQUIRE(history->size() == 4);                                                                                  \
    CHECK((*history)[0].superseded_by == *corrected);                                                               \
    REQUIRE((*history)[0].amended.has_value());                                                                     \
    CHECK((*history)[0].amended->reason == "typed the day before");                                                 \
    CHECK((*history)[2].voided);                                                                                    \
    CHECK((*history)[2].amended->reason == "no extension was agreed");                                              \
    CHECK((*history)[3].supersedes == received);                                                                    \
    (void)ack;                                                                                                      \
    /* Each event is put right once: correcting or voiding it again is a conflict, and so is                     */ \
    /* correcting a voided one. An unknown event is not found; a void needs a reason.                            */ \
    auto twice = store->supersede_event(received, {"received", day("2025-12-20"), "", 0}, kTyped, "again");         \
    REQUIRE_FALSE(twice.ok());                                                                                      \
    CHECK(twice.error().kind == ErrorKind::conflict);                                                               \
    auto revive = store->supersede_event(extended, {"stage1_extended", day("2026-01-06"), "complex", 0}, kTyped);   \
    REQUIRE_FALSE(revive.ok());                                                                                     \
    CHECK(revive.error().kind == ErrorKind::conflict);                                                              \
    auto revoid = store->void_event(extended, "again");                                                             \
    REQUIRE_FALSE(revoid.ok());                                                                                     \
    CHECK(revoid.error().kind == ErrorKind::conflict);                                                              \
    auto unknown = store->void_event(999999, "no such event");                                                      \
    REQUIRE_FALSE(unknown.ok());                                                                                    \
    CHECK(unknown.error().kind == ErrorKind::not_found);                                                            \
    CHECK_FALSE(store->void_event(ack, "").ok());                                                                   \
    CHECK(in_force(*store, "CMP-2").size() == 2);                                                                   \
    /* An event is found by its number alone, corrected or voided too; each source is counted.                   */ \
    CHECK(store->case_of_event(extended).value() == std::optional<std::string>("CMP-2"));                         \
    CHECK_FALSE(store->case_of_event(999999).value().has_value());                                                  \
    CHECK(store->events_by_source().value() == std::map<std::string, int64_t>{{kTyped.file, 4}});                  \
  }                                                                                                                 \
                                                                                                                    \
  TEMPLATE_TEST_CASE("store contract: import keys are idempotent through the batch writer", "[contract]",          \
                     Factory) {                                                                                     \
    using namespace timescales;                                                                                     \
    using namespace timescales::contract;                                                                          \
    TestType where;                                                                                                 \
    auto store = where.open();                                                                                      \
    auto import_once = [&](int64_t expect_added) {                                                                  \
      auto unit = store->begin(CaseStore::Work::import);                                                            \
      REQUIRE(unit.ok());                                                                                           \
      auto writer = store->batch_writer();                                                                          \
      REQUIRE(writer.ok());                                                                                         \
      /* Events before their case: Work::import checks the reference at the commit. */                            \
      std::vector<EventRow> events = {{"IMP-1", "received", "2025-12-19", "", 1, 2},                                \
                                      {"IMP-1", "acknowledged", "2025-12-22", "", 1, 3},                            \
                                      {"IMP-2", "received", "2026-01-05", "", 1, 4}};                               \
      REQUIRE((*writer)->insert_events(events.data(), events.size(), "export.csv", "2026-01-06T00:00:00Z").ok());   \
      auto existing = (*writer)->find_case("IMP-1");                                                                \
      REQUIRE(existing.ok());                                                                                       \
      if (!*existing) {                                                                                             \
        std::vector<CaseRow> cases = {{"IMP-1", "complaints-statutory"}, {"IMP-2", "complaints-statutory"}};        \
        REQUIRE((*writer)->insert_cases(cases.data(), cases.size(), "2026-01-06T00:00:00Z").ok());                  \
      }                                                                                                             \
      CHECK((*writer)->batched_events_written() == 3);                                                              \
      CHECK((*writer)->batched_events_added() == expect_added);                                                     \
      REQUIRE((*unit)->commit().ok());                                                                              \
    };                                                                                                              \
    import_once(3);                                                                                                 \
    import_once(0);                                                                                                 \
    CHECK(in_force(*store, "IMP-1") == std::vector<std::string>{"received@2025-12-19", "acknowledged@2025-12-22"});  \
    auto history = store->event_history("IMP-1");                                                                   \
    REQUIRE(history.ok());                                                                                          \
    CHECK(history->size() == 2);                                                                                    \
    CHECK((*history)[0].source.row == 2);                                                                           \
  }                                                                                                                 \
                                                                                                                    \
  TEMPLATE_TEST_CASE("store contract: a unit of work not committed, or failing at its commit, leaves nothing",      \
                     "[contract]", Factory) {                                                                       \
    using namespace timescales;                                                                                     \
    using namespace timescales::contract;                                                                          \
    TestType where;                                                                                                 \
    auto store = where.open();                                                                                      \
    {                                                                                                               \
      auto unit = store->begin();                                                                                   \
      REQUIRE(unit.ok());                                                                                           \
      CHECK(store->in_unit_of_work());                                                                              \
      open_case(*store, "TX-1");                                                                                    \
      REQUIRE(store->append_event("TX-1", {"received", day("2025-12-19"), "", 0}, kTyped).ok());                   \
      /* an error part-way: the unit ends without commit */                                                        \
    }                                                                                                               \
    CHECK_FALSE(store->in_unit_of_work());                                                                          \
    CHECK_FALSE(store->find_case("TX-1")->has_value());                                                             \
    {                                                                                                               \
      /* An event whose case never comes: the import unit refuses it at the commit, and keeps nothing. */          \
      auto unit = store->begin(CaseStore::Work::import);                                                            \
      REQUIRE(unit.ok());                                                                                           \
      auto writer = store->batch_writer();                                                                          \
      REQUIRE(writer.ok());                                                                                         \
      std::vector<CaseRow> cases = {{"TX-2", "complaints-statutory"}};                                              \
      REQUIRE((*writer)->insert_cases(cases.data(), cases.size(), "2026-01-06T00:00:00Z").ok());                    \
      std::vector<EventRow> orphan = {{"TX-ORPHAN", "received", "2025-12-19", "", 1, 2}};                           \
      (void)(*writer)->insert_events(orphan.data(), orphan.size(), "export.csv", "2026-01-06T00:00:00Z");           \
      CHECK_FALSE((*unit)->commit().ok());                                                                          \
    }                                                                                                               \
    CHECK_FALSE(store->find_case("TX-2")->has_value());                                                             \
    auto all = store->list_cases();                                                                                 \
    REQUIRE(all.ok());                                                                                              \
    CHECK(all->empty());                                                                                            \
  }                                                                                                                 \
                                                                                                                    \
  TEMPLATE_TEST_CASE("store contract: concurrent writers lose and double nothing", "[contract]", Factory) {         \
    using namespace timescales;                                                                                     \
    using namespace timescales::contract;                                                                          \
    TestType where;                                                                                                 \
    {                                                                                                               \
      auto store = where.open();                                                                                    \
      open_case(*store, "CON-A");                                                                                   \
      open_case(*store, "CON-B");                                                                                   \
    }                                                                                                               \
    constexpr int kWriters = 4, kEach = 25;                                                                         \
    std::atomic<int> failures{0};                                                                                   \
    /* Each writer has a connection of its own, as separate processes have (opened here: the test */            \
    /* framework's assertions are for this thread only). */                                                        \
    std::vector<std::unique_ptr<CaseStore>> handles;                                                                \
    for (int w = 0; w < kWriters; ++w) handles.push_back(where.open());                                            \
    std::vector<std::thread> writers;                                                                               \
    for (int w = 0; w < kWriters; ++w)                                                                              \
      writers.emplace_back([&, w] {                                                                                 \
        CaseStore* mine = handles[static_cast<size_t>(w)].get();                                                    \
        for (int i = 0; i < kEach; ++i) {                                                                           \
          auto unit = mine->begin();                                                                                \
          if (!unit) { ++failures; continue; }                                                                      \
          const std::string id = (i % 2) ? "CON-A" : "CON-B";                                                       \
          /* Each writer writes its own occurrences of one event, so every append is a new event. */               \
          auto added = mine->append_event(id, {"acknowledged", day("2025-12-22"), "", 0}, kTyped,                   \
                                          1 + w * kEach + i);                                                       \
          if (!added || !added->added || !(*unit)->commit()) ++failures;                                            \
        }                                                                                                           \
      });                                                                                                           \
    for (auto& t : writers) t.join();                                                                               \
    CHECK(failures == 0);                                                                                           \
    auto store = where.open();                                                                                      \
    CHECK(in_force(*store, "CON-A").size() + in_force(*store, "CON-B").size() == size_t{kWriters * kEach});          \
  }                                                                                                                 \
                                                                                                                    \
  TEMPLATE_TEST_CASE("store contract: a scan sees one consistent store while others write", "[contract]",          \
                     Factory) {                                                                                     \
    using namespace timescales;                                                                                     \
    using namespace timescales::contract;                                                                          \
    TestType where;                                                                                                 \
    auto store = where.open();                                                                                      \
    for (const char* id : {"SCN-1", "SCN-2", "SCN-3"}) {                                                            \
      open_case(*store, id);                                                                                        \
      REQUIRE(store->append_event(id, {"received", day("2025-12-19"), "", 0}, kTyped)->added);                     \
    }                                                                                                               \
    for (int snapshot = 0; snapshot < 2; ++snapshot) {                                                              \
      auto unit = store->begin(CaseStore::Work::read);                                                              \
      REQUIRE(unit.ok());                                                                                           \
      auto scan = snapshot ? store->snapshot_scan() : store->scan();                                                \
      REQUIRE(scan.ok());                                                                                           \
      CHECK((*scan)->case_count() == 3 + snapshot);                                                                 \
      std::vector<StoredCase> chunk;                                                                                \
      REQUIRE((*scan)->next(chunk, 1).ok());                                                                        \
      REQUIRE(chunk.size() == 1);                                                                                   \
      CHECK(chunk[0].case_data.id == "SCN-1");                                                                      \
      {                                                                                                             \
        /* Another writer, mid-scan: an event of a case not yet read, and a new case. */                          \
        auto other = where.open();                                                                                  \
        const Date when = day(snapshot ? "2025-12-23" : "2025-12-22");                                              \
        REQUIRE(other->append_event("SCN-3", {"acknowledged", when, "", 0}, kTyped)->added);                        \
        open_case(*other, "SCN-2a" + std::to_string(snapshot));                                                     \
      }                                                                                                             \
      std::vector<std::string> seen;                                                                                \
      size_t events_of_3 = 0;                                                                                       \
      for (;;) {                                                                                                    \
        REQUIRE((*scan)->next(chunk, 1).ok());                                                                      \
        if (chunk.empty()) break;                                                                                   \
        seen.push_back(chunk[0].case_data.id);                                                                      \
        if (chunk[0].case_data.id == "SCN-3") events_of_3 = chunk[0].case_data.events.size();                       \
      }                                                                                                             \
      CHECK(seen == (snapshot ? std::vector<std::string>{"SCN-2", "SCN-2a0", "SCN-3"}                               \
                              : std::vector<std::string>{"SCN-2", "SCN-3"}));                                       \
      CHECK(events_of_3 == size_t(1 + snapshot));                                                                   \
      scan->reset();                                                                                                \
      REQUIRE((*unit)->commit().ok());                                                                              \
    }                                                                                                               \
  }                                                                                                                 \
                                                                                                                    \
  TEMPLATE_TEST_CASE("store contract: a run is recorded as it goes and read back", "[contract]", Factory) {         \
    using namespace timescales;                                                                                     \
    using namespace timescales::contract;                                                                          \
    TestType where;                                                                                                 \
    auto store = where.open();                                                                                      \
    open_case(*store, "RUN-1");                                                                                     \
    open_case(*store, "RUN-2");                                                                                     \
    RunRecord header;                                                                                               \
    header.kind = "nightly";                                                                                        \
    header.as_of = day("2026-01-14");                                                                               \
    header.started_at = "2026-01-14T02:00:00Z";                                                                     \
    {                                                                                                               \
      auto unit = store->begin(CaseStore::Work::run_record);                                                        \
      REQUIRE(unit.ok());                                                                                           \
      auto run = store->start_run(header);                                                                          \
      REQUIRE(run.ok());                                                                                            \
      REQUIRE((*run)->add_case(RunCase{"RUN-1", "", "stage1", {{"stage1_response", "running", day("2026-01-19")}}}) \
                  .ok());                                                                                           \
      REQUIRE((*run)->add_case(RunCase{"RUN-2", "", "stage1", {{"stage1_response", "overdue", day("2026-01-12")}}}) \
                  .ok());                                                                                           \
      REQUIRE((*run)->add_flag({"RUN-2", "stage1-overdue", "overdue", "Stage 1 response overdue"}).ok());           \
      REQUIRE((*run)->finish().ok());                                                                               \
      REQUIRE((*unit)->commit().ok());                                                                              \
    }                                                                                                               \
    auto last = store->latest_run("nightly");                                                                       \
    REQUIRE(last.ok());                                                                                             \
    REQUIRE(last->has_value());                                                                                     \
    CHECK((**last).as_of == day("2026-01-14"));                                                                     \
    CHECK((**last).cases_evaluated == 2);                                                                           \
    CHECK((**last).flags_raised == 1);                                                                              \
    auto timers = store->run_timers((**last).id);                                                                   \
    REQUIRE(timers.ok());                                                                                           \
    REQUIRE(timers->size() == 2);                                                                                   \
    CHECK((*timers)[1].case_id == "RUN-2");                                                                         \
    CHECK((*timers)[1].status == "overdue");                                                                        \
    CHECK((*timers)[1].due == day("2026-01-12"));                                                                   \
    auto flags = store->run_flags((**last).id);                                                                     \
    REQUIRE(flags.ok());                                                                                            \
    REQUIRE(flags->size() == 1);                                                                                    \
    CHECK((*flags)[0].rule == "stage1-overdue");                                                                    \
  }                                                                                                                 \
                                                                                                                    \
  TEMPLATE_TEST_CASE("store contract: rejected rows are kept against their cases, the latest day of each",          \
                     "[contract]", Factory) {                                                                       \
    using namespace timescales;                                                                                     \
    using namespace timescales::contract;                                                                           \
    TestType where;                                                                                                 \
    auto store = where.open();                                                                                      \
    open_case(*store, "CMP-1");                                                                                     \
    /* Nothing recorded: no case has rejected rows. */                                                              \
    auto none = store->rejected_rows();                                                                             \
    REQUIRE(none.ok());                                                                                             \
    CHECK(none->empty());                                                                                           \
    /* CMP-1: one row on 1 Dec, two (an acknowledgement, one unreadable) on 2 Dec. CMP-9 is not a                   \
       stored case: its only row was the one rejected. A rolled-back unit keeps none of its rows. */                \
    REQUIRE(store->record_rejected_rows({{"CMP-1", "received", "a.csv", 2, "bad date", "2026-12-01T02:30:00Z"}}).ok());\
    {                                                                                                               \
      auto unit = store->begin(CaseStore::Work::import);                                                            \
      REQUIRE(unit.ok());                                                                                           \
      REQUIRE(store->record_rejected_rows({{"CMP-1", "acknowledged", "b.csv", 3, "bad date", "2026-12-02T02:30:00Z"},\
                                           {"CMP-1", "", "b.csv", 4, "unknown code", "2026-12-02T02:30:01Z"},       \
                                           {"CMP-9", "received", "b.csv", 5, "bad date", "2026-12-02T02:30:01Z"}})  \
                  .ok());                                                                                           \
      REQUIRE((*unit)->commit().ok());                                                                              \
    }                                                                                                               \
    {                                                                                                               \
      auto unit = store->begin(CaseStore::Work::import);                                                            \
      REQUIRE(unit.ok());                                                                                           \
      REQUIRE(store->record_rejected_rows({{"CMP-1", "closed", "c.csv", 2, "x", "2026-12-03T02:30:00Z"}}).ok());    \
    }                                                                                                               \
    auto all = store->rejected_rows();                                                                              \
    REQUIRE(all.ok());                                                                                              \
    REQUIRE(all->size() == 2);                                                                                      \
    CHECK((*all)[0].case_id == "CMP-1");                                                                            \
    CHECK((*all)[0].rows == 2); /* the latest day, 2 Dec, only */                                                   \
    CHECK((*all)[0].day == day("2026-12-02"));                                                                      \
    CHECK((*all)[0].events == std::vector<std::string>{"acknowledged"});                                            \
    CHECK((*all)[0].note() == "2 rows rejected for this case on 2026-12-02");                                       \
    CHECK((*all)[1].case_id == "CMP-9");                                                                            \
    CHECK((*all)[1].note() == "1 row rejected for this case on 2026-12-02");                                        \
    /* Asked for by case: only those named, and a case without any is left out. */                                  \
    auto some = store->rejected_rows({"CMP-9", "CMP-2"});                                                           \
    REQUIRE(some.ok());                                                                                             \
    REQUIRE(some->size() == 1);                                                                                     \
    CHECK((*some)[0].case_id == "CMP-9");                                                                           \
    CHECK((*some)[0].events == std::vector<std::string>{"received"});                                               \
  }                                                                                                                 \
                                                                                                                    \
  TEMPLATE_TEST_CASE("store contract: a snapshot lookup gives a case's events in force, oldest first",              \
                     "[contract]", Factory) {                                                                       \
    using namespace timescales;                                                                                     \
    using namespace timescales::contract;                                                                           \
    TestType where;                                                                                                 \
    auto store = where.open();                                                                                      \
    open_case(*store, "CMP-1");                                                                                     \
    auto received = store->append_event("CMP-1", {"received", day("2025-12-19"), "", 0}, kTyped);                   \
    REQUIRE(received.ok());                                                                                         \
    auto wrong = store->append_event("CMP-1", {"acknowledged", day("2025-12-20"), "", 0}, kTyped);                  \
    REQUIRE(wrong.ok());                                                                                            \
    REQUIRE(store->supersede_event(wrong->id, {"acknowledged", day("2025-12-22"), "", 0}, kTyped, "typo").ok());    \
    REQUIRE(store->append_event("CMP-1", {"stage1_extended", day("2026-01-05"), "complex", 0}, kTyped, 2).ok());    \
    auto lookup = store->snapshot_lookup();                                                                         \
    REQUIRE(lookup.ok());                                                                                           \
    auto events = (*lookup)->events_in_force("CMP-1");                                                              \
    REQUIRE(events.ok());                                                                                           \
    std::vector<std::string> got;                                                                                   \
    for (const auto& e : *events)                                                                                   \
      got.push_back(e.event.type + "@" + to_iso(e.event.date) + "/" + e.event.reason + "#" + std::to_string(e.occurrence));\
    /* The superseded acknowledgement is not in force; its correction, recorded later, is. */                       \
    CHECK(got == std::vector<std::string>{"received@2025-12-19/#1", "acknowledged@2025-12-22/#1",                   \
                                          "stage1_extended@2026-01-05/complex#2"});                                 \
    CHECK(events->front().id == received->id);                                                                      \
    auto none = (*lookup)->events_in_force("NO-SUCH");                                                              \
    REQUIRE(none.ok());                                                                                             \
    CHECK(none->empty());                                                                                           \
  }                                                                                                                  \
                                                                                                                     \
  TEMPLATE_TEST_CASE("store contract: a run recorded a unit at a time is read only once finished", "[contract]",     \
                     Factory) {                                                                                      \
    using namespace timescales;                                                                                      \
    using namespace timescales::contract;                                                                            \
    TestType where;                                                                                                  \
    auto store = where.open();                                                                                       \
    open_case(*store, "RUN-1");                                                                                      \
    open_case(*store, "RUN-2");                                                                                      \
    /* Yesterday's run, recorded whole. */                                                                           \
    RunRecord yesterday;                                                                                             \
    yesterday.kind = "nightly";                                                                                      \
    yesterday.as_of = day("2026-01-13");                                                                             \
    yesterday.cases = {RunCase{"RUN-1", "", "stage1", {{"stage1_response", "running", day("2026-01-19")}}}};         \
    auto first = store->record_run(yesterday);                                                                       \
    REQUIRE(first.ok());                                                                                             \
    RunRecord header;                                                                                                \
    header.kind = "nightly";                                                                                         \
    header.as_of = day("2026-01-14");                                                                                \
    auto run = store->start_run(header); /* outside a unit: its row is committed, unfinished */                      \
    REQUIRE(run.ok());                                                                                               \
    CHECK_FALSE(store->in_unit_of_work());                                                                           \
    auto reader = where.open(); /* another connection, as the server's */                                            \
    {                                                                                                                \
      auto unit = store->begin(CaseStore::Work::run_record);                                                         \
      REQUIRE(unit.ok());                                                                                            \
      REQUIRE((*run)->add_case(RunCase{"RUN-1", "", "stage1", {{"stage1_response", "running", day("2026-01-19")}}})  \
                  .ok());                                                                                            \
      REQUIRE((*run)->add_case(RunCase{"RUN-2", "", "stage1", {{"stage1_response", "overdue", day("2026-01-12")}}})  \
                  .ok());                                                                                            \
      REQUIRE((*run)->add_flag({"RUN-2", "stage1-overdue", "overdue", "Stage 1 response overdue"}).ok());            \
      REQUIRE((*unit)->commit().ok());                                                                               \
    }                                                                                                                \
    /* Between the run's units the store is free: another connection writes, and reads yesterday's run. */           \
    REQUIRE(reader->append_event("RUN-2", {"received", day("2025-12-19"), "", 0}, kTyped)->added);                   \
    auto meanwhile = reader->latest_run("nightly");                                                                  \
    REQUIRE(meanwhile.ok());                                                                                         \
    REQUIRE(meanwhile->has_value());                                                                                 \
    CHECK((**meanwhile).id == *first);                                                                               \
    CHECK((**meanwhile).as_of == day("2026-01-13"));                                                                 \
    auto any = reader->latest_run();                                                                                 \
    REQUIRE(any.ok());                                                                                               \
    CHECK((**any).id == *first);                                                                                     \
    auto finished = (*run)->finish(); /* in a unit of its own */                                                     \
    REQUIRE(finished.ok());                                                                                          \
    CHECK(*finished > *first);                                                                                       \
    CHECK_FALSE(store->in_unit_of_work());                                                                           \
    auto last = reader->latest_run("nightly");                                                                       \
    REQUIRE(last.ok());                                                                                              \
    REQUIRE(last->has_value());                                                                                      \
    CHECK((**last).id == *finished);                                                                                 \
    CHECK((**last).cases_evaluated == 2);                                                                            \
    CHECK((**last).flags_raised == 1);                                                                               \
    CHECK_FALSE((**last).finished_at.empty());                                                                       \
    auto timers = reader->run_timers(*finished);                                                                     \
    REQUIRE(timers.ok());                                                                                            \
    CHECK(timers->size() == 2);                                                                                      \
    auto flags = reader->run_flags(*finished);                                                                       \
    REQUIRE(flags.ok());                                                                                             \
    CHECK(flags->size() == 1);                                                                                       \
    /* Yesterday's run is kept, for the next recalculation to compare with. */                                       \
    auto kept = reader->run_timers(*first);                                                                          \
    REQUIRE(kept.ok());                                                                                              \
    CHECK(kept->size() == 1);                                                                                        \
  }                                                                                                                  \
                                                                                                                     \
  TEMPLATE_TEST_CASE("store contract: a run dropped before finishing is never read", "[contract]", Factory) {        \
    using namespace timescales;                                                                                      \
    using namespace timescales::contract;                                                                            \
    TestType where;                                                                                                  \
    auto store = where.open();                                                                                       \
    open_case(*store, "RUN-1");                                                                                      \
    RunRecord yesterday;                                                                                             \
    yesterday.kind = "nightly";                                                                                      \
    yesterday.as_of = day("2026-01-13");                                                                             \
    yesterday.cases = {RunCase{"RUN-1", "", "stage1", {{"stage1_response", "running", day("2026-01-19")}}}};         \
    auto first = store->record_run(yesterday);                                                                       \
    REQUIRE(first.ok());                                                                                             \
    RunRecord header;                                                                                                \
    header.kind = "nightly";                                                                                         \
    header.as_of = day("2026-01-14");                                                                                \
    int64_t dead_flags_run = 0;                                                                                      \
    {                                                                                                                \
      auto run = store->start_run(header);                                                                           \
      REQUIRE(run.ok());                                                                                             \
      auto unit = store->begin(CaseStore::Work::run_record);                                                         \
      REQUIRE(unit.ok());                                                                                            \
      REQUIRE((*run)->add_case(RunCase{"RUN-1", "", "stage1", {{"stage1_response", "overdue", day("2026-01-12")}}})  \
                  .ok());                                                                                            \
      REQUIRE((*run)->add_flag({"RUN-1", "stage1-overdue", "overdue", "Stage 1 response overdue"}).ok());            \
      REQUIRE((*unit)->commit().ok());                                                                               \
      /* The run dies here: its recording ends without finish(). */                                                  \
    }                                                                                                                \
    auto last = store->latest_run();                                                                                 \
    REQUIRE(last.ok());                                                                                              \
    REQUIRE(last->has_value());                                                                                      \
    CHECK((**last).id == *first);                                                                                    \
    CHECK((**last).as_of == day("2026-01-13"));                                                                      \
    /* Its flags are nobody's: no run id there is finished to read them by. */                                       \
    for (int64_t id = *first + 1; id <= *first + 3; ++id) {                                                          \
      auto flags = store->run_flags(id);                                                                             \
      REQUIRE(flags.ok());                                                                                           \
      dead_flags_run += static_cast<int64_t>(flags->size());                                                         \
    }                                                                                                                \
    CHECK(dead_flags_run == 0);                                                                                      \
    /* The next run records itself and is read; the one that died is passed over still. */                           \
    auto next = store->start_run(header);                                                                            \
    REQUIRE(next.ok());                                                                                              \
    {                                                                                                                \
      auto unit = store->begin(CaseStore::Work::run_record);                                                         \
      REQUIRE(unit.ok());                                                                                            \
      REQUIRE((*next)->add_case(RunCase{"RUN-1", "", "stage1", {{"stage1_response", "running", day("2026-01-19")}}}) \
                  .ok());                                                                                            \
      REQUIRE((*unit)->commit().ok());                                                                               \
    }                                                                                                                \
    auto id = (*next)->finish();                                                                                     \
    REQUIRE(id.ok());                                                                                                \
    last = store->latest_run();                                                                                      \
    REQUIRE(last.ok());                                                                                              \
    CHECK((**last).id == *id);                                                                                       \
    CHECK((**last).cases_evaluated == 1);                                                                            \
    auto timers = store->run_timers(*id);                                                                            \
    REQUIRE(timers.ok());                                                                                            \
    REQUIRE(timers->size() == 1);                                                                                    \
    CHECK((*timers)[0].status == "running");                                                                         \
  }                                                                                                                  \
                                                                                                                     \
  TEMPLATE_TEST_CASE("store contract: one run is recorded at a time", "[contract]", Factory) {                       \
    using namespace timescales;                                                                                      \
    using namespace timescales::contract;                                                                            \
    TestType where;                                                                                                  \
    auto store = where.open();                                                                                       \
    auto other = where.open();                                                                                       \
    RunRecord header;                                                                                                \
    header.kind = "nightly";                                                                                         \
    header.as_of = day("2026-01-14");                                                                                \
    auto run = store->start_run(header);                                                                             \
    REQUIRE(run.ok());                                                                                               \
    auto second = other->start_run(header);                                                                          \
    REQUIRE_FALSE(second.ok());                                                                                      \
    CHECK(second.error().kind == ErrorKind::conflict);                                                               \
    REQUIRE((*run)->finish().ok());                                                                                  \
    /* Once the first has finished (or died), another may start. */                                                  \
    auto third = other->start_run(header);                                                                           \
    REQUIRE(third.ok());                                                                                             \
    REQUIRE((*third)->finish().ok());                                                                                \
    auto last = store->latest_run();                                                                                 \
    REQUIRE(last.ok());                                                                                              \
    REQUIRE(last->has_value());                                                                                      \
    CHECK((**last).cases_evaluated == 0);                                                                            \
  }                                                                                                                 \
                                                                                                                    \
  TEMPLATE_TEST_CASE("store contract: an event keeps who recorded it, its correction who corrected it",             \
                     "[contract]", Factory) {                                                                       \
    using namespace timescales;                                                                                     \
    using namespace timescales::contract;                                                                           \
    TestType where;                                                                                                 \
    auto store = where.open();                                                                                      \
    open_case(*store, "CMP-1");                                                                                     \
    const EventSource by_ann{"web", std::nullopt, "user:ann"};                                                      \
    const EventSource by_api{"api", std::nullopt, "token:case-system"};                                             \
    auto received = store->append_event("CMP-1", {"received", day("2025-12-19"), "", 0}, by_ann);                   \
    REQUIRE(received.ok());                                                                                         \
    auto imported = store->append_event("CMP-1", {"acknowledged", day("2025-12-20"), "", 0},                        \
                                        EventSource{"complaints-export.csv", 7});                                   \
    REQUIRE(imported.ok());                                                                                         \
    REQUIRE(store->supersede_event(imported->id, {"acknowledged", day("2025-12-22"), "", 0}, by_api, "typo").ok()); \
    auto history = store->event_history("CMP-1");                                                                   \
    REQUIRE(history.ok());                                                                                          \
    REQUIRE(history->size() == 3);                                                                                  \
    CHECK((*history)[0].source.recorded_by == "user:ann");                                                          \
    CHECK((*history)[0].source.file == "web");                                                                      \
    CHECK((*history)[1].source.recorded_by.empty());                                                                \
    CHECK((*history)[1].source.file == "complaints-export.csv");                                                    \
    CHECK((*history)[2].source.recorded_by == "token:case-system");                                                 \
  }                                                                                                                 \
                                                                                                                    \
  TEMPLATE_TEST_CASE("store contract: an event's time of day is kept, through every writer and every reader",      \
                     "[contract]", Factory) {                                                                       \
    using namespace timescales;                                                                                     \
    using namespace timescales::contract;                                                                           \
    TestType where;                                                                                                 \
    auto store = where.open();                                                                                      \
    open_case(*store, "MIS-1", "missing-episode");                                                                  \
    CaseEvent returned{"returned", day("2026-03-02"), "", 0, TimeOfDay{21 * 60 + 40}};                              \
    REQUIRE(store->append_event("MIS-1", returned, kTyped)->added);                                                 \
    /* Restated with another time, it is the same event: the first time stays. */                                 \
    returned.time = TimeOfDay{9 * 60};                                                                              \
    CHECK_FALSE(store->append_event("MIS-1", returned, kTyped)->added);                                             \
    REQUIRE(store->append_event("MIS-1", {"return_interview_held", day("2026-03-05"), "", 0}, kTyped)->added);      \
    {                                                                                                               \
      auto unit = store->begin(CaseStore::Work::import);                                                            \
      REQUIRE(unit.ok());                                                                                           \
      auto writer = store->batch_writer();                                                                          \
      REQUIRE(writer.ok());                                                                                         \
      std::vector<EventRow> events = {{"MIS-2", "returned", "2026-03-03", "", 1, 2, "02:10"},                       \
                                      {"MIS-2", "reported_missing", "2026-03-02", "", 1, 3}};                      \
      REQUIRE((*writer)->insert_events(events.data(), events.size(), "export.csv", "2026-03-04T00:00:00Z").ok());   \
      std::vector<CaseRow> cases = {{"MIS-2", "missing-episode"}};                                                  \
      REQUIRE((*writer)->insert_cases(cases.data(), cases.size(), "2026-03-04T00:00:00Z").ok());                    \
      REQUIRE((*unit)->commit().ok());                                                                              \
    }                                                                                                               \
    auto times = [](const std::vector<CaseEvent>& events) {                                                         \
      std::vector<std::string> out;                                                                                 \
      for (const auto& e : events) out.push_back(e.type + (e.time ? "@" + to_hh_mm(*e.time) : ""));                 \
      return out;                                                                                                   \
    };                                                                                                              \
    auto one = store->load_case("MIS-1");                                                                           \
    REQUIRE(one.ok());                                                                                              \
    REQUIRE(one->has_value());                                                                                      \
    CHECK(times((**one).events) == std::vector<std::string>{"returned@21:40", "return_interview_held"});            \
    auto history = store->event_history("MIS-2");                                                                   \
    REQUIRE(history.ok());                                                                                          \
    REQUIRE(history->size() == 2);                                                                                  \
    CHECK((*history)[0].event.time == std::optional<TimeOfDay>(TimeOfDay{2 * 60 + 10}));                            \
    CHECK_FALSE((*history)[1].event.time);                                                                          \
    /* The nightly run's read of every case. */                                                                     \
    auto unit = store->begin(CaseStore::Work::read);                                                                \
    REQUIRE(unit.ok());                                                                                             \
    auto scan = store->scan();                                                                                      \
    REQUIRE(scan.ok());                                                                                             \
    std::vector<StoredCase> chunk;                                                                                  \
    REQUIRE((*scan)->next(chunk, 10).ok());                                                                         \
    REQUIRE(chunk.size() == 2);                                                                                     \
    CHECK(times(chunk[0].case_data.events) == std::vector<std::string>{"returned@21:40", "return_interview_held"});  \
    CHECK(times(chunk[1].case_data.events) == std::vector<std::string>{"returned@02:10", "reported_missing"});      \
    scan->reset();                                                                                                  \
    REQUIRE((*unit)->commit().ok());                                                                                \
  }                                                                                                                 \
                                                                                                                    \
  TEMPLATE_TEST_CASE("store contract: a search by several workflows finds the cases of any of them",                \
                     "[contract]", Factory) {                                                                       \
    using namespace timescales;                                                                                     \
    using namespace timescales::contract;                                                                           \
    TestType where;                                                                                                 \
    auto store = where.open();                                                                                      \
    open_case(*store, "CMP-1", "complaints-statutory");                                                             \
    open_case(*store, "COR-1", "complaints-corporate");                                                             \
    open_case(*store, "EHC-1", "ehcp-needs-assessment");                                                            \
    CaseFilter complaints;                                                                                          \
    complaints.workflows = {"complaints-statutory", "complaints-corporate"};                                        \
    auto found = store->find_cases(complaints);                                                                     \
    REQUIRE(found.ok());                                                                                            \
    std::vector<std::string> ids;                                                                                   \
    for (const auto& c : *found) ids.push_back(c.id);                                                               \
    CHECK(ids == std::vector<std::string>{"CMP-1", "COR-1"});                                                       \
    /* With one workflow named as well, both must hold. */                                                          \
    complaints.workflow = "complaints-corporate";                                                                   \
    found = store->find_cases(complaints);                                                                          \
    REQUIRE(found.ok());                                                                                            \
    REQUIRE(found->size() == 1);                                                                                    \
    CHECK((*found)[0].id == "COR-1");                                                                               \
    complaints.workflow = "ehcp-needs-assessment";                                                                  \
    found = store->find_cases(complaints);                                                                          \
    REQUIRE(found.ok());                                                                                            \
    CHECK(found->empty());                                                                                          \
  }

