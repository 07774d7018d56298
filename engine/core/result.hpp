// Errors as values.
//
// Every engine operation that can fail on bad input returns a Result<T>: either the value or an
// Error that says what was wrong and, when the input came from a file, where (file:line:column).
// Nothing in the engine throws for bad input; exceptions are reserved for programming errors
// (reading the value of a failed Result).
//
// Thread-safety: plain values; safe to share const, not to mutate concurrently.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace timescales {

struct SourcePosition {
  std::string file;  // path or a name such as "<command line>"
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
};

// What kind of failure an Error is, so that the layer above can act on it without reading the
// message: the HTTP server maps invalid_input to 400, not_found to 404, conflict to 409 and busy
// to 503 (with "retry"); the CLI exits 2 for all of them. Most errors are bad input (a file, an
// argument), so that is the default.
enum class ErrorKind {
  invalid_input,  // the caller's input is wrong: a file, an argument, a field
  not_found,      // the case, event or run asked for does not exist
  conflict,       // the request contradicts what is stored (a second correction of one event)
  busy,           // another writer holds the store; the same request may be retried
  io,             // the store or a file could not be read or written
  forbidden,      // the caller's role may not do this, or see that case (nothing of it is said)
};
std::string_view error_kind_name(ErrorKind kind);  // "invalid input", "not found", ...

struct Error {
  std::string message;
  std::optional<SourcePosition> where;
  ErrorKind kind = ErrorKind::invalid_input;
  // The field of a form or API request the error is about ("date", "type"), when there is one.
  std::string field;

  Error(std::string message_in) : message(std::move(message_in)) {}  // NOLINT: implicit
  Error(std::string message_in, SourcePosition where_in)
      : message(std::move(message_in)), where(std::move(where_in)) {}
  Error(ErrorKind kind_in, std::string message_in) : message(std::move(message_in)), kind(kind_in) {}

  static Error at(SourcePosition where, std::string message) {
    return Error{std::move(message), std::move(where)};
  }
  // The same error, about `field_name`.
  Error about(std::string field_name) const {
    Error e = *this;
    e.field = std::move(field_name);
    return e;
  }
  // The same error, with `doing` before its message ("importing x.csv: ..."); kind and position kept.
  Error context(const std::string& doing) const {
    Error e = *this;
    e.message = doing + ": " + message;
    return e;
  }

  // "file:line:col: message", or just the message when there is no position.
  std::string to_string() const {
    if (!where) return message;
    std::string out = where->file;
    if (where->line > 0) {
      out += ":" + std::to_string(where->line);
      if (where->column > 0) out += ":" + std::to_string(where->column);
    }
    return out + ": " + message;
  }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}         // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { check(); return std::get<0>(state_); }
  T& value() & { check(); return std::get<0>(state_); }
  T&& value() && { check(); return std::get<0>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const {
    if (ok()) throw std::logic_error("Result::error() on a success");
    return std::get<1>(state_);
  }

 private:
  void check() const {
    if (!ok()) throw std::logic_error("Result::value() on an error: " + std::get<1>(state_).message);
  }
  std::variant<T, Error> state_;
};

inline std::string_view error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input: return "invalid input";
    case ErrorKind::not_found: return "not found";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::busy: return "busy";
    case ErrorKind::io: return "i/o";
    case ErrorKind::forbidden: return "forbidden";
  }
  return "invalid input";
}

// For operations that return nothing on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace timescales
