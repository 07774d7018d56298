// Opening the case store a deployment names: today a path to an SQLite file. Everything above
// the store (the use cases, the nightly run, the CLI) opens it here and speaks to the CaseStore
// interface only, so that a second store (PostgreSQL, named by a connection URL) is one more
// branch here rather than a change in a dozen files.
//
// Thread-safety: free function; the store it returns is for one thread (case_store.hpp).
#pragma once

#include <memory>
#include <string>

#include "application/accounts/account_store.hpp"
#include "application/store/case_store.hpp"

namespace timescales {

enum class StoreOpening { create_if_missing, must_exist };

struct OpenedStore {
  std::unique_ptr<CaseStore> store;
  int schema_before = 0;  // the schema's version before opening: 0 for a new store
  int schema_after = 0;   // and after (greater when this open upgraded it)
};

Result<OpenedStore> open_case_store(const std::string& location, StoreOpening opening = StoreOpening::must_exist);

// The accounts kept in the same store (users, sessions, tokens, the audit log), through a
// connection of their own; the store is upgraded first if it needs to be.
Result<std::unique_ptr<AccountStore>> open_account_store(const std::string& location);

// Removes the store at `location` and everything that belongs to it (an SQLite file's journal
// and write-ahead log), for `demo --replace`. No store may be open on it. Removing a store that
// is not there is not an error.
Status remove_case_store(const std::string& location);

}  // namespace timescales
