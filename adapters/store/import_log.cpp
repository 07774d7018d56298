#include "adapters/store/import_log.hpp"

#include "adapters/store/sqlite_statement.hpp"

namespace timescales {

Status record_import(sqlite::Connection& db, const ImportLogEntry& e) {
  auto stmt = db.prepare(R"sql(
INSERT INTO imports(file_name, file_bytes, mapping, imported_at, rows, new_events, duplicates,
                    ignored, rejected)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
)sql");
  if (!stmt) return stmt.error();
  return stmt->bind(1, e.file_name)
      .bind(2, e.file_bytes)
      .bind(3, e.mapping)
      .bind(4, e.imported_at)
      .bind(5, e.rows)
      .bind(6, e.new_events)
      .bind(7, e.duplicates)
      .bind(8, e.ignored)
      .bind(9, e.rejected)
      .run();
}

}  // namespace timescales
