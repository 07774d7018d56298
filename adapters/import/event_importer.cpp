#include "adapters/import/event_importer.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "adapters/import/csv_reader.hpp"
#include "adapters/import/export_file.hpp"
#include "adapters/import/export_layout.hpp"
#include "adapters/import/import_chunk.hpp"
#include "adapters/import/import_planner.hpp"
#include "adapters/store/timestamps.hpp"

namespace timescales {
namespace {

// Enough chunks that neither thread waits on the other for long; each holds kChunkEvents
// events (a whole number of the writer's batches) or kChunkRows rows, whichever comes first.
constexpr size_t kChunks = 4;
constexpr size_t kChunkEvents = CaseBatchWriter::kEventBatch * 32;
constexpr int64_t kChunkRows = 4096;

// The reading thread: plans every row after the header into chunks for the writer. Stored cases
// are looked up through the store's snapshot lookup (store_parts.hpp), which sees the store as it
// was when the import began: the import holds the write lock, so nothing commits in between, and
// a case the import has written is never looked up again. The lookup is closed before the
// writer is told the reading is over (an open read could keep the commit from finishing its
// work); the planner's tables, which take a while to free after a large export, are freed after
// that, while the writer commits.
void read_rows(CsvReader& reader, const ExportFile* file, const ExportLayout& layout,
               const ImportOptions& options, ImportReport& report,
               std::unique_ptr<CaseLookup> stored, size_t expected_cases, ChunkPipe& pipe) {
  Status status = Ok{};
  std::unique_ptr<ImportPlanner> planner;
  try {
    StoredCaseLookup lookup;
    StoredEventsLookup events;
    if (stored) {
      lookup = [&stored](const std::string& id) { return stored->find_case(id); };
      events = [&stored](const std::string& id) { return stored->events_in_force(id); };
    }
    planner = std::make_unique<ImportPlanner>(layout, options, report, std::move(lookup),
                                              expected_cases, std::move(events));
    ImportChunk* chunk = pipe.take_empty();
    CsvRecord record;
    while (chunk && reader.next(record)) {
      if (auto planned = planner->plan(record, *chunk); !planned) {
        status = Error{report.file + ":" + std::to_string(record.line) +
                       ": import abandoned, nothing was stored: " + planned.error().message};
        break;
      }
      if (chunk->event_count >= kChunkEvents || chunk->rows >= kChunkRows) {
        const int64_t rows_read = chunk->rows_before + chunk->rows;
        pipe.send(chunk);
        chunk = pipe.take_empty();
        if (chunk) chunk->rows_before = rows_read;
      }
    }
    // A read error ends the text early, which must not pass for the end of the export.
    if (status.ok() && file && !file->status())
      status = Error{report.file + ": import abandoned, nothing was stored: " +
                     file->status().error().message};
    if (chunk && status.ok() && chunk->rows > 0) pipe.send(chunk);
  } catch (const std::exception& e) {
    status = Error{report.file + ": import abandoned, nothing was stored: " + e.what()};
  }
  stored.reset();
  pipe.finish(std::move(status));
  planner.reset();
}

// What the writing thread adds to the report.
struct Written {
  int64_t cases_updated = 0;
};

// The writing thread: applies each chunk, in order, on the import's connection.
Result<Written> write_chunks(CaseBatchWriter& writer, ChunkPipe& pipe, const ImportOptions& options,
                             const std::string& label, const std::string& source_file,
                             const std::string& now) {
  Written written;
  std::vector<bool> counted;  // stored cases already counted as updated, by case_index
  while (ImportChunk* chunk = pipe.receive()) {
    auto failed = [&](const Error& e) {
      return Error{label + ":" + std::to_string(chunk->last_line) +
                   ": import abandoned, nothing was stored: " + e.message};
    };
    if (auto s = writer.insert_cases(chunk->new_cases.data(), chunk->new_case_count, now); !s)
      return failed(s.error());
    for (const CaseUpdate& u : chunk->updates) {
      auto updated = writer.update_case(u.record, now);
      if (!updated) return failed(updated.error());
      if (!u.stored || !*updated) continue;
      if (counted.size() <= u.case_index)
        counted.resize(std::max<size_t>(u.case_index + 1, counted.size() * 2));
      if (!counted[u.case_index]) {
        counted[u.case_index] = true;
        ++written.cases_updated;
      }
    }
    if (auto s = writer.insert_events(chunk->events.data(), chunk->event_count, source_file, now);
        !s)
      return failed(s.error());
    if (options.after_row) {
      for (int64_t row = chunk->rows_before + 1; row <= chunk->rows_before + chunk->rows; ++row) {
        if (auto go_on = options.after_row(row); !go_on)
          return Error{label + ": import abandoned, nothing was stored: " + go_on.error().message};
      }
    }
    pipe.give_back(chunk);
  }
  return written;
}

// Stops and waits for the reading thread on every way out of import_events().
struct ReaderJoin {
  std::thread& thread;
  ChunkPipe& pipe;
  ~ReaderJoin() {
    if (!thread.joinable()) return;
    pipe.cancel();
    thread.join();
  }
};

// Imports what `reader` reads: text given whole (file null), or `file` as it is read.
// `expected_bytes`: the text's size, or the file's when opened.
Result<ImportReport> import_from(CaseStore& store, CsvReader& reader, const ExportFile* file,
                                 size_t expected_bytes, const std::string& label,
                                 const ImportOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  static const ImportMapping native = native_import_layout();
  const ImportMapping& mapping = options.mapping ? *options.mapping : native;

  CsvRecord header;
  if (!reader.next(header)) return Error{label + ": the file is empty (not even a header row)"};
  auto layout = ExportLayout::resolve(mapping, header, label);
  if (!layout) return layout.error();

  // Cases and their events are written in separate batches, in either order (Work::import).
  auto tx = store.begin(CaseStore::Work::import);
  if (!tx) return tx.error().context(label);
  auto batch = store.batch_writer();
  if (!batch) return batch.error();
  CaseBatchWriter* writer = batch->get();

  // Into an empty store (the first load) no case needs looking up, nor a second connection.
  auto store_has_cases = writer->has_cases();
  if (!store_has_cases) return store_has_cases.error();
  std::unique_ptr<CaseLookup> stored;
  if (*store_has_cases) {
    auto opened = store.snapshot_lookup();
    if (!opened) return opened.error().context(label);
    stored = std::move(*opened);
  }

  const std::string now = utc_timestamp_now();
  const std::string source_file = std::filesystem::path(label).filename().string();
  ImportReport report;
  report.file = label;
  ImportReport planned;  // the reading thread's part, taken once it has finished
  planned.file = label;
  // A typical export row is 40–80 bytes, and a case has several.
  const size_t expected_cases = expected_bytes / 400;

  ChunkPipe pipe(kChunks);
  std::thread reading(read_rows, std::ref(reader), file, std::cref(*layout), std::cref(options),
                      std::ref(planned), std::move(stored), expected_cases, std::ref(pipe));
  const ReaderJoin join{reading, pipe};

  auto written = write_chunks(*writer, pipe, options, label, source_file, now);
  if (!written) return written.error();
  if (auto read = pipe.reader_status(); !read) return read.error();
  report.rows = planned.rows;
  report.ignored = planned.ignored;
  report.cases_added = planned.cases_added;
  report.rejects = std::move(planned.rejects);
  report.corrections = std::move(planned.corrections);
  for (auto& c : report.corrections) c.db = store.location();
  report.cases_updated = written->cases_updated;
  report.added = writer->batched_events_added();
  report.already_present = writer->batched_events_written() - report.added;

  // Too many rejected: the mapping or the export's layout is wrong, not a row here and there.
  // Nothing is kept (the unit of work rolls back), so the fixed file imports whole.
  const auto rejected = static_cast<int64_t>(report.rejects.size());
  const int64_t would_be_events = report.rows - report.ignored;
  if (rejected > 0 && (rejected == would_be_events ||
                       (options.max_rejected_share &&
                        static_cast<double>(rejected) > *options.max_rejected_share * static_cast<double>(would_be_events)))) {
    report.held_back = std::to_string(rejected) + " of its " + std::to_string(would_be_events) + " rows rejected" +
                       (rejected == would_be_events ? " (every one)" : "") +
                       (options.max_rejected_share && rejected < would_be_events
                            ? ", more than the " + std::to_string(static_cast<int>(*options.max_rejected_share * 100 + 0.5)) +
                                  "% allowed"
                            : "") +
                       ": nothing of it was imported";
    report.added = report.already_present = report.cases_added = report.cases_updated = 0;
    report.corrections.clear();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
  }

  ImportLogEntry log;
  log.file_name = source_file;
  log.file_bytes = static_cast<int64_t>(file ? file->bytes_read() : expected_bytes);
  if (options.mapping && !options.mapping->file.empty())
    log.mapping = std::filesystem::path(options.mapping->file).filename().string();
  log.imported_at = now;
  log.rows = report.rows;
  log.new_events = report.added;
  log.duplicates = report.already_present;
  log.ignored = report.ignored;
  log.rejected = static_cast<int64_t>(report.rejects.size());
  if (auto logged = store.record_import(log); !logged) return logged.error();
  std::vector<RejectedRowRecord> kept;
  for (const auto& r : report.rejects)
    if (!r.case_id.empty()) kept.push_back({r.case_id, r.event, source_file, r.line, r.reason, now});
  if (auto recorded = store.record_rejected_rows(kept); !recorded) return recorded.error().context(label);
  if (auto committed = (*tx)->commit(); !committed)
    return committed.error().context(label + ": import abandoned, nothing was stored");
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace

Result<ImportReport> import_events(CaseStore& store, std::string_view text,
                                   const std::string& label, const ImportOptions& options) {
  CsvReader reader(text);
  return import_from(store, reader, nullptr, text.size(), label, options);
}

Result<ImportReport> import_events_file(CaseStore& store, const std::filesystem::path& file,
                                        const ImportOptions& options) {
  auto opened = ExportFile::open(file);
  if (!opened) return opened.error();
  ExportFile& text = **opened;
  CsvReader reader(text);
  return import_from(store, reader, &text, text.expected_size(), file.string(), options);
}

}  // namespace timescales
