// The server's audit trail: lines from many threads committed in batches, a write's line
// committed before its request is answered, and nothing lost or reordered while the store refuses
// them (a full disk): kept, retried, and every request refused meanwhile.
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "adapters/store/open_case_store.hpp"
#include "application/accounts/audit_trail.hpp"
#include "tests/store/store_test_support.hpp"

using namespace timescales;
using timescales::test::TempDir;

namespace {

AuditEntry line(const std::string& actor, int n) {
  return AuditEntry{0, 1'764'666'000, actor, "read", "CMP-" + std::to_string(n), "{}", "api"};
}

// An audit log that refuses while told to, or holds each batch until let go; it counts batches.
// Every other part of the store is unused by the trail and says so.
class ScriptedAuditLog final : public AccountStore {
 public:
  struct State {
    std::mutex mutex;
    std::condition_variable changed;
    bool refusing = false;
    bool holding = false;
    int entered = 0;  // calls of record_audits begun
    int batches = 0;
    std::vector<AuditEntry> written;
  };
  explicit ScriptedAuditLog(std::shared_ptr<State> state) : state_(std::move(state)) {}

  Status record_audits(const std::vector<AuditEntry>& entries) override {
    std::unique_lock lock(state_->mutex);
    ++state_->entered;
    state_->changed.notify_all();
    state_->changed.wait(lock, [&] { return !state_->holding; });
    if (state_->refusing) return Error{ErrorKind::io, "disk full"};
    ++state_->batches;
    state_->written.insert(state_->written.end(), entries.begin(), entries.end());
    state_->changed.notify_all();
    return Ok{};
  }
  Status record_audit(const AuditEntry& entry) override { return record_audits({entry}); }

  Status add_user(const UserAccount&) override { return unused(); }
  Result<std::optional<UserAccount>> find_user(const std::string&) override { return unused(); }
  Result<std::vector<UserAccount>> list_users() override { return unused(); }
  Status set_password_hash(const std::string&, const std::string&) override { return unused(); }
  Status set_disabled(const std::string&, bool) override { return unused(); }
  Status record_failed_sign_in(const std::string&, UnixSeconds) override { return unused(); }
  Result<int> failed_sign_ins_since(const std::string&, UnixSeconds) override { return unused(); }
  Status clear_failed_sign_ins(const std::string&) override { return unused(); }
  Status add_session(const SessionRecord&) override { return unused(); }
  Result<std::optional<SessionRecord>> find_session(const std::string&) override { return unused(); }
  Status touch_session(const std::string&, UnixSeconds) override { return unused(); }
  Status remove_session(const std::string&) override { return unused(); }
  Status remove_sessions_of(const std::string&) override { return unused(); }
  Status remove_sessions_idle_since(UnixSeconds) override { return unused(); }
  Result<int64_t> add_token(const ApiToken&) override { return unused(); }
  Result<std::optional<ApiToken>> find_token(const std::string&) override { return unused(); }
  Result<std::vector<ApiToken>> list_tokens() override { return unused(); }
  Status revoke_token(const std::string&) override { return unused(); }
  Status set_calendar_token(const std::string&, const std::string&) override { return unused(); }
  Result<std::optional<std::string>> calendar_user(const std::string&) override { return unused(); }
  Result<std::vector<AuditEntry>> audit_entries(const std::string&, const std::string&) override { return unused(); }

 private:
  static Error unused() { return Error{"not used by the audit trail"}; }
  std::shared_ptr<State> state_;
};

AuditTrail::Limits quick() {
  AuditTrail::Limits limits;
  limits.retry_after = std::chrono::milliseconds(10);
  limits.wait_for_room = std::chrono::milliseconds(50);
  return limits;
}

}  // namespace

TEST_CASE("a write's audit line is in the store when record returns, and the reads queued before it too") {
  TempDir dir;
  const std::string db = (dir / "cases.db").string();
  REQUIRE(open_case_store(db, StoreOpening::create_if_missing));
  auto trail_store = open_account_store(db);
  REQUIRE(trail_store);
  AuditTrail trail(std::move(*trail_store));
  REQUIRE(trail.record(line("user:ann", 1), AuditTrail::Wait::queued));
  REQUIRE(trail.record(line("user:ann", 2), AuditTrail::Wait::queued));
  REQUIRE(trail.record(line("user:ann", 3), AuditTrail::Wait::until_written));

  auto reader = open_account_store(db);
  REQUIRE(reader);
  auto entries = (*reader)->audit_entries("");
  REQUIRE(entries);
  REQUIRE(entries->size() == 3);
  CHECK((*entries)[0].case_id == "CMP-1");
  CHECK((*entries)[2].case_id == "CMP-3");
  CHECK((*entries)[2].actor == "user:ann");
  CHECK(trail.close());
}

TEST_CASE("lines from many threads are each written once, in each thread's order, in fewer commits than lines") {
  auto state = std::make_shared<ScriptedAuditLog::State>();
  AuditTrail trail(std::make_unique<ScriptedAuditLog>(state), quick());
  constexpr int kThreads = 8, kLines = 250;
  std::vector<std::thread> threads;
  std::atomic<int> refused{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int n = 0; n < kLines; ++n)
        if (!trail.record(line("user:" + std::to_string(t), n), AuditTrail::Wait::queued)) ++refused;
    });
  for (auto& t : threads) t.join();
  REQUIRE(trail.flush());
  CHECK(refused == 0);
  std::lock_guard lock(state->mutex);
  REQUIRE(state->written.size() == size_t{kThreads * kLines});
  std::vector<int> next(kThreads, 0);
  for (const auto& e : state->written) {
    const int t = std::stoi(e.actor.substr(5));
    CHECK(e.case_id == "CMP-" + std::to_string(next[t]));
    ++next[t];
  }
  // One commit per line would be 2000 batches; while a batch is being written the others queue.
  CHECK(state->batches < kThreads * kLines);
}

TEST_CASE("while the store refuses the audit log, requests are refused and the lines are kept, then written in order") {
  auto state = std::make_shared<ScriptedAuditLog::State>();
  AuditTrail trail(std::make_unique<ScriptedAuditLog>(state), quick());
  {
    std::lock_guard lock(state->mutex);
    state->refusing = true;
  }
  auto written = trail.record(line("user:ann", 1), AuditTrail::Wait::until_written);
  REQUIRE_FALSE(written);
  CHECK_THAT(written.error().message, Catch::Contains("disk full"));
  // Refused now, before anything is queued: a read would be served unaudited.
  auto refused = trail.record(line("user:bob", 2), AuditTrail::Wait::queued);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, Catch::Contains("the audit log cannot be written"));

  {
    std::lock_guard lock(state->mutex);
    state->refusing = false;
  }
  {
    // Line 1, kept, is written on a retry. (Waited for here rather than by flush(), which would
    // answer with the failure of a retry already under way when the store recovered.)
    std::unique_lock lock(state->mutex);
    state->changed.wait(lock, [&] { return !state->written.empty(); });
  }
  REQUIRE(trail.flush());
  REQUIRE(trail.record(line("user:bob", 3), AuditTrail::Wait::until_written));
  std::lock_guard lock(state->mutex);
  REQUIRE(state->written.size() == 2);
  CHECK(state->written[0].case_id == "CMP-1");
  CHECK(state->written[1].case_id == "CMP-3");
}

TEST_CASE("closing writes what is queued, and says how many lines were lost when the store still refuses") {
  SECTION("the store takes them") {
    auto state = std::make_shared<ScriptedAuditLog::State>();
    AuditTrail trail(std::make_unique<ScriptedAuditLog>(state), quick());
    for (int n = 0; n < 5; ++n) REQUIRE(trail.record(line("user:ann", n), AuditTrail::Wait::queued));
    CHECK(trail.close());
    std::lock_guard lock(state->mutex);
    CHECK(state->written.size() == 5);
  }
  SECTION("the store refuses them to the end") {
    auto state = std::make_shared<ScriptedAuditLog::State>();
    AuditTrail trail(std::make_unique<ScriptedAuditLog>(state), quick());
    {
      std::lock_guard lock(state->mutex);
      state->refusing = true;
      state->holding = true;  // so that line 2 is queued before line 1's refusal is known
    }
    REQUIRE(trail.record(line("user:ann", 1), AuditTrail::Wait::queued));
    {
      std::unique_lock lock(state->mutex);
      state->changed.wait(lock, [&] { return state->entered == 1; });
    }
    REQUIRE(trail.record(line("user:ann", 2), AuditTrail::Wait::queued));
    {
      std::lock_guard lock(state->mutex);
      state->holding = false;
      state->changed.notify_all();
    }
    auto closed = trail.close();
    REQUIRE_FALSE(closed);
    CHECK_THAT(closed.error().message, Catch::Contains("2 audit line(s) could not be written"));
    auto after = trail.record(line("user:ann", 3), AuditTrail::Wait::queued);
    CHECK_FALSE(after);
  }
}

TEST_CASE("a full queue makes a request wait for room, then refuses it as busy") {
  auto state = std::make_shared<ScriptedAuditLog::State>();
  AuditTrail::Limits limits = quick();
  limits.max_queued = 2;
  AuditTrail trail(std::make_unique<ScriptedAuditLog>(state), limits);
  {
    std::lock_guard lock(state->mutex);
    state->holding = true;  // the first batch is stuck in the store
  }
  REQUIRE(trail.record(line("user:ann", 1), AuditTrail::Wait::queued));
  {
    // The writer has taken line 1 off the queue and is stuck writing it.
    std::unique_lock lock(state->mutex);
    state->changed.wait(lock, [&] { return state->entered == 1; });
  }
  REQUIRE(trail.record(line("user:ann", 2), AuditTrail::Wait::queued));
  REQUIRE(trail.record(line("user:ann", 3), AuditTrail::Wait::queued));
  auto full = trail.record(line("user:ann", 4), AuditTrail::Wait::queued);
  REQUIRE_FALSE(full);
  CHECK(full.error().kind == ErrorKind::busy);
  {
    std::lock_guard lock(state->mutex);
    state->holding = false;
    state->changed.notify_all();
  }
  REQUIRE(trail.flush());
  std::lock_guard lock(state->mutex);
  REQUIRE(state->written.size() == 3);
  CHECK(state->written[2].case_id == "CMP-3");
}
