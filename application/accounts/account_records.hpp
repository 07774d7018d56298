// What the account store holds: users, API tokens, sessions, calendar feeds and the audit log.
// Secrets are never stored as given: a password as its argon2id hash, a session id, API token
// or calendar token as its SHA-256 digest (secrets.hpp), so a copy of the database signs nobody in.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "application/access/principal.hpp"

namespace timescales {

// Times are UTC, seconds since the epoch: sessions and lockouts are compared, never shown.
using UnixSeconds = int64_t;

struct UserAccount {
  std::string name;  // the sign-in name, "ann.smith"
  Role role = Role::manager;
  std::string team;  // required for a team_manager, empty otherwise
  bool disabled = false;
  std::string password_hash;  // argon2id, crypto_pwhash_str's encoded form
  UnixSeconds created_at = 0;
};

struct ApiToken {
  int64_t id = 0;
  std::string name;  // the integration's, "case-system"; unique among tokens in force
  Role role = Role::manager;
  std::string team;
  std::string digest;  // of the secret
  bool revoked = false;
  UnixSeconds created_at = 0;
};

struct SessionRecord {
  std::string digest;  // of the cookie's value
  std::string user;
  std::string csrf_token;  // every form of the session carries it
  UnixSeconds created_at = 0;
  UnixSeconds last_seen = 0;
};

// One line of the audit log: who did what to which case, and when. `action` is "read" for a
// case read (page, API, `case show`), else the write: "open_case", "record_event",
// "correct_event", "void_event", "set_attributes"; `detail` says what changed, as JSON
// ({"event":12,"type":"stage1_responded","date":"2026-11-30"}); never a child's details beyond
// what the change itself was. `via` is "web", "api" or "cli".
struct AuditEntry {
  int64_t id = 0;
  UnixSeconds at = 0;
  std::string actor;  // Principal::actor()
  std::string action;
  std::string case_id;
  std::string detail;
  std::string via;
};

}  // namespace timescales
