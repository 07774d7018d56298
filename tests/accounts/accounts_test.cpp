// The accounts' use cases over the real SQLite store and libsodium: users, signing in with the
// lockout, sessions with their idle timeout, API tokens and calendar feeds that can be revoked,
// and the audit log. Times are given (seconds since the epoch), so expiry is tested without
// waiting or measuring.
#include <catch2/catch.hpp>

#include "adapters/accounts/sodium_secrets.hpp"
#include "adapters/store/open_case_store.hpp"
#include "application/accounts/accounts.hpp"
#include "tests/store/store_test_support.hpp"

using namespace timescales;
using timescales::test::TempDir;

namespace {

struct Fixture {
  TempDir dir;
  std::string db = (dir / "accounts.db").string();
  std::unique_ptr<AccountStore> store;
  SodiumSecrets secrets;
  std::unique_ptr<Accounts> accounts;
  Fixture() {
    REQUIRE(open_case_store(db, StoreOpening::create_if_missing));
    auto opened = open_account_store(db);
    REQUIRE(opened);
    store = std::move(*opened);
    accounts = std::make_unique<Accounts>(*store, secrets);
  }
};

constexpr UnixSeconds kNine = 1'764'666'000;  // 2025-12-02 09:00:00 UTC, any fixed moment will do
constexpr const char* kPassword = "correct horse battery staple";

}  // namespace

TEST_CASE("a user added signs in with their password and with nothing else") {
  Fixture f;
  REQUIRE(f.accounts->add_user("ann.smith", Role::complaints_officer, "", kPassword, kNine));
  auto session = f.accounts->sign_in("ann.smith", kPassword, kNine + 10);
  REQUIRE(session);
  REQUIRE(*session);
  CHECK((*session)->principal.name == "ann.smith");
  CHECK((*session)->principal.role == Role::complaints_officer);
  CHECK((*session)->principal.actor() == "user:ann.smith");
  // 256 random bits, base64url without padding: 43 characters.
  CHECK((*session)->cookie.size() == 43);
  CHECK((*session)->csrf_token.size() == 43);
  CHECK((*session)->cookie != (*session)->csrf_token);

  auto wrong = f.accounts->sign_in("ann.smith", "Correct horse battery staple", kNine + 20);
  REQUIRE(wrong);
  CHECK_FALSE(*wrong);
  auto nobody = f.accounts->sign_in("bob", kPassword, kNine + 30);
  REQUIRE(nobody);
  CHECK_FALSE(*nobody);
}

TEST_CASE("a password is stored as its argon2id hash, never as typed") {
  Fixture f;
  REQUIRE(f.accounts->add_user("ann.smith", Role::manager, "", kPassword, kNine));
  auto user = f.store->find_user("ann.smith");
  REQUIRE(user);
  REQUIRE(*user);
  CHECK((*user)->password_hash.rfind("$argon2id$", 0) == 0);
  CHECK((*user)->password_hash.find(kPassword) == std::string::npos);
}

TEST_CASE("adding a user refuses, naming the field, a taken name, a team where none belongs and a short password") {
  Fixture f;
  REQUIRE(f.accounts->add_user("ann.smith", Role::manager, "", kPassword, kNine));
  auto taken = f.accounts->add_user("ann.smith", Role::send_team, "", kPassword, kNine);
  REQUIRE_FALSE(taken);
  CHECK(taken.error().field == "name");
  CHECK(taken.error().kind == ErrorKind::conflict);

  auto no_team = f.accounts->add_user("tm", Role::team_manager, "", kPassword, kNine);
  REQUIRE_FALSE(no_team);
  CHECK(no_team.error().field == "team");
  auto stray_team = f.accounts->add_user("co", Role::complaints_officer, "CIN Widnes", kPassword, kNine);
  REQUIRE_FALSE(stray_team);
  CHECK(stray_team.error().field == "team");

  auto short_password = f.accounts->add_user("co", Role::complaints_officer, "", "eleven-char", kNine);
  REQUIRE_FALSE(short_password);
  CHECK(short_password.error().field == "password");
  auto spaced = f.accounts->add_user("ann smith", Role::manager, "", kPassword, kNine);
  REQUIRE_FALSE(spaced);
  CHECK(spaced.error().field == "name");
}

TEST_CASE("a password made for a new user is returned once and works") {
  Fixture f;
  auto made = f.accounts->add_user("ann.smith", Role::send_team, "", "", kNine);
  REQUIRE(made);
  CHECK(made->size() == 43);
  auto session = f.accounts->sign_in("ann.smith", *made, kNine + 1);
  REQUIRE(session);
  CHECK(*session);
}

TEST_CASE("five failed sign-ins within 15 minutes lock the name, even against the right password") {
  Fixture f;
  REQUIRE(f.accounts->add_user("ann.smith", Role::manager, "", kPassword, kNine));
  for (int i = 0; i < 5; ++i) {
    auto failed = f.accounts->sign_in("ann.smith", "guess number " + std::to_string(i), kNine + 60 * i);
    REQUIRE(failed);
    CHECK_FALSE(*failed);
  }
  // The fifth failure was at 09:04; at 09:05 five fall within the last 15 minutes (08:50-09:05).
  auto locked = f.accounts->sign_in("ann.smith", kPassword, kNine + 5 * 60);
  REQUIRE(locked);
  CHECK_FALSE(*locked);

  SECTION("an admin's password reset unlocks it") {
    REQUIRE(f.accounts->reset_password("ann.smith", "a new long password"));
    auto again = f.accounts->sign_in("ann.smith", "a new long password", kNine + 6 * 60);
    REQUIRE(again);
    CHECK(*again);
  }
  SECTION("it unlocks by itself once the failures are older than 15 minutes") {
    // Failures at 09:00..09:05 (the refused right password counted too, at 09:05). At 09:20:01
    // the window is 09:05:01..09:20:01: none of them is in it.
    auto later = f.accounts->sign_in("ann.smith", kPassword, kNine + 20 * 60 + 1);
    REQUIRE(later);
    CHECK(*later);
  }
}

TEST_CASE("a session ends after 30 minutes unused, and is kept alive by use") {
  Fixture f;
  REQUIRE(f.accounts->add_user("ann.smith", Role::manager, "", kPassword, kNine));
  auto made = f.accounts->sign_in("ann.smith", kPassword, kNine);
  REQUIRE(made);
  REQUIRE(*made);
  const std::string cookie = (*made)->cookie;

  // Used at 09:29 (29 minutes idle: alive, and touched), then at 09:58 (29 minutes after that).
  auto at_0929 = f.accounts->session(cookie, kNine + 29 * 60);
  REQUIRE(at_0929);
  REQUIRE(*at_0929);
  CHECK((*at_0929)->csrf_token == (*made)->csrf_token);
  auto at_0958 = f.accounts->session(cookie, kNine + 58 * 60);
  REQUIRE(at_0958);
  CHECK(*at_0958);
  // Then nothing until 10:28:01: 30 minutes and a second idle. Gone, and gone for good.
  auto at_1028 = f.accounts->session(cookie, kNine + 88 * 60 + 1);
  REQUIRE(at_1028);
  CHECK_FALSE(*at_1028);
  auto after = f.accounts->session(cookie, kNine + 88 * 60 + 2);
  REQUIRE(after);
  CHECK_FALSE(*after);
}

TEST_CASE("signing out, disabling the user or resetting their password ends the session") {
  Fixture f;
  REQUIRE(f.accounts->add_user("ann.smith", Role::manager, "", kPassword, kNine));
  auto made = f.accounts->sign_in("ann.smith", kPassword, kNine);
  REQUIRE(made);
  REQUIRE(*made);
  SECTION("signing out") { REQUIRE(f.accounts->sign_out((*made)->cookie)); }
  SECTION("disabled") { REQUIRE(f.accounts->disable_user("ann.smith")); }
  SECTION("password reset") { REQUIRE(f.accounts->reset_password("ann.smith", "another long password")); }
  auto s = f.accounts->session((*made)->cookie, kNine + 1);
  REQUIRE(s);
  CHECK_FALSE(*s);
}

TEST_CASE("a disabled user cannot sign in") {
  Fixture f;
  REQUIRE(f.accounts->add_user("ann.smith", Role::manager, "", kPassword, kNine));
  REQUIRE(f.accounts->disable_user("ann.smith"));
  auto s = f.accounts->sign_in("ann.smith", kPassword, kNine + 1);
  REQUIRE(s);
  CHECK_FALSE(*s);
  auto missing = f.accounts->disable_user("nobody");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::not_found);
}

TEST_CASE("an API token works until it is revoked, and another of the same name can then be made") {
  Fixture f;
  auto secret = f.accounts->add_token("case-system", Role::team_manager, "CIN Widnes", kNine);
  REQUIRE(secret);
  auto p = f.accounts->bearer(*secret);
  REQUIRE(p);
  REQUIRE(*p);
  CHECK((*p)->actor() == "token:case-system");
  CHECK((*p)->role == Role::team_manager);
  CHECK((*p)->team == "CIN Widnes");

  auto twice = f.accounts->add_token("case-system", Role::manager, "", kNine);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().field == "name");

  REQUIRE(f.accounts->revoke_token("case-system"));
  auto revoked = f.accounts->bearer(*secret);
  REQUIRE(revoked);
  CHECK_FALSE(*revoked);
  CHECK_FALSE(f.accounts->revoke_token("case-system"));  // nothing in force has the name now

  auto again = f.accounts->add_token("case-system", Role::manager, "", kNine + 1);
  REQUIRE(again);
  auto tokens = f.accounts->list_tokens();
  REQUIRE(tokens);
  REQUIRE(tokens->size() == 2);
  // The store holds digests, never the secrets.
  for (const auto& t : *tokens) {
    CHECK(t.digest != *secret);
    CHECK(t.digest != *again);
  }
  auto wrong = f.accounts->bearer("not-a-token");
  REQUIRE(wrong);
  CHECK_FALSE(*wrong);
}

TEST_CASE("a calendar feed opens for its user until renewed or revoked") {
  Fixture f;
  REQUIRE(f.accounts->add_user("ann.smith", Role::complaints_officer, "", kPassword, kNine));
  auto first = f.accounts->renew_calendar_token("ann.smith");
  REQUIRE(first);
  auto owner = f.accounts->calendar_owner(*first);
  REQUIRE(owner);
  REQUIRE(*owner);
  CHECK((*owner)->name == "ann.smith");

  auto second = f.accounts->renew_calendar_token("ann.smith");
  REQUIRE(second);
  auto old = f.accounts->calendar_owner(*first);
  REQUIRE(old);
  CHECK_FALSE(*old);
  auto current = f.accounts->calendar_owner(*second);
  REQUIRE(current);
  CHECK(*current);

  REQUIRE(f.accounts->revoke_calendar_token("ann.smith"));
  auto revoked = f.accounts->calendar_owner(*second);
  REQUIRE(revoked);
  CHECK_FALSE(*revoked);
}

TEST_CASE("the audit log keeps who did what to which case, oldest first, and cannot be changed") {
  Fixture f;
  Principal ann{Principal::Kind::user, "ann.smith", Role::complaints_officer, ""};
  REQUIRE(f.accounts->audit(ann, "read", "CMP-1", "", "web", kNine));
  REQUIRE(f.accounts->audit(ann, "record_event", "CMP-1", R"({"event":3})", "web", kNine + 5));
  REQUIRE(f.accounts->audit(ann, "read", "CMP-2", "", "api", kNine + 6));
  auto of_case = f.accounts->audit_of_case("CMP-1");
  REQUIRE(of_case);
  REQUIRE(of_case->size() == 2);
  CHECK((*of_case)[0].action == "read");
  CHECK((*of_case)[0].actor == "user:ann.smith");
  CHECK((*of_case)[0].at == kNine);
  CHECK((*of_case)[1].action == "record_event");
  CHECK((*of_case)[1].detail == R"({"event":3})");
  CHECK((*of_case)[1].via == "web");

  auto db = sqlite::Connection::open(f.db, sqlite::Connection::Mode::read_write);
  REQUIRE(db);
  CHECK_FALSE(db->exec("UPDATE audit_log SET actor = 'someone else'"));
  CHECK_FALSE(db->exec("DELETE FROM audit_log"));
}
