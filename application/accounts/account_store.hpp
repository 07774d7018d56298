// Where users, API tokens, sessions, calendar feeds and the audit log are kept: in the same
// database as the cases (SQLite today, adapters/store/sqlite_account_store.hpp), so that one
// file or one PostgreSQL database is the whole system of record, and its backup is everything.
//
// Failures are Errors with a kind: not_found for a user or token that is not there, conflict
// for a name already taken, busy and io as for the case store.
//
// Thread-safety: one AccountStore per thread, as the case store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "application/accounts/account_records.hpp"
#include "engine/core/result.hpp"

namespace timescales {

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // --- Users ------------------------------------------------------------------------------
  virtual Status add_user(const UserAccount& user) = 0;  // conflict when the name is taken
  virtual Result<std::optional<UserAccount>> find_user(const std::string& name) = 0;
  virtual Result<std::vector<UserAccount>> list_users() = 0;  // by name
  virtual Status set_password_hash(const std::string& name, const std::string& hash) = 0;
  virtual Status set_disabled(const std::string& name, bool disabled) = 0;

  // --- Failed sign-ins (the lockout) --------------------------------------------------------
  virtual Status record_failed_sign_in(const std::string& name, UnixSeconds at) = 0;
  virtual Result<int> failed_sign_ins_since(const std::string& name, UnixSeconds since) = 0;
  virtual Status clear_failed_sign_ins(const std::string& name) = 0;

  // --- Sessions ---------------------------------------------------------------------------
  virtual Status add_session(const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> find_session(const std::string& digest) = 0;
  virtual Status touch_session(const std::string& digest, UnixSeconds at) = 0;
  virtual Status remove_session(const std::string& digest) = 0;
  virtual Status remove_sessions_of(const std::string& user) = 0;
  // Sessions idle since before `idle_before`: gone.
  virtual Status remove_sessions_idle_since(UnixSeconds idle_before) = 0;

  // --- API tokens ---------------------------------------------------------------------------
  virtual Result<int64_t> add_token(const ApiToken& token) = 0;  // conflict: a token in force has the name
  virtual Result<std::optional<ApiToken>> find_token(const std::string& digest) = 0;  // revoked ones too
  virtual Result<std::vector<ApiToken>> list_tokens() = 0;
  virtual Status revoke_token(const std::string& name) = 0;  // not_found: no token in force has it

  // --- Calendar feeds (a user's personal iCalendar URL) -------------------------------------
  // Replaces the user's feed token (one per user); "" revokes it.
  virtual Status set_calendar_token(const std::string& user, const std::string& digest) = 0;
  virtual Result<std::optional<std::string>> calendar_user(const std::string& digest) = 0;

  // --- The audit log ------------------------------------------------------------------------
  virtual Status record_audit(const AuditEntry& entry) = 0;
  // Every line or none, in one transaction (AuditTrail's batches).
  virtual Status record_audits(const std::vector<AuditEntry>& entries) = 0;
  // Oldest first. An empty case id or actor matches every entry.
  virtual Result<std::vector<AuditEntry>> audit_entries(const std::string& case_id, const std::string& actor = "") = 0;
};

}  // namespace timescales
