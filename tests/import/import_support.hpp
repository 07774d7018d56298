// Shared by the import tests: the shipped workflows, a fresh SQLite store, and files written into
// a temporary folder.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "adapters/files/workflow_files.hpp"
#include "adapters/import/event_importer.hpp"
#include "adapters/store/sqlite_case_store.hpp"
#include "application/cases/event_validator.hpp"
#include "tests/store/store_test_support.hpp"

namespace timescales::test {

// The workflows/ of this source tree, loaded once.
inline const WorkflowLibrary& shipped_workflows() {
  static const WorkflowLibrary library = [] {
    auto load = WorkflowFiles(TIMESCALES_SOURCE_DIR).load();
    REQUIRE(load.errors.empty());
    return std::move(load.library);
  }();
  return library;
}

inline SqliteCaseStore fresh_store(const std::filesystem::path& path) {
  auto store = SqliteCaseStore::open(path, SqliteCaseStore::OpenMode::create_if_missing);
  REQUIRE(store.ok());
  return std::move(*store);
}

inline std::filesystem::path write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

inline ImportOptions checked_against_workflows(const ImportMapping* mapping = nullptr) {
  ImportOptions o;
  o.mapping = mapping;
  o.validate = workflow_event_validator(shipped_workflows());
  return o;
}

inline ImportReport imported(CaseStore& store, const std::string& text, const std::string& label,
                             const ImportOptions& options) {
  auto report = import_events(store, text, label, options);
  INFO((report.ok() ? "" : report.error().to_string()));
  REQUIRE(report.ok());
  return std::move(*report);
}

// A complaints system's export: its own columns and step codes, British dates.
inline constexpr const char* kStepsMapping = R"toml([mapping]
name = "complaints"
date_format = "dd/mm/yyyy"
workflow = "complaints-statutory"
[columns]
case_id = "Ref"
event = "Step"
date = "When"
[events]
RECV = "received"
ACK = "acknowledged"
)toml";

// The same for corporate complaints, with a misspelt event name on line 11, column 7.
inline constexpr const char* kMisspeltMapping = R"toml([mapping]
name = "corporate"
date_format = "dd/mm/yyyy"
workflow = "complaints-corporate"
[columns]
case_id = "Ref"
event = "Step"
date = "When"
[events]
RECV = "received"
ACK = "acknowleged"
)toml";

}  // namespace timescales::test
