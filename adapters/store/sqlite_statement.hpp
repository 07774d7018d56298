// A prepared SQLite statement (sqlite3_stmt*), reusable: bind, step until done, reset, bind again.
//
// Prepare once and reuse for every row of an import: preparing is the expensive part, so the
// importer never prepares inside its loop. Parameters are 1-based, as in SQLite. Text is bound
// SQLITE_TRANSIENT (copied), so the caller's strings need not outlive the call.
//
// Thread-safety: as its Connection; a Statement must not outlive the Connection that made it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace timescales::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binding cannot fail for a well-formed statement and index; a bad index is a programming
  // error, reported by the following step().
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::optional<std::string>& text);
  Statement& bind(int index, std::optional<int64_t> value);
  Statement& bind_null(int index);
  // Binds without copying, for the hot path of an import: the text must stay alive and
  // unchanged until the statement is reset (run() resets it).
  Statement& bind_static(int index, std::string_view text);
  // The same for text SQL functions read (a CHECK's GLOB or json_valid): SQLite is told it ends
  // in a NUL, which spares it copying the text to terminate it. Text holding a NUL byte of its
  // own would be cut short there, so only for text known to hold none (a checked date, JSON).
  Statement& bind_static_terminated(int index, const std::string& text);

  // One step: true when a row is ready to read, false when the statement has finished.
  Result<bool> step();
  // Steps a statement that returns no rows (or whose rows are not wanted) to the end, then
  // resets it for reuse. Constraint violations come back as errors with SQLite's message.
  Status run();
  // The same, leaving the parameters bound: for a statement whose every parameter is bound
  // again before it next runs, where clearing hundreds of them each time is work for nothing.
  Status run_keeping_bindings();
  // Ready for new bindings; previous bindings are cleared.
  void reset();

  int column_count() const;
  bool column_is_null(int column) const;   // columns are 0-based, as in SQLite
  int64_t column_int(int column) const;
  std::string column_text(int column) const;  // "" for NULL
  std::optional<std::string> column_optional_text(int column) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace timescales::sqlite
