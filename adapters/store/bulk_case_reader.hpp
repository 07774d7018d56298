// Reading every case in the store, with its events in force, a chunk of cases at a time, for a
// run over the whole caseload.
//
// CaseStore::load_case costs two queries a case; over a million cases the queries, not the cases,
// are the work. This reads the cases table in reference order, a chunk at a time, and each
// chunk's events in one range query over the events_identity index (which holds every column read
// here, so the table itself is not touched). Each case's events are put back in id order — the
// order they were recorded — and numbered 1, 2, 3… as load_case numbers them, superseded events
// left out: the cases come out exactly as load_case would make them. Only one chunk is held, so a
// national caseload is read in the memory of a few thousand cases.
//
// A consistent read of a store others may be writing to needs a transaction around the whole
// read (the nightly run holds one); without it, each chunk sees the store as it is then.
//
// Thread-safety: uses the connection it is given, which must outlive it; one reader at a time
// per connection.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "adapters/store/sqlite_connection.hpp"
#include "application/store/case_records.hpp"
#include "engine/core/result.hpp"

struct sqlite3_stmt;

namespace timescales {

class BulkCaseReader {
 public:
  static Result<BulkCaseReader> open(sqlite::Connection& db);

  BulkCaseReader(BulkCaseReader&&) noexcept;
  BulkCaseReader& operator=(BulkCaseReader&&) noexcept;
  ~BulkCaseReader();

  // Cases in the store when the reader was opened (for progress; the read itself does not rely on it).
  int64_t case_count() const { return case_count_; }

  // Replaces `out` with the next (at most) `limit` cases, ordered by reference as
  // CaseStore::list_cases orders them (SQLite's binary collation, i.e. byte order). `out` is left
  // empty once every case has been read. An event whose date does not parse fails the read, with
  // the event and case named, as load_case does.
  Status next(std::vector<StoredCase>& out, size_t limit);

 private:
  struct Statements;
  BulkCaseReader(sqlite::Connection& db, std::unique_ptr<Statements> statements);

  sqlite::Connection* db_;
  std::unique_ptr<Statements> statements_;
  std::unordered_set<int64_t> superseded_;
  std::unordered_map<int64_t, TimeOfDay> times_;  // event id -> its time of day, where recorded
  int64_t case_count_ = 0;
  std::string last_id_;  // the last case handed out
  bool started_ = false;
  bool finished_ = false;
};

}  // namespace timescales
