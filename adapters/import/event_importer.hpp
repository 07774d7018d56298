// Importing a case system's export into the case store.
//
// One file imports in ONE transaction: a crash, a kill or an error part-way leaves the database
// exactly as it was. Within the file each row is judged on its own: a bad row (missing case id,
// impossible date, unknown workflow or event, a case whose workflow contradicts an earlier row)
// is rejected with its line number and reason, and every good row still imports.
//
// Importing is idempotent: an event already stored (same case, event, date, reason and
// occurrence; see events_identity in adapters/store/schema.cpp) is counted as already present
// and not added again, so re-running last night's import, or importing an export that overlaps
// it, adds nothing twice. Identical rows within one export are kept as separate occurrences:
// the store mirrors what the case system says happened, as many times as it says it.
//
// A row of a stored case that is not already present, but has the event of a stored event in
// force that no earlier row of the export has restated, is a POSSIBLE CORRECTION: the case
// system's date or reason was put right since the last export. It is neither added (that would
// leave two `received`, the wrong one still counting) nor skipped silently: it is reported with
// the command that applies it, for an officer to run once they have checked it. Rows are paired
// with stored events in export order; a case's second event of a kind, exported without its
// first, is reported the same way (the message gives the command that adds it instead).
//
// Rejected rows that name a case are kept against it in the store (CaseStore::
// record_rejected_rows), in the same unit of work, for the digest and the case page.
//
// A file whose rows are all rejected, or more than `max_rejected_share` of them, is held back:
// nothing of it is stored (the report says why), so once the mapping or export is fixed the same
// file imports whole.
//
// Case attributes merge: a non-empty cell sets the attribute, an empty cell leaves the stored
// value alone. A case whose workflow differs from the stored one is reclassified (the source
// system's eligibility decision changed) and counted as updated.
//
// Rows are read and judged on a second thread while the calling thread writes them to SQLite
// (import_planner.hpp, import_chunk.hpp); into a store that already has cases, that thread
// looks cases up through the store's snapshot lookup, which sees the store as it was when the
// import began. None of this shows in what is stored or reported.
//
// Thread-safety: uses the store; one import at a time per CaseStore. Two processes
// importing into one database queue on SQLite's write lock. ImportOptions::validate is called
// on the reading thread (never at the same time as anything else of the caller's, which waits
// in import_events), after_row on the calling thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/import/import_mapping.hpp"
#include "application/cases/event_validator.hpp"
#include "application/store/case_store.hpp"

namespace timescales {


struct RejectedRow {
  std::string file;     // the export as named on the command line
  int line = 0;         // 1-based physical line the row starts on; the header is line 1
  std::string case_id;  // when the row had one
  std::string reason;
  std::string event;    // the engine's event, when the row was read that far
};

// A re-imported row that restates a stored event with another date or reason.
struct PossibleCorrection {
  std::string file;
  int line = 0;
  std::string case_id;
  std::string event;
  int64_t stored_event_id = 0;
  std::string stored_date, stored_reason;
  std::string date, reason;  // as the row says
  std::string db;            // the store's location, for the commands
  // "timescales case correct-event --db DB 123 --date 2025-01-06 --reason … --why \"…\"".
  std::string correct_command() const;
  // The command that records the row as another event instead.
  std::string add_command() const;
  // One sentence for the report and the rejects file.
  std::string message() const;
};

struct ImportReport {
  std::string file;
  int64_t rows = 0;             // data rows read; blank lines are not rows
  int64_t added = 0;            // new events
  int64_t already_present = 0;  // events the store already had
  int64_t ignored = 0;          // rows whose event code the mapping says to ignore
  int64_t cases_added = 0;
  int64_t cases_updated = 0;
  std::vector<RejectedRow> rejects;
  std::vector<PossibleCorrection> corrections;  // not added: see above
  // Non-empty when nothing of the file was stored because too many of its rows were rejected.
  std::string held_back;
  double seconds = 0;  // from reading the header to the commit (a file is read meanwhile)
};

struct ImportOptions {
  const ImportMapping* mapping = nullptr;  // null: the native layout
  // Null: every workflow and event is accepted. Asked once per distinct (workflow, event) in an
  // import, so its answer must depend on those alone.
  EventValidator validate;
  // More than this share of the rows that would be events rejected (ignored rows aside) holds
  // the file back; unset: only a file whose every such row is rejected is held back.
  std::optional<double> max_rejected_share;
  // A seam for tests: called for each row in order, with the count of rows so far, inside the
  // transaction once that row's writes are made (rows are written a chunk at a time). Returning
  // an error aborts the import the way a crash would: the transaction rolls back and the error
  // is returned.
  std::function<Status(int64_t rows_read)> after_row;
};

// `label` names the export in the report, the rejects and the import log (its file name part is
// stored as each event's source_file).
Result<ImportReport> import_events(CaseStore& store, std::string_view text,
                                   const std::string& label, const ImportOptions& options);
Result<ImportReport> import_events_file(CaseStore& store, const std::filesystem::path& file,
                                        const ImportOptions& options);

}  // namespace timescales
