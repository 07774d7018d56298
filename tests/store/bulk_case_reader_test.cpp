// The chunked reader gives exactly the cases load_case gives, in list_cases order, whatever the
// chunk size: events in recorded order numbered 1, 2, 3…, corrections applied, closed flags kept.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "adapters/store/bulk_case_reader.hpp"
#include "adapters/store/sqlite_case_store.hpp"
#include "tests/store/store_test_support.hpp"

using namespace timescales;
using timescales::test::TempDir;

namespace {

Date day(int n) { return *parse_iso_date("2026-01-01") + Days{n}; }

// References chosen so byte order differs from a human's: "C-10" before "C-2", upper before
// lower case, and a prefix before its extensions.
const std::vector<std::string> kIds = {"C-2", "C-10", "C-1", "c-1", "C", "C-", "B/7", "D-100", "A", "C-3"};

void fill(CaseStore& store) {
  for (size_t i = 0; i < kIds.size(); ++i) {
    CaseRecord r;
    r.id = kIds[i];
    r.workflow = "complaints-statutory";
    r.attributes = {{"team", "Team " + std::to_string(i % 3)}};
    REQUIRE(store.upsert_case(r).ok());
  }
  // Events interleaved across cases, so ids (recorded order) and case order differ, and within a
  // case recorded order differs from the index's (type, date) order.
  const std::vector<std::string> types = {"stage1_responded", "acknowledged", "received"};
  for (int round = 0; round < 3; ++round)
    for (size_t i = 0; i < kIds.size(); ++i) {
      if (i % 4 == 3) continue;  // some cases have no events at all
      const CaseEvent e{types[static_cast<size_t>(round)], day(static_cast<int>(10 - round * 3 + i)), round == 1 ? "why" : "", 0};
      REQUIRE(store.append_event(kIds[i], e, {"test", std::nullopt}).ok());
    }
  // A correction: the original leaves, the replacement arrives last.
  auto history = store.event_history("C-10");
  REQUIRE(history.ok());
  REQUIRE(!history->empty());
  REQUIRE(store.supersede_event(history->front().id, {"received", day(1), "", 0}, {"test", std::nullopt}).ok());
  REQUIRE(store.set_closed("C-2", true).ok());
}

}  // namespace

TEST_CASE("the chunked reader gives what load_case gives, in list_cases order, for any chunk size") {
  TempDir dir;
  auto store = SqliteCaseStore::open(dir / "cases.db", SqliteCaseStore::OpenMode::create_if_missing);
  REQUIRE(store.ok());
  fill(*store);
  auto listed = store->list_cases();
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == kIds.size());

  for (size_t chunk_size : {size_t{1}, size_t{2}, size_t{3}, size_t{7}, kIds.size(), size_t{100}}) {
    CAPTURE(chunk_size);
    auto reader = BulkCaseReader::open(store->connection());
    REQUIRE(reader.ok());
    CHECK(reader->case_count() == static_cast<int64_t>(kIds.size()));
    std::vector<StoredCase> all, chunk;
    for (;;) {
      REQUIRE(reader->next(chunk, chunk_size).ok());
      if (chunk.empty()) break;
      CHECK(chunk.size() <= chunk_size);
      for (auto& c : chunk) all.push_back(std::move(c));
    }
    // Reading past the end stays empty.
    REQUIRE(reader->next(chunk, chunk_size).ok());
    CHECK(chunk.empty());

    REQUIRE(all.size() == listed->size());
    for (size_t i = 0; i < all.size(); ++i) {
      const Case& got = all[i].case_data;
      CAPTURE(got.id);
      CHECK(got.id == (*listed)[i].id);
      auto expected = store->load_case(got.id);
      REQUIRE(expected.ok());
      REQUIRE(expected->has_value());
      const Case& want = **expected;
      CHECK(got.workflow == want.workflow);
      CHECK(got.attributes == want.attributes);
      CHECK(all[i].closed == (got.id == "C-2"));
      REQUIRE(got.events.size() == want.events.size());
      for (size_t k = 0; k < want.events.size(); ++k) {
        CHECK(got.events[k].type == want.events[k].type);
        CHECK(got.events[k].date == want.events[k].date);
        CHECK(got.events[k].reason == want.events[k].reason);
        CHECK(got.events[k].sequence == static_cast<int>(k) + 1);
        CHECK(want.events[k].sequence == static_cast<int>(k) + 1);
      }
    }
  }
}

TEST_CASE("the corrected case reads with its replacement last and the original gone") {
  TempDir dir;
  auto store = SqliteCaseStore::open(dir / "cases.db", SqliteCaseStore::OpenMode::create_if_missing);
  REQUIRE(store.ok());
  fill(*store);
  auto reader = BulkCaseReader::open(store->connection());
  REQUIRE(reader.ok());
  std::vector<StoredCase> chunk;
  REQUIRE(reader->next(chunk, 100).ok());
  auto it = std::find_if(chunk.begin(), chunk.end(), [](const StoredCase& c) { return c.case_data.id == "C-10"; });
  REQUIRE(it != chunk.end());
  // C-10 (index 1) had stage1_responded (round 0) superseded by received on day 1; rounds 1 and 2
  // remain in recorded order.
  const auto& events = it->case_data.events;
  REQUIRE(events.size() == 3);
  CHECK(events[0].type == "acknowledged");
  CHECK(events[1].type == "received");
  CHECK(events[2].type == "received");
  CHECK(events[2].date == day(1));
}
