#include "adapters/store/sqlite_connection.hpp"

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "adapters/store/sqlite_statement.hpp"

namespace timescales::sqlite {

// A wait for a lock, as sqlite3_busy_handler calls it: `count` is 0 at the first try of each
// wait, so the wait's beginning is noted then and the timeout measured from it.
struct Connection::BusyWait {
  std::chrono::milliseconds timeout{0};
  std::chrono::steady_clock::time_point began;

  static int retry(void* self, int count) {
    auto& wait = *static_cast<BusyWait*>(self);
    const auto now = std::chrono::steady_clock::now();
    if (count == 0) wait.began = now;
    if (now - wait.began >= wait.timeout) return 0;  // give up: the statement fails SQLITE_BUSY
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 1;
  }
};

Connection::Connection(sqlite3* db, std::filesystem::path path)
    : db_(db), path_(std::move(path)), busy_(std::make_unique<BusyWait>()) {}

Result<Connection> Connection::open(const std::filesystem::path& path, Mode mode) {
  // Both only possible before SQLite initialises, so once per process.
  static const bool configured = [] {
    // SQLite's memory statistics take a global mutex on every allocation, which an import
    // makes millions of; nothing here reads them.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    // A multi-row INSERT into a table with a foreign key keeps a statement journal (a copy of
    // each page it changes, so that it can undo itself). The first time one passes 64 KiB,
    // SQLite moves it to a temporary file for the rest of the transaction: two million small
    // writes to /var/tmp in an import of a million cases. Kept in memory up to 4 MiB instead.
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 4 << 20);
    return true;
  }();
  (void)configured;
  int flags = (mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
              SQLITE_OPEN_NOMUTEX;
  if (mode == Mode::read_write_create) flags |= SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);  // a handle is returned even on failure, and must be closed
    return store_error(rc, path.string() + ": cannot open database: " + message);
  }
  sqlite3_extended_result_codes(db, 1);
  return Connection{db, path};
}

ErrorKind error_kind_of(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return ErrorKind::busy;
    case SQLITE_CONSTRAINT: return ErrorKind::conflict;
    default: return ErrorKind::io;
  }
}

Error store_error(int rc, std::string message) {
  const ErrorKind kind = error_kind_of(rc);
  // Another writer (an import, a long unit of work) held the store for the whole busy timeout: the
  // writer that waited should know that it was not its own fault, and that the same write will go
  // through later. (The nightly run holds it only a chunk at a time: adapters/nightly/.)
  if (kind == ErrorKind::busy)
    message += " (another writer, such as an import, holds the store; "
               "nothing was written: try again)";
  return Error{kind, std::move(message)};
}

Connection::Connection(Connection&& other) noexcept
    : db_(other.db_), path_(std::move(other.path_)), busy_(std::move(other.busy_)) {
  other.db_ = nullptr;
}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = other.db_;
    path_ = std::move(other.path_);
    busy_ = std::move(other.busy_);
    other.db_ = nullptr;
  }
  return *this;
}

// close_v2 defers the close until any forgotten statements are finalized, rather than failing.
Connection::~Connection() { sqlite3_close_v2(db_); }

Status Connection::exec(const std::string& sql) {
  char* message = nullptr;
  if (const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message); rc != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return store_error(rc, path_.string() + ": " + text);
  }
  return Ok{};
}

Result<Statement> Connection::prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    return error("cannot prepare SQL");
  }
  return Statement{db_, stmt};
}

Result<std::string> Connection::query_text(const std::string& sql) {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return Error{path_.string() + ": query returned no row: " + sql};
  return stmt->column_text(0);
}

Result<int64_t> Connection::query_int(const std::string& sql) {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return Error{path_.string() + ": query returned no row: " + sql};
  return stmt->column_int(0);
}

int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Connection::changes() const { return sqlite3_changes(db_); }
bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
void Connection::set_busy_timeout(int milliseconds) {
  if (milliseconds <= 0) {
    sqlite3_busy_handler(db_, nullptr, nullptr);  // fail at once, as sqlite3_busy_timeout(0)
    return;
  }
  busy_->timeout = std::chrono::milliseconds(milliseconds);
  sqlite3_busy_handler(db_, &BusyWait::retry, busy_.get());
}

Error Connection::error(const std::string& doing) const {
  return store_error(sqlite3_extended_errcode(db_), path_.string() + ": " + doing + ": " + sqlite3_errmsg(db_));
}

}  // namespace timescales::sqlite
