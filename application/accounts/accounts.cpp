#include "application/accounts/accounts.hpp"

namespace timescales {
namespace {

// A made password: 256 random bits, base64url, so 43 characters an officer copies once and
// changes (`user reset-password NAME --password …`, or an admin's reset).
std::string made_password(const Secrets& secrets) { return secrets.random_secret(); }

Status check_role_and_team(Role role, const std::string& team) {
  if (role == Role::team_manager && team.empty())
    return Error{"a team_manager reads only their own team's cases: give the team"}.about("team");
  if (role != Role::team_manager && !team.empty())
    return Error{"only a team_manager has a team: a " + std::string(role_name(role)) +
                 " reads by role, whatever the team"}
        .about("team");
  return Ok{};
}

Status check_name(const std::string& name, const char* what) {
  if (name.empty()) return Error{std::string(what) + " must not be empty"}.about("name");
  if (name.size() > 100) return Error{std::string(what) + " is longer than 100 characters"}.about("name");
  for (unsigned char c : name)
    if (c < 0x21 || c == 0x7f) return Error{std::string(what) + " must not hold spaces or control characters"}.about("name");
  return Ok{};
}

}  // namespace

Principal principal_of(const UserAccount& user) {
  return Principal{Principal::Kind::user, user.name, user.role, user.team};
}

Accounts::Accounts(AccountStore& store, const Secrets& secrets, AccountSettings settings)
    : store_(store), secrets_(secrets), settings_(settings) {}

Result<std::string> Accounts::add_user(const std::string& name, Role role, const std::string& team,
                                       const std::string& password, UnixSeconds now) {
  if (auto ok = check_name(name, "a user's name"); !ok) return ok.error();
  if (auto ok = check_role_and_team(role, team); !ok) return ok.error();
  const std::string chosen = password.empty() ? made_password(secrets_) : password;
  if (chosen.size() < settings_.minimum_password_length)
    return Error{"a password needs at least " + std::to_string(settings_.minimum_password_length) + " characters"}.about(
        "password");
  UserAccount user{name, role, team, false, secrets_.hash_password(chosen), now};
  if (user.password_hash.empty()) return Error{ErrorKind::io, "the password could not be hashed (out of memory?)"};
  if (auto added = store_.add_user(user); !added) {
    Error e = added.error();
    if (e.kind == ErrorKind::conflict) return Error{ErrorKind::conflict, "there is already a user " + name}.about("name");
    return e;
  }
  return chosen;
}

Result<std::vector<UserAccount>> Accounts::list_users() { return store_.list_users(); }

Status Accounts::disable_user(const std::string& name) {
  if (auto done = store_.set_disabled(name, true); !done) return done.error().about("name");
  return store_.remove_sessions_of(name);
}

Result<std::string> Accounts::reset_password(const std::string& name, const std::string& password) {
  auto user = store_.find_user(name);
  if (!user) return user.error();
  if (!*user) return Error{ErrorKind::not_found, "there is no user " + name}.about("name");
  const std::string chosen = password.empty() ? made_password(secrets_) : password;
  if (chosen.size() < settings_.minimum_password_length)
    return Error{"a password needs at least " + std::to_string(settings_.minimum_password_length) + " characters"}.about(
        "password");
  const std::string hash = secrets_.hash_password(chosen);
  if (hash.empty()) return Error{ErrorKind::io, "the password could not be hashed (out of memory?)"};
  if (auto done = store_.set_password_hash(name, hash); !done) return done.error();
  if (auto done = store_.set_disabled(name, false); !done) return done.error();
  if (auto done = store_.clear_failed_sign_ins(name); !done) return done.error();
  if (auto done = store_.remove_sessions_of(name); !done) return done.error();
  return chosen;
}

Result<std::optional<NewSession>> Accounts::sign_in(const std::string& name, const std::string& password,
                                                    UnixSeconds now) {
  // Counted first, so that the lockout holds however many attempts arrive at once.
  auto failures = store_.failed_sign_ins_since(name, now - settings_.lockout_window_seconds);
  if (!failures) return failures.error();
  auto user = store_.find_user(name);
  if (!user) return user.error();
  const bool locked = *failures >= settings_.lockout_failures;
  // A password is checked even for a name that does not exist or is locked, so the time taken
  // does not tell them apart.
  static const std::string kNobody = secrets_.hash_password("nobody signs in with this password");
  const bool matches = secrets_.verify_password(*user ? (*user)->password_hash : kNobody, password);
  if (!*user || (*user)->disabled || locked || !matches) {
    if (auto counted = store_.record_failed_sign_in(name, now); !counted) return counted.error();
    return std::optional<NewSession>{};
  }
  if (auto cleared = store_.clear_failed_sign_ins(name); !cleared) return cleared.error();
  // Old sessions of everybody go as they expire; this is a cheap moment to sweep them.
  if (auto swept = store_.remove_sessions_idle_since(now - settings_.idle_timeout_seconds); !swept)
    return swept.error();
  NewSession made{secrets_.random_secret(), secrets_.random_secret(), principal_of(**user)};
  SessionRecord record{secrets_.digest(made.cookie), name, made.csrf_token, now, now};
  if (auto added = store_.add_session(record); !added) return added.error();
  return std::optional<NewSession>{std::move(made)};
}

Result<std::optional<ActiveSession>> Accounts::session(const std::string& cookie, UnixSeconds now) {
  if (cookie.empty()) return std::optional<ActiveSession>{};
  const std::string digest = secrets_.digest(cookie);
  auto found = store_.find_session(digest);
  if (!found) return found.error();
  if (!*found) return std::optional<ActiveSession>{};
  const SessionRecord& s = **found;
  if (now - s.last_seen > settings_.idle_timeout_seconds || now - s.created_at > settings_.session_lifetime_seconds) {
    if (auto gone = store_.remove_session(digest); !gone) return gone.error();
    return std::optional<ActiveSession>{};
  }
  auto user = store_.find_user(s.user);
  if (!user) return user.error();
  if (!*user || (*user)->disabled) return std::optional<ActiveSession>{};
  // Touched at most once a minute: a page's every request need not write to the store.
  if (now - s.last_seen >= 60)
    if (auto touched = store_.touch_session(digest, now); !touched) return touched.error();
  return std::optional<ActiveSession>{ActiveSession{digest, s.csrf_token, principal_of(**user)}};
}

Status Accounts::sign_out(const std::string& cookie) {
  if (cookie.empty()) return Ok{};
  return store_.remove_session(secrets_.digest(cookie));
}

Result<std::string> Accounts::add_token(const std::string& name, Role role, const std::string& team, UnixSeconds now) {
  if (auto ok = check_name(name, "a token's name"); !ok) return ok.error();
  if (auto ok = check_role_and_team(role, team); !ok) return ok.error();
  const std::string secret = secrets_.random_secret();
  ApiToken token{0, name, role, team, secrets_.digest(secret), false, now};
  if (auto added = store_.add_token(token); !added) {
    Error e = added.error();
    if (e.kind == ErrorKind::conflict)
      return Error{ErrorKind::conflict, "a token named " + name + " is in force: revoke it first"}.about("name");
    return e;
  }
  return secret;
}

Result<std::vector<ApiToken>> Accounts::list_tokens() { return store_.list_tokens(); }

Status Accounts::revoke_token(const std::string& name) {
  if (auto done = store_.revoke_token(name); !done) return done.error().about("name");
  return Ok{};
}

Result<std::optional<Principal>> Accounts::bearer(const std::string& secret) {
  if (secret.empty()) return std::optional<Principal>{};
  auto token = store_.find_token(secrets_.digest(secret));
  if (!token) return token.error();
  if (!*token || (*token)->revoked) return std::optional<Principal>{};
  const ApiToken& t = **token;
  return std::optional<Principal>{Principal{Principal::Kind::token, t.name, t.role, t.team}};
}

Result<std::string> Accounts::renew_calendar_token(const std::string& user) {
  const std::string secret = secrets_.random_secret();
  if (auto done = store_.set_calendar_token(user, secrets_.digest(secret)); !done) return done.error();
  return secret;
}

Status Accounts::revoke_calendar_token(const std::string& user) { return store_.set_calendar_token(user, ""); }

Result<std::optional<Principal>> Accounts::calendar_owner(const std::string& secret) {
  if (secret.empty()) return std::optional<Principal>{};
  auto name = store_.calendar_user(secrets_.digest(secret));
  if (!name) return name.error();
  if (!*name) return std::optional<Principal>{};
  auto user = store_.find_user(**name);
  if (!user) return user.error();
  if (!*user || (*user)->disabled) return std::optional<Principal>{};
  return std::optional<Principal>{principal_of(**user)};
}

Status Accounts::audit(const Principal& who, const std::string& action, const std::string& case_id,
                       const std::string& detail, const std::string& via, UnixSeconds now) {
  return store_.record_audit(AuditEntry{0, now, who.actor(), action, case_id, detail, via});
}

Result<std::vector<AuditEntry>> Accounts::audit_of_case(const std::string& case_id) {
  return store_.audit_entries(case_id);
}

}  // namespace timescales
