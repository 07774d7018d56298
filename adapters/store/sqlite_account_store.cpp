#include "adapters/store/sqlite_account_store.hpp"

#include "adapters/store/sqlite_statement.hpp"
#include "adapters/store/sqlite_transaction.hpp"

namespace timescales {
namespace {

constexpr int kBusyTimeoutMs = 10000;

Role role_from(const std::string& text) { return parse_role(text).value_or(Role::manager); }

UserAccount user_from(sqlite::Statement& s) {
  return UserAccount{s.column_text(0), role_from(s.column_text(1)), s.column_text(2), s.column_int(3) != 0,
                     s.column_text(4), s.column_int(5)};
}

ApiToken token_from(sqlite::Statement& s) {
  return ApiToken{s.column_int(0), s.column_text(1), role_from(s.column_text(2)), s.column_text(3),
                  s.column_text(4), s.column_int(5) != 0, s.column_int(6)};
}

// Every row of a query, each made by `make`.
template <class T, class Make>
Result<std::vector<T>> all_rows(sqlite::Statement& s, Make make) {
  std::vector<T> out;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(make(s));
  }
}

// The first row, if any.
template <class T, class Make>
Result<std::optional<T>> first_row(sqlite::Statement& s, Make make) {
  auto row = s.step();
  if (!row) return row.error();
  if (!*row) return std::optional<T>{};
  std::optional<T> out = make(s);
  s.reset();
  return out;
}

constexpr const char* kUserColumns = "name, role, team, disabled, password_hash, created_at";
constexpr const char* kTokenColumns = "id, name, role, team, digest, revoked, created_at";

}  // namespace

Result<std::unique_ptr<SqliteAccountStore>> SqliteAccountStore::open(const std::filesystem::path& path) {
  auto db = sqlite::Connection::open(path, sqlite::Connection::Mode::read_write);
  if (!db) return db.error();
  db->set_busy_timeout(kBusyTimeoutMs);
  if (auto on = db->exec("PRAGMA foreign_keys = ON"); !on) return on.error();
  if (auto sync = db->exec("PRAGMA synchronous = FULL"); !sync) return sync.error();
  auto version = db->query_int("SELECT coalesce(max(version), 0) FROM schema_version");
  if (!version) return version.error();
  if (*version < 6)
    return Error{path.string() + " has schema version " + std::to_string(*version) +
                 ", which keeps no accounts: open it with a newer timescales first (any command upgrades it)"};
  return std::unique_ptr<SqliteAccountStore>(new SqliteAccountStore(std::move(*db)));
}

template <class Bind>
Status SqliteAccountStore::change(const char* sql, Bind bind, const std::string& not_found) {
  auto stmt = db_.prepare(sql);
  if (!stmt) return stmt.error();
  bind(*stmt);
  if (auto ran = stmt->run(); !ran) return ran.error();
  if (!not_found.empty() && db_.changes() == 0) return Error{ErrorKind::not_found, not_found};
  return Ok{};
}

// --- Users ------------------------------------------------------------------------------------

Status SqliteAccountStore::add_user(const UserAccount& u) {
  return change(
      "INSERT INTO users (name, role, team, disabled, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      [&](sqlite::Statement& s) {
        s.bind(1, u.name).bind(2, std::string(role_name(u.role))).bind(3, u.team)
            .bind(4, int64_t{u.disabled ? 1 : 0}).bind(5, u.password_hash).bind(6, u.created_at);
      });
}

Result<std::optional<UserAccount>> SqliteAccountStore::find_user(const std::string& name) {
  auto stmt = db_.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, name);
  return first_row<UserAccount>(*stmt, user_from);
}

Result<std::vector<UserAccount>> SqliteAccountStore::list_users() {
  auto stmt = db_.prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name");
  if (!stmt) return stmt.error();
  return all_rows<UserAccount>(*stmt, user_from);
}

Status SqliteAccountStore::set_password_hash(const std::string& name, const std::string& hash) {
  return change("UPDATE users SET password_hash = ?2 WHERE name = ?1",
                [&](sqlite::Statement& s) { s.bind(1, name).bind(2, hash); }, "there is no user " + name);
}

Status SqliteAccountStore::set_disabled(const std::string& name, bool disabled) {
  return change("UPDATE users SET disabled = ?2 WHERE name = ?1",
                [&](sqlite::Statement& s) { s.bind(1, name).bind(2, int64_t{disabled ? 1 : 0}); },
                "there is no user " + name);
}

// --- Failed sign-ins --------------------------------------------------------------------------

Status SqliteAccountStore::record_failed_sign_in(const std::string& name, UnixSeconds at) {
  return change("INSERT INTO failed_sign_ins (name, at) VALUES (?1, ?2)",
                [&](sqlite::Statement& s) { s.bind(1, name).bind(2, at); });
}

Result<int> SqliteAccountStore::failed_sign_ins_since(const std::string& name, UnixSeconds since) {
  auto stmt = db_.prepare("SELECT count(*) FROM failed_sign_ins WHERE name = ?1 AND at >= ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, name).bind(2, since);
  auto row = stmt->step();
  if (!row) return row.error();
  return static_cast<int>(stmt->column_int(0));
}

Status SqliteAccountStore::clear_failed_sign_ins(const std::string& name) {
  return change("DELETE FROM failed_sign_ins WHERE name = ?1", [&](sqlite::Statement& s) { s.bind(1, name); });
}

// --- Sessions ---------------------------------------------------------------------------------

Status SqliteAccountStore::add_session(const SessionRecord& r) {
  return change(
      "INSERT INTO sessions (digest, user, csrf_token, created_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?5)",
      [&](sqlite::Statement& s) {
        s.bind(1, r.digest).bind(2, r.user).bind(3, r.csrf_token).bind(4, r.created_at).bind(5, r.last_seen);
      });
}

Result<std::optional<SessionRecord>> SqliteAccountStore::find_session(const std::string& digest) {
  auto stmt = db_.prepare("SELECT digest, user, csrf_token, created_at, last_seen FROM sessions WHERE digest = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, digest);
  return first_row<SessionRecord>(*stmt, [](sqlite::Statement& s) {
    return SessionRecord{s.column_text(0), s.column_text(1), s.column_text(2), s.column_int(3), s.column_int(4)};
  });
}

Status SqliteAccountStore::touch_session(const std::string& digest, UnixSeconds at) {
  return change("UPDATE sessions SET last_seen = ?2 WHERE digest = ?1",
                [&](sqlite::Statement& s) { s.bind(1, digest).bind(2, at); });
}

Status SqliteAccountStore::remove_session(const std::string& digest) {
  return change("DELETE FROM sessions WHERE digest = ?1", [&](sqlite::Statement& s) { s.bind(1, digest); });
}

Status SqliteAccountStore::remove_sessions_of(const std::string& user) {
  return change("DELETE FROM sessions WHERE user = ?1", [&](sqlite::Statement& s) { s.bind(1, user); });
}

Status SqliteAccountStore::remove_sessions_idle_since(UnixSeconds idle_before) {
  return change("DELETE FROM sessions WHERE last_seen < ?1", [&](sqlite::Statement& s) { s.bind(1, idle_before); });
}

// --- API tokens -------------------------------------------------------------------------------

Result<int64_t> SqliteAccountStore::add_token(const ApiToken& t) {
  auto done = change(
      "INSERT INTO api_tokens (name, role, team, digest, revoked, created_at) VALUES (?1, ?2, ?3, ?4, 0, ?5)",
      [&](sqlite::Statement& s) {
        s.bind(1, t.name).bind(2, std::string(role_name(t.role))).bind(3, t.team).bind(4, t.digest).bind(5, t.created_at);
      });
  if (!done) return done.error();
  return db_.last_insert_rowid();
}

Result<std::optional<ApiToken>> SqliteAccountStore::find_token(const std::string& digest) {
  auto stmt = db_.prepare(std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE digest = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, digest);
  return first_row<ApiToken>(*stmt, token_from);
}

Result<std::vector<ApiToken>> SqliteAccountStore::list_tokens() {
  auto stmt = db_.prepare(std::string("SELECT ") + kTokenColumns + " FROM api_tokens ORDER BY name, id");
  if (!stmt) return stmt.error();
  return all_rows<ApiToken>(*stmt, token_from);
}

Status SqliteAccountStore::revoke_token(const std::string& name) {
  return change("UPDATE api_tokens SET revoked = 1 WHERE name = ?1 AND revoked = 0",
                [&](sqlite::Statement& s) { s.bind(1, name); }, "no token in force is named " + name);
}

// --- Calendar feeds ---------------------------------------------------------------------------

Status SqliteAccountStore::set_calendar_token(const std::string& user, const std::string& digest) {
  if (digest.empty())
    return change("DELETE FROM calendar_feeds WHERE user = ?1", [&](sqlite::Statement& s) { s.bind(1, user); });
  return change(
      "INSERT INTO calendar_feeds (user, digest) VALUES (?1, ?2) ON CONFLICT(user) DO UPDATE SET digest = ?2",
      [&](sqlite::Statement& s) { s.bind(1, user).bind(2, digest); });
}

Result<std::optional<std::string>> SqliteAccountStore::calendar_user(const std::string& digest) {
  auto stmt = db_.prepare("SELECT user FROM calendar_feeds WHERE digest = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, digest);
  return first_row<std::string>(*stmt, [](sqlite::Statement& s) { return s.column_text(0); });
}

// --- The audit log ----------------------------------------------------------------------------

namespace {
constexpr const char* kInsertAudit =
    "INSERT INTO audit_log (at, actor, action, case_id, detail, via) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
void bind_audit(sqlite::Statement& s, const AuditEntry& e) {
  s.bind(1, e.at).bind(2, e.actor).bind(3, e.action).bind(4, e.case_id).bind(5, e.detail).bind(6, e.via);
}
}  // namespace

Status SqliteAccountStore::record_audit(const AuditEntry& e) {
  return change(kInsertAudit, [&](sqlite::Statement& s) { bind_audit(s, e); });
}

Status SqliteAccountStore::record_audits(const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return Ok{};
  auto tx = sqlite::Transaction::begin(db_);
  if (!tx) return tx.error();
  auto stmt = db_.prepare(kInsertAudit);
  if (!stmt) return stmt.error();
  for (const auto& e : entries) {
    bind_audit(*stmt, e);
    if (auto ran = stmt->run(); !ran) return ran.error();
  }
  return tx->commit();
}

Result<std::vector<AuditEntry>> SqliteAccountStore::audit_entries(const std::string& case_id, const std::string& actor) {
  auto stmt = db_.prepare(
      "SELECT id, at, actor, action, case_id, detail, via FROM audit_log "
      "WHERE (?1 = '' OR case_id = ?1) AND (?2 = '' OR actor = ?2) ORDER BY id");
  if (!stmt) return stmt.error();
  stmt->bind(1, case_id).bind(2, actor);
  return all_rows<AuditEntry>(*stmt, [](sqlite::Statement& s) {
    return AuditEntry{s.column_int(0),  s.column_int(1), s.column_text(2), s.column_text(3),
                      s.column_text(4), s.column_text(5), s.column_text(6)};
  });
}

}  // namespace timescales
