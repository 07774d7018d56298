// The account store (application/accounts/account_store.hpp) in the cases' SQLite file (schema
// version 6 on), through a connection of its own: a thread of the web server holds one of these
// beside its case store.
//
// Thread-safety: one per thread, as every SQLite connection here.
#pragma once

#include <filesystem>
#include <memory>

#include "adapters/store/sqlite_connection.hpp"
#include "application/accounts/account_store.hpp"

namespace timescales {

class SqliteAccountStore final : public AccountStore {
 public:
  // The store must exist and have been opened (so migrated) by SqliteCaseStore::open first:
  // open_account_store (open_case_store.hpp) does both.
  static Result<std::unique_ptr<SqliteAccountStore>> open(const std::filesystem::path& path);

  Status add_user(const UserAccount& user) override;
  Result<std::optional<UserAccount>> find_user(const std::string& name) override;
  Result<std::vector<UserAccount>> list_users() override;
  Status set_password_hash(const std::string& name, const std::string& hash) override;
  Status set_disabled(const std::string& name, bool disabled) override;

  Status record_failed_sign_in(const std::string& name, UnixSeconds at) override;
  Result<int> failed_sign_ins_since(const std::string& name, UnixSeconds since) override;
  Status clear_failed_sign_ins(const std::string& name) override;

  Status add_session(const SessionRecord& session) override;
  Result<std::optional<SessionRecord>> find_session(const std::string& digest) override;
  Status touch_session(const std::string& digest, UnixSeconds at) override;
  Status remove_session(const std::string& digest) override;
  Status remove_sessions_of(const std::string& user) override;
  Status remove_sessions_idle_since(UnixSeconds idle_before) override;

  Result<int64_t> add_token(const ApiToken& token) override;
  Result<std::optional<ApiToken>> find_token(const std::string& digest) override;
  Result<std::vector<ApiToken>> list_tokens() override;
  Status revoke_token(const std::string& name) override;

  Status set_calendar_token(const std::string& user, const std::string& digest) override;
  Result<std::optional<std::string>> calendar_user(const std::string& digest) override;

  Status record_audit(const AuditEntry& entry) override;
  Status record_audits(const std::vector<AuditEntry>& entries) override;
  Result<std::vector<AuditEntry>> audit_entries(const std::string& case_id, const std::string& actor) override;

 private:
  explicit SqliteAccountStore(sqlite::Connection db) : db_(std::move(db)) {}
  // Runs one statement with its parameters bound by `bind`; not_found, with that message, when
  // one is given and the statement changed no row.
  template <class Bind>
  Status change(const char* sql, Bind bind, const std::string& not_found = "");
  sqlite::Connection db_;
};

}  // namespace timescales
