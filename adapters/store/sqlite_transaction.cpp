#include "adapters/store/sqlite_transaction.hpp"

namespace timescales::sqlite {

Result<Transaction> Transaction::begin(Connection& db, Kind kind) {
  auto begun = db.exec(kind == Kind::immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  if (!begun) return begun.error().context("cannot begin a transaction");
  return Transaction{db};
}

Transaction::~Transaction() { rollback(); }

Status Transaction::commit() {
  if (!db_) return Error{"transaction already finished"};
  auto committed = db_->exec("COMMIT");
  if (!committed) {
    // A failed COMMIT (SQLITE_BUSY, disk full) may leave the transaction open; end it so the
    // database is as before rather than holding the write lock until the connection closes.
    rollback();
    return committed.error().context("cannot commit");
  }
  db_ = nullptr;
  return Ok{};
}

void Transaction::rollback() {
  if (!db_) return;
  if (db_->in_transaction()) (void)db_->exec("ROLLBACK");
  db_ = nullptr;
}

}  // namespace timescales::sqlite
