#include "adapters/import/event_importer.hpp"

#include <chrono>
#include <unordered_map>

#include "adapters/files/text_files.hpp"
#include "adapters/import/csv_reader.hpp"
#include "adapters/import/export_layout.hpp"
#include "adapters/import/occurrence_counter.hpp"
#include "adapters/store/sqlite_transaction.hpp"
#include "adapters/store/timestamps.hpp"

namespace timescales {
namespace {

// What this import has already written for a case, so that a case's hundred rows cost one
// upsert, not a hundred.
struct SeenCase {
  std::string workflow;
  int first_line = 0;
  std::vector<std::string> attributes;  // as last written; parallel to the layout's names
  bool counted_as_changed = false;
};

class RowImporter {
 public:
  RowImporter(CaseWriter& writer, const ExportLayout& layout, const ImportOptions& options,
              ImportReport& report, std::string source_file, size_t expected_rows)
      : writer_(writer), layout_(layout), options_(options), report_(report),
        source_{std::move(source_file), std::nullopt}, now_(utc_timestamp_now()),
        occurrences_(expected_rows) {
    seen_.reserve(expected_rows / 4);
    const auto& names = layout.attribute_names();
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "team") team_ = i;
      if (names[i] == "owner") owner_ = i;
    }
  }

  // An error here is a database failure: the caller abandons the whole file.
  Status import(const CsvRecord& record) {
    ++report_.rows;
    std::string why;
    switch (layout_.read(record, row_, why)) {
      case RowVerdict::ignored: ++report_.ignored; return Ok{};
      case RowVerdict::rejected: reject(record, std::move(why)); return Ok{};
      case RowVerdict::event: break;
    }
    auto seen = write_case(record);
    if (!seen) return seen.error();
    if (!*seen) return Ok{};  // rejected

    event_.type = row_.event;
    event_.date = row_.date;
    event_.reason = row_.reason;
    source_.row = record.line;
    return writer_.queue_event(row_.case_id, event_, next_occurrence(), source_, now_);
  }

  // Writes what is still buffered and takes the counts of new and already-present events.
  Status finish() {
    if (auto flushed = writer_.flush_events(); !flushed) return flushed;
    report_.added = writer_.batched_events_added();
    report_.already_present = writer_.batched_events_written() - report_.added;
    return Ok{};
  }

  const std::string& now() const { return now_; }

 private:
  void reject(const CsvRecord& record, std::string why) {
    report_.rejects.push_back({report_.file, record.line, row_.case_id, std::move(why)});
  }

  Status validate(const std::string& workflow) {
    if (!options_.validate) return Ok{};
    return options_.validate(workflow, row_.event);
  }

  CaseRecord record_from_row(const std::string& workflow) const {
    CaseRecord r;
    r.id = row_.case_id;
    r.workflow = workflow;
    const auto& names = layout_.attribute_names();
    for (size_t i = 0; i < names.size(); ++i)
      if (!row_.attributes[i].empty()) r.attributes[names[i]] = row_.attributes[i];
    if (team_ && !row_.attributes[*team_].empty()) r.team = row_.attributes[*team_];
    if (owner_ && !row_.attributes[*owner_].empty()) r.owner = row_.attributes[*owner_];
    return r;
  }

  // Writes the case the row belongs to when it is new, reclassified or has new attribute
  // values. False when the row is rejected instead.
  Result<bool> write_case(const CsvRecord& record) {
    auto it = seen_.find(row_.case_id);
    if (it == seen_.end()) return first_sight(record);
    SeenCase& seen = it->second;
    if (!row_.workflow.empty() && row_.workflow != seen.workflow) {
      reject(record, "case '" + row_.case_id + "' follows '" + seen.workflow + "' on line " +
                         std::to_string(seen.first_line) + "; this row says '" + row_.workflow + "'");
      return false;
    }
    if (auto valid = validate(seen.workflow); !valid) {
      reject(record, valid.error().message);
      return false;
    }
    bool differs = false;
    for (size_t i = 0; i < row_.attributes.size(); ++i)
      differs = differs || (!row_.attributes[i].empty() && row_.attributes[i] != seen.attributes[i]);
    if (!differs) return true;
    for (size_t i = 0; i < row_.attributes.size(); ++i)
      if (!row_.attributes[i].empty()) seen.attributes[i] = row_.attributes[i];
    auto updated = writer_.update_case(record_from_row(seen.workflow), now_);
    if (!updated) return updated.error();
    if (*updated && !seen.counted_as_changed) {
      seen.counted_as_changed = true;
      ++report_.cases_updated;
    }
    return true;
  }

  Result<bool> first_sight(const CsvRecord& record) {
    auto stored = writer_.find_case(row_.case_id);
    if (!stored) return stored.error();
    const std::string workflow =
        !row_.workflow.empty() ? row_.workflow : (*stored ? (*stored)->workflow : std::string());
    if (workflow.empty()) {
      reject(record, "missing workflow, and case '" + row_.case_id + "' is not in the database yet");
      return false;
    }
    if (auto valid = validate(workflow); !valid) {
      reject(record, valid.error().message);
      return false;
    }
    SeenCase seen{workflow, record.line, row_.attributes, true};
    if (!*stored) {
      if (auto inserted = writer_.queue_case(record_from_row(workflow), now_); !inserted)
        return inserted.error();
      ++report_.cases_added;
    } else if (changes(**stored, workflow)) {
      auto updated = writer_.update_case(record_from_row(workflow), now_);
      if (!updated) return updated.error();
      if (*updated) ++report_.cases_updated;
      seen.counted_as_changed = *updated;
    } else {
      // Re-importing a known case is the common case; checked here to spare an UPDATE per case.
      seen.counted_as_changed = false;
    }
    seen_.emplace(row_.case_id, std::move(seen));
    return true;
  }

  // Whether this row would change the stored case (CaseWriter::update_case's merge).
  bool changes(const CaseRecord& stored, const std::string& workflow) const {
    if (stored.workflow != workflow) return true;
    const auto& names = layout_.attribute_names();
    for (size_t i = 0; i < names.size(); ++i) {
      if (row_.attributes[i].empty()) continue;
      const auto it = stored.attributes.find(names[i]);
      if (it == stored.attributes.end() || it->second != row_.attributes[i]) return true;
    }
    if (team_ && !row_.attributes[*team_].empty() && stored.team != row_.attributes[*team_]) return true;
    if (owner_ && !row_.attributes[*owner_].empty() && stored.owner != row_.attributes[*owner_]) return true;
    return false;
  }

  // Rows identical in case, event, date and reason are numbered 1, 2, … in file order.
  int next_occurrence() {
    const auto day = static_cast<int32_t>(row_.date.time_since_epoch().count());
    key_.clear();
    key_ += row_.case_id;
    key_ += '\x1f';
    key_ += row_.event;
    key_ += '\x1f';
    key_.append(reinterpret_cast<const char*>(&day), sizeof day);
    key_ += row_.reason;
    return occurrences_.next(key_);
  }

  CaseWriter& writer_;
  const ExportLayout& layout_;
  const ImportOptions& options_;
  ImportReport& report_;
  EventSource source_;  // the file is the same for every row; the line changes
  CaseEvent event_;
  const std::string now_;
  std::optional<size_t> team_, owner_;
  ExportRow row_;
  std::string key_;
  std::unordered_map<std::string, SeenCase> seen_;
  OccurrenceCounter occurrences_;
};

}  // namespace

Result<ImportReport> import_events(CaseStore& store, std::string_view text,
                                   const std::string& label, const ImportOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  static const ImportMapping native = native_import_layout();
  const ImportMapping& mapping = options.mapping ? *options.mapping : native;

  CsvReader reader(text);
  CsvRecord header;
  if (!reader.next(header)) return Error{label + ": the file is empty (not even a header row)"};
  auto layout = ExportLayout::resolve(mapping, header, label);
  if (!layout) return layout.error();

  auto tx = sqlite::Transaction::begin(store.connection());
  if (!tx) return Error{label + ": " + tx.error().message};
  // The importer creates each case before its events, so checking the foreign key once at
  // commit instead of per row loses nothing and spares each insert a statement journal.
  if (auto deferred = store.connection().exec("PRAGMA defer_foreign_keys = ON"); !deferred)
    return deferred.error();
  auto writer = store.writer();
  if (!writer) return writer.error();

  ImportReport report;
  report.file = label;
  // A typical export row is 40–80 bytes; reserving up front spares the hash tables rehashing.
  RowImporter importer(*writer, *layout, options, report,
                       std::filesystem::path(label).filename().string(), text.size() / 48);
  CsvRecord record;
  while (reader.next(record)) {
    if (auto imported = importer.import(record); !imported)
      return Error{label + ":" + std::to_string(record.line) + ": import abandoned, nothing was "
                   "stored: " + imported.error().message};
    if (options.after_row) {
      if (auto go_on = options.after_row(report.rows); !go_on)
        return Error{label + ": import abandoned, nothing was stored: " + go_on.error().message};
    }
  }

  if (auto finished = importer.finish(); !finished)
    return Error{label + ": import abandoned, nothing was stored: " + finished.error().message};

  ImportLogEntry log;
  log.file_name = std::filesystem::path(label).filename().string();
  log.file_bytes = static_cast<int64_t>(text.size());
  if (options.mapping && !options.mapping->file.empty())
    log.mapping = std::filesystem::path(options.mapping->file).filename().string();
  log.imported_at = importer.now();
  log.rows = report.rows;
  log.new_events = report.added;
  log.duplicates = report.already_present;
  log.ignored = report.ignored;
  log.rejected = static_cast<int64_t>(report.rejects.size());
  if (auto logged = store.record_import(log); !logged) return logged.error();
  if (auto committed = tx->commit(); !committed)
    return Error{label + ": import abandoned, nothing was stored: " + committed.error().message};
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

Result<ImportReport> import_events_file(CaseStore& store, const std::filesystem::path& file,
                                        const ImportOptions& options) {
  auto text = read_text_file(file);
  if (!text) return text.error();
  return import_events(store, *text, file.string(), options);
}

}  // namespace timescales
