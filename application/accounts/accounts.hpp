// The use cases of accounts, for every way in (the `user`, `token` and `audit` commands, the web
// server's sign-in and session handling, the API's bearer tokens): adding and disabling users,
// setting passwords, signing in with a lockout after repeated failures, sessions with an idle
// timeout, API tokens and calendar feeds that can be revoked, and the audit log.
//
// Refusals are Errors naming the field ("name", "role", "team", "password"); a failed sign-in
// says only that it failed (never whether the name exists, nor that the account is locked or
// disabled: that would tell an attacker which names to try).
//
// Thread-safety: one Accounts per thread, as its store; the Secrets may be shared.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "application/accounts/account_store.hpp"
#include "application/accounts/secrets.hpp"

namespace timescales {

struct AccountSettings {
  int64_t idle_timeout_seconds = 30 * 60;       // a session unused this long is gone
  int64_t session_lifetime_seconds = 12 * 3600; // and any session after a working day
  int lockout_failures = 5;                     // this many failed sign-ins…
  int64_t lockout_window_seconds = 15 * 60;     // …within this long lock the name for as long
  size_t minimum_password_length = 12;
};

// A session made by signing in: the cookie's value (given to the browser once, stored only as its
// digest) and the CSRF token every form of the session carries.
struct NewSession {
  std::string cookie;
  std::string csrf_token;
  Principal principal;
};

// A session found from its cookie.
struct ActiveSession {
  std::string digest;
  std::string csrf_token;
  Principal principal;
};

class Accounts {
 public:
  Accounts(AccountStore& store, const Secrets& secrets, AccountSettings settings = {});

  // --- Users (the `user` command; an admin's) ----------------------------------------------
  // Adds a user; `password` empty makes one (returned, to be shown once). Refuses a name taken
  // ("name"), a team_manager without a team or another role with one ("team"), a password too
  // short ("password").
  Result<std::string> add_user(const std::string& name, Role role, const std::string& team,
                               const std::string& password = "", UnixSeconds now = 0);
  Result<std::vector<UserAccount>> list_users();
  Status disable_user(const std::string& name);  // and ends their sessions
  // Sets a new password (made when empty, and returned), re-enables the account, clears the
  // lockout and ends the user's sessions.
  Result<std::string> reset_password(const std::string& name, const std::string& password = "");

  // --- Signing in and sessions ----------------------------------------------------------------
  // nullopt (and a failure counted) for a wrong name or password, a disabled or locked account.
  Result<std::optional<NewSession>> sign_in(const std::string& name, const std::string& password, UnixSeconds now);
  // The session the cookie names, if it is still alive (touched: its idle time starts again).
  Result<std::optional<ActiveSession>> session(const std::string& cookie, UnixSeconds now);
  Status sign_out(const std::string& cookie);

  // --- API tokens ---------------------------------------------------------------------------
  // Returns the secret, to be shown once.
  Result<std::string> add_token(const std::string& name, Role role, const std::string& team, UnixSeconds now);
  Result<std::vector<ApiToken>> list_tokens();
  Status revoke_token(const std::string& name);
  // The token's principal, if the bearer secret names a token in force.
  Result<std::optional<Principal>> bearer(const std::string& secret);

  // --- Calendar feeds -----------------------------------------------------------------------
  // A new secret for the user's feed (the old one stops working); returned, for the URL.
  Result<std::string> renew_calendar_token(const std::string& user);
  Status revoke_calendar_token(const std::string& user);
  // The user whose feed the secret opens (a disabled user's opens nothing).
  Result<std::optional<Principal>> calendar_owner(const std::string& secret);

  // --- The audit log ------------------------------------------------------------------------
  Status audit(const Principal& who, const std::string& action, const std::string& case_id,
               const std::string& detail, const std::string& via, UnixSeconds now);
  Result<std::vector<AuditEntry>> audit_of_case(const std::string& case_id);

 private:
  AccountStore& store_;
  const Secrets& secrets_;
  AccountSettings settings_;
};

// A user's principal.
Principal principal_of(const UserAccount& user);

}  // namespace timescales
