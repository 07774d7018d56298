// Importing what is waiting in a folder under an import configuration (import_config.hpp): the
// nightly's first step, and `timescales import --import-config`.
//
// Each *.csv is matched to its mapping by file name and imported in a unit of work of its own
// (event_importer.hpp). Then:
// - imported: moved to the archive as <date-time>-<name>, a counter added if that exists, so no
//   night's export overwrites another's;
// - held back (too many rows rejected, a file that cannot be read as an export, or one no
//   pattern matches): left where it was, nothing of it stored, and reported; the caller exits 2.
//   Once its mapping is fixed the same file imports whole;
// - its rejected rows and possible corrections, if any: a rejects file of its own for the run,
//   <rejects>/<date-time>-<stem>.csv, never overwritten.
// Date-times are UTC ("2026-12-01T231504Z"), the same for every file of one run.
//
// A failure of the store itself (busy, unwritable) is an Error: the run cannot go on.
//
// Thread-safety: as the importer: one at a time per store.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "adapters/import/event_importer.hpp"
#include "adapters/import/import_config.hpp"

namespace timescales {

struct HeldBackFile {
  std::filesystem::path file;
  std::string why;
};

struct FolderImport {
  std::vector<ImportReport> imported;  // committed
  std::vector<HeldBackFile> held_back;  // left in place
  std::vector<std::filesystem::path> rejects_files;
  std::vector<std::filesystem::path> archived;
  size_t added = 0;
  size_t rejected = 0;     // rows, in every file, held back or not
  size_t corrections = 0;  // possible corrections reported
};

struct FolderImportPlaces {
  std::filesystem::path rejects;  // folder for the rejects files
  std::filesystem::path archive;  // folder imported exports move to
  std::string stamp;              // run_stamp()
};

// "2026-12-01T231504Z", now.
std::string run_stamp();

// `dir / (stamp + "-" + name)`, or with "-2", "-3", … before the extension if that exists.
std::filesystem::path unique_name(const std::filesystem::path& dir, const std::string& stamp, const std::string& name);

// One file under the configuration: its report, or why it was held back (in `outcome`). Writes its
// rejects file. Does not archive.
Result<std::optional<ImportReport>> import_one_export(CaseStore& store, const std::filesystem::path& file,
                                                      const ImportConfig& config, const EventValidator& validate,
                                                      const FolderImportPlaces& places, FolderImport& outcome);

Result<FolderImport> import_folder(CaseStore& store, const std::filesystem::path& folder, const ImportConfig& config,
                                   const EventValidator& validate, const FolderImportPlaces& places);

}  // namespace timescales
