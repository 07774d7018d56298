#include "adapters/store/open_case_store.hpp"

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

}  // namespace timescales
