// A transaction that rolls back unless committed.
//
// Begin one, do the work, commit(); any early return (an error, an exception, a test's injected
// failure) leaves scope without committing and the destructor rolls back, so the database is
// exactly as it was. Writers begin IMMEDIATE: the write lock is taken up front, so two importers
// queue on the busy timeout instead of one failing with SQLITE_BUSY half-way through.
//
// Thread-safety: as its Connection. Transactions do not nest.
#pragma once

#include "adapters/store/sqlite_connection.hpp"

namespace timescales::sqlite {

class Transaction {
 public:
  enum class Kind { deferred, immediate };

  static Result<Transaction> begin(Connection& db, Kind kind = Kind::immediate);

  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status commit();
  // Explicit rollback; the destructor does this when neither was called.
  void rollback();

 private:
  explicit Transaction(Connection& db) : db_(&db) {}
  Connection* db_ = nullptr;  // null once committed or rolled back
};

}  // namespace timescales::sqlite
