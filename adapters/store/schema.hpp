// The case database's schema, created and upgraded by the program itself.
//
// The schema is an ordered list of migrations, each taking the database from version N-1 to N.
// `schema_version` has one row per migration applied (version, description, when). Opening an
// older database applies every missing migration in ONE transaction: a failure half-way leaves
// it at its old version, never in between. A database whose version is newer than this program
// knows is refused before anything is written, so an old binary cannot damage it.
//
// A migration, once released, is never edited: a change to the schema is a new migration at the
// end of the list (tests/store/ builds a version-1 database by hand and upgrades it).
//
// Thread-safety: free functions over a Connection the caller owns.
#pragma once

#include "adapters/store/sqlite_connection.hpp"

namespace timescales {

int latest_schema_version();

// 0 for an empty database; an error for a database this program did not make.
Result<int> schema_version_of(sqlite::Connection& db);

struct MigrationOutcome {
  int from = 0;
  int to = 0;
};

// Brings the database to latest_schema_version(), or refuses one that is newer.
Result<MigrationOutcome> migrate_schema(sqlite::Connection& db);

}  // namespace timescales
