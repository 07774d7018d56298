// Reading every case in the store, with its events in force, for a run over the whole caseload.
//
// CaseStore::load_case costs two queries a case; over a million cases the queries, not the cases,
// are the work. This reads the cases table once in reference order and the events table once in
// id order (a plain table scan: an event's id is its rowid), and hands each event to its case.
// Because ids grow in the order events were recorded, each case's events arrive in the order
// load_case gives them, and are numbered 1, 2, 3… the same way: the cases come out exactly as
// load_case would make them, superseded events left out.
//
// Thread-safety: uses the connection it is given; one read at a time per connection.
#pragma once

#include <vector>

#include "adapters/store/sqlite_connection.hpp"
#include "engine/case/case.hpp"
#include "engine/core/result.hpp"

namespace timescales {

struct StoredCase {
  Case case_data;
  bool closed = false;  // as the store says, before this run
};

class BulkCaseReader {
 public:
  // Every case, ordered by reference as CaseStore::list_cases orders them (SQLite's binary
  // collation, i.e. byte order). An event whose date does not parse fails the whole read, with
  // the event and case named, as load_case does.
  static Result<std::vector<StoredCase>> read_all(sqlite::Connection& db);
};

}  // namespace timescales
