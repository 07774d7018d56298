// Judging an export's rows one by one and turning the good ones into writes: the part of an
// import that needs no write access to the store, so it runs on its own thread while another
// writes (event_importer.cpp, import_chunk.hpp).
//
// For each row: read it through the layout (rejected or ignored there?), find its case (seen
// earlier in this export, stored before the import, or new), check its workflow and event, merge
// its attributes, number it among identical rows of its case, and add to the chunk the writes
// that result: a new case, a changed case, an event. Rejected rows go to the report with their
// line and reason. This is the whole of the importer's row-level behaviour; see
// event_importer.hpp for the rules.
//
// Thread-safety: one planner per import, used from one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "adapters/import/event_importer.hpp"
#include "adapters/import/export_layout.hpp"
#include "adapters/import/import_chunk.hpp"

namespace timescales {

// The case as stored before the import began, or nullopt. An error is a database failure.
using StoredCaseLookup =
    std::function<Result<std::optional<CaseRecord>>(const std::string& case_id)>;
// Its events in force, asked once per stored case the export names.
using StoredEventsLookup = std::function<Result<std::vector<StoredEvent>>(const std::string& case_id)>;

class ImportPlanner {
 public:
  // `stored`: null when the store held no cases when the import began, so none is looked up.
  // `report` receives rows, ignored, rejects and cases_added.
  // `stored_events`: null with `stored`.
  ImportPlanner(const ExportLayout& layout, const ImportOptions& options, ImportReport& report,
                StoredCaseLookup stored, size_t expected_cases, StoredEventsLookup stored_events = {});

  // Adds the record's writes to `chunk` and counts the row there. An error is a failed lookup.
  Status plan(const CsvRecord& record, ImportChunk& chunk);

 private:
  // Small dense numbers for the few distinct workflow names, event names and reasons an export
  // repeats on every row, so each case's bookkeeping holds numbers, not copies of the text.
  class Names {
   public:
    Names();
    uint32_t id(const std::string& name);
    const std::string& name(uint32_t id) const { return *names_[id]; }

   private:
    std::unordered_map<std::string, uint32_t> ids_;
    std::vector<const std::string*> names_;  // keys of ids_, whose nodes do not move
  };

  // Rows of one case so far identical in event, date and reason.
  struct Occurrence {
    uint32_t event = 0;
    uint32_t reason = 0;
    int32_t day = 0;
    int32_t count = 0;
  };

  // A stored event in force, for telling re-imported rows from corrections.
  struct StoredOccurrence {
    int64_t id = 0;
    uint32_t event = 0;
    uint32_t reason = 0;
    int32_t day = 0;
    int occurrence = 1;
    bool restated = false;  // a row of this export has restated it, exactly or as a correction
  };

  // What this import has decided about a case, so a case's hundred rows cost one write.
  struct SeenCase {
    uint32_t index = 0;  // CaseUpdate::case_index
    uint32_t workflow = 0;
    int first_line = 0;
    bool stored = false;
    std::vector<std::string> attributes;  // as last written; parallel to the layout's names
    // Counted per case rather than in one table keyed by whole rows: a case has a handful of
    // distinct events and its rows mostly arrive together, so this stays in cache, where a
    // table over millions of rows missed it on nearly every row.
    std::vector<Occurrence> occurrences;
    std::vector<StoredOccurrence> stored_events;  // a stored case's, when there are any
  };

  void reject(const CsvRecord& record, std::string why);
  const std::optional<std::string>& invalid(uint32_t workflow);
  CaseRecord record_from_row(const std::string& workflow) const;
  Result<SeenCase*> find_case(const CsvRecord& record, ImportChunk& chunk);
  Result<SeenCase*> first_sight(const CsvRecord& record, ImportChunk& chunk);
  bool changes(const CaseRecord& stored, const std::string& workflow) const;
  int next_occurrence(SeenCase& seen);
  // True when the row (numbered `occurrence`) is a possible correction, now reported.
  bool possible_correction(const CsvRecord& record, SeenCase& seen, int occurrence);
  Status load_stored_events(SeenCase& seen);

  const ExportLayout& layout_;
  const ImportOptions& options_;
  ImportReport& report_;
  StoredCaseLookup stored_;
  StoredEventsLookup stored_events_;
  std::optional<size_t> team_, owner_;
  ExportRow row_;
  uint32_t event_id_ = 0;  // row_.event's
  Names names_;
  std::unordered_map<uint64_t, std::optional<std::string>> verdicts_;  // (workflow, event)
  std::unordered_map<std::string, SeenCase> seen_;  // node-based: last_ stays valid
  SeenCase* last_ = nullptr;
  std::string last_id_;
  uint32_t cases_seen_ = 0;
};

}  // namespace timescales
