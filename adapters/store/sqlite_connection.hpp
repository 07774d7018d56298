// A thin RAII handle on one SQLite connection (the C API, sqlite3*), with errors as values.
//
// Every failure comes back as an Error carrying SQLite's own message (sqlite3_errmsg), prefixed
// with what was being done, so "database is locked" or "file is not a database" reaches the user
// unaltered. Nothing here knows the timescales schema: adapters/store/schema.cpp and
// case_store.cpp hold the SQL.
//
// Thread-safety: one Connection per thread. SQLite is built serialized on Debian, but a
// connection's transaction state is shared by everything that uses it, so do not share one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "engine/core/result.hpp"

struct sqlite3;

namespace timescales::sqlite {

class Statement;

// The kind of an SQLite failure (result code `rc`): a locked store is busy (retry), a refused
// constraint is a conflict with what is stored, anything else is I/O. A busy message says why.
ErrorKind error_kind_of(int rc);
Error store_error(int rc, std::string message);

class Connection {
 public:
  enum class Mode { read_only, read_write, read_write_create };

  // Opens (and with read_write_create, creates) the database at path. The file's permissions are
  // the caller's business (see owner_only_file.hpp): SQLite would create it 0644. A read_only
  // connection beside a writer's (WAL) reads the last committed state, never the writer's
  // uncommitted changes.
  static Result<Connection> open(const std::filesystem::path& path, Mode mode);

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more statements that return no rows (DDL, PRAGMA assignments, BEGIN/COMMIT).
  Status exec(const std::string& sql);
  Result<Statement> prepare(const std::string& sql);

  // Runs a query whose first row's first column is a single value (PRAGMA journal_mode, COUNT).
  Result<std::string> query_text(const std::string& sql);
  Result<int64_t> query_int(const std::string& sql);

  int64_t last_insert_rowid() const;
  int changes() const;                  // rows changed by the most recent INSERT/UPDATE/DELETE
  bool in_transaction() const;          // false in autocommit mode
  // How long a statement waits for another connection's lock before failing busy. While it waits
  // it tries again every millisecond, not on SQLite's own backoff (sqlite3_busy_timeout sleeps up
  // to 100 ms between tries): the nightly run writes in short units with a pause of a few
  // milliseconds between them, and a writer that slept through every pause would wait for the
  // whole run (adapters/nightly/nightly_run.cpp).
  void set_busy_timeout(int milliseconds);

  // "<doing>: <sqlite's message>", for errors raised by callers using handle() or a Statement.
  Error error(const std::string& doing) const;

  sqlite3* handle() const { return db_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  struct BusyWait;  // what the busy handler needs; boxed, so its address survives a move
  Connection(sqlite3* db, std::filesystem::path path);
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
  std::unique_ptr<BusyWait> busy_;
};

}  // namespace timescales::sqlite
