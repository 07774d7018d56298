#include "adapters/store/open_case_store.hpp"

#include <filesystem>

#include "adapters/store/sqlite_account_store.hpp"
#include "adapters/store/sqlite_case_store.hpp"

namespace timescales {

Result<OpenedStore> open_case_store(const std::string& location, StoreOpening opening) {
  auto store = SqliteCaseStore::open(location, opening == StoreOpening::create_if_missing
                                                   ? SqliteCaseStore::OpenMode::create_if_missing
                                                   : SqliteCaseStore::OpenMode::must_exist);
  if (!store) return store.error();
  const MigrationOutcome migration = store->migration();
  return OpenedStore{std::make_unique<SqliteCaseStore>(std::move(*store)), migration.from, migration.to};
}

Result<std::unique_ptr<AccountStore>> open_account_store(const std::string& location) {
  // Opening the case store checks the file (owner-only, a database, WAL) and upgrades its schema.
  auto cases = SqliteCaseStore::open(location, SqliteCaseStore::OpenMode::must_exist);
  if (!cases) return cases.error();
  auto accounts = SqliteAccountStore::open(location);
  if (!accounts) return accounts.error();
  return std::unique_ptr<AccountStore>(std::move(*accounts));
}

Status remove_case_store(const std::string& location) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code ec;
    std::filesystem::remove(location + suffix, ec);
    if (ec) return Error{ErrorKind::io, location + suffix + ": cannot remove it: " + ec.message()};
  }
  return Ok{};
}

}  // namespace timescales
