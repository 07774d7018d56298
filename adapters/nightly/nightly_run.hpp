// The nightly compliance run: import what is waiting, assess every case, record the run, and
// write what each user reads in the morning — the complaints officer's digests (text, e-mail,
// calendar feed), the SEND team's tracking, the managers' compliance report, and the data
// problems found.
//
// Every case is assessed, closed ones too, because the timeliness figures (this year against
// last) are made from closed cases; cases the run finds in a final state are marked closed.
//
// Beside the server: the run holds the store for writing only a chunk at a time (its record is
// written a unit at a time, under a row marked finished at the end), so an officer's write waits
// at most one chunk; an import holds it for the file being imported (all or nothing per file).
//
// Thread-safety: one run at a time per database (a second fails, conflict, when it comes to
// record itself: the store's run lease).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/alerts/deadline_digest.hpp"
#include "adapters/alerts/digest_email.hpp"
#include "engine/core/result.hpp"

namespace timescales::nightly {

struct NightlyOptions {
  std::filesystem::path data_dir;      // rules/ and workflows/
  std::filesystem::path db;
  std::filesystem::path out;           // where the alerts and reports go
  Date as_of{};
  std::optional<std::filesystem::path> import_dir;      // *.csv waiting to be imported
  std::optional<std::filesystem::path> import_mapping;  // their layout, if not native
  // Or a mapping per export by file name, and the limits (adapters/import/import_config.hpp).
  std::optional<std::filesystem::path> import_config;
  std::optional<std::filesystem::path> school_calendar;
  alerts::DigestOptions digest;
  // The From and To of each digest's alerts/<recipient>.eml; unset: placeholders
  // ("<recipient>@localhost"). Set from the recipients file when the digests are sent.
  std::function<alerts::EmailAddresses(const alerts::Digest&)> email_addresses;
  // Called now and then with (cases done, cases in all); for a progress line on a terminal.
  std::function<void(size_t, size_t)> progress;
  // How many cases are read, assessed and recorded together; each chunk's record is one short
  // write unit. 0: kCasesPerChunk (stored_cases.hpp), which suits a national run; the tests make
  // it small, for many units in a small store.
  size_t cases_per_chunk = 0;
};

struct NightlyOutcome {
  size_t cases = 0;
  size_t open_cases = 0;
  size_t flags = 0;
  size_t cases_with_problems = 0;
  size_t imported_events = 0;
  size_t rejected_rows = 0;
  size_t possible_corrections = 0;  // re-imported rows restating a stored event differently
  std::vector<std::filesystem::path> rejects_files;
  // Exports left in the import folder, not imported, and why: the run went on, but exits 2.
  std::vector<std::string> held_back;
  int64_t run_id = 0;
  std::vector<std::filesystem::path> written;  // every file written, for the summary
  std::vector<alerts::Digest> digests;         // as written to alerts/, for sending (adapters/mail/)
  // Wall seconds each phase took, in order ("import", "read and assess", "record the run", ...),
  // for `nightly --timings` and the benchmarks.
  std::vector<std::pair<std::string, double>> phases;
};

// An Error means the run failed (exit 2); an outcome with problems worked with data problems.
Result<NightlyOutcome> run_nightly(const NightlyOptions& options);

}  // namespace timescales::nightly
