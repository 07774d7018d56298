// The case store's contract (case_store_contract.hpp), run against the SQLite store.
#include "tests/contract/case_store_contract.hpp"

#include "adapters/store/open_case_store.hpp"
#include "tests/store/store_test_support.hpp"

namespace {

// A fresh SQLite file in a temporary folder; each open() is another connection to it.
struct SqliteStoreFactory {
  timescales::test::TempDir dir;
  std::unique_ptr<timescales::CaseStore> open() {
    auto opened = timescales::open_case_store((dir / "contract.db").string(), timescales::StoreOpening::create_if_missing);
    REQUIRE(opened.ok());
    return std::move(opened->store);
  }
};

}  // namespace

TIMESCALES_CASE_STORE_CONTRACT(SqliteStoreFactory)
