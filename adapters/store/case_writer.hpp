// Writing cases and events through statements prepared once, for imports of a million rows as
// much as for one event typed at the command line. All SQL that writes `cases` and `events` is in
// case_writer.cpp.
//
// The writer does not begin or commit: the caller owns the transaction (an import wraps a whole
// file in one), so a failure anywhere rolls everything back.
//
// Thread-safety: as its Connection; must not outlive it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "application/store/case_records.hpp"
#include "application/store/store_parts.hpp"
#include "adapters/store/sqlite_connection.hpp"
#include "adapters/store/sqlite_statement.hpp"

namespace timescales {

class CaseWriter final : public CaseBatchWriter {
 public:
  static Result<CaseWriter> prepare(sqlite::Connection& db);

  // Whether the store holds any case at all (flushed ones included): an import into an empty
  // store need not look each case up.
  Result<bool> has_cases() override;
  // The stored case, or nullopt when there is none. created_at/updated_at are filled.
  Result<std::optional<CaseRecord>> find_case(const std::string& id) override;
  Status insert_case(const CaseRecord& record, const std::string& now);
  // Merges into the stored case: the workflow is replaced, attributes are merged key by key (a
  // key the record lacks keeps its stored value), and version, owner and team are replaced when
  // given. True when anything changed (updated_at moves only then).
  Result<bool> update_case(const CaseRecord& record, const std::string& now) override;
  Result<bool> set_closed(const std::string& case_id, bool closed, const std::string& now) override;

  // Appends unless an event with the same identity (case, type, date, reason, occurrence) is
  // already stored; then nothing is written and added is false. The caller has made sure the
  // case exists (the foreign key refuses it otherwise).
  Result<AppendedEvent> append_event(const std::string& case_id, const CaseEvent& event,
                                     int occurrence, const EventSource& source,
                                     const std::string& recorded_at,
                                     std::optional<int64_t> supersedes = std::nullopt);
  // The id of the stored event with that identity, if any.
  Result<std::optional<int64_t>> find_event(const std::string& case_id, const CaseEvent& event,
                                            int occurrence);
  // One more than the highest occurrence stored for (case, type, date, reason).
  Result<int> next_occurrence(const std::string& case_id, const CaseEvent& event);

  // The bulk path, for imports. A statement per row costs more than the row itself, so rows
  // are inserted kCaseBatch or kEventBatch to a statement.
  static constexpr size_t kCaseBatch = 32;

  using CaseRow = timescales::CaseRow;    // case_records.hpp
  using EventRow = timescales::EventRow;
  // Insert the rows as given; an event whose identity is already stored is skipped as by
  // append_event. An event's case must exist by the end of the call, or by the commit under
  // PRAGMA defer_foreign_keys (then cases and their events may be inserted in either order).
  Status insert_cases(const CaseRow* rows, size_t count, const std::string& now) override;
  Status insert_events(const EventRow* rows, size_t count, const std::string& source_file,
                       const std::string& recorded_at) override;

  // The same, buffered: new cases are queued and inserted a batch at a time, events likewise.
  // Duplicate events are skipped as by append_event. A queued case is not seen by find_case
  // until flushed (update_case flushes first); call flush_events(), which flushes cases before
  // events, before committing.
  Status queue_case(const CaseRecord& record, const std::string& now) override;
  Status queue_event(const std::string& case_id, const CaseEvent& event, int occurrence,
                     const EventSource& source, const std::string& recorded_at) override;
  Status flush_cases();
  Status flush_events() override;
  // Events inserted by insert_events() and the queue so far, and how many of them were new.
  int64_t batched_events_written() const override { return batch_written_; }
  int64_t batched_events_added() const override { return batch_added_; }

 private:
  CaseWriter(sqlite::Connection& db) : db_(&db) {}
  // The insert of exactly `rows` rows, prepared the first time that many are written.
  Result<sqlite::Statement*> case_batch(size_t rows);
  Result<sqlite::Statement*> event_batch(size_t rows);
  Status insert_case_batch(const CaseRow* rows, size_t count, const std::string& now);
  Status insert_event_batch(const EventRow* rows, size_t count, const std::string& source_file,
                            const std::string& recorded_at);
  // The time of day of the event with this identity ("21:40"); kept until run() returns.
  Status insert_event_time(const std::string& case_id, const std::string& type, const std::string& date,
                           const std::string& reason, int occurrence, const std::string& time);

  sqlite::Connection* db_;
  std::optional<sqlite::Statement> find_case_;
  std::optional<sqlite::Statement> update_case_;
  std::optional<sqlite::Statement> insert_event_;
  std::optional<sqlite::Statement> find_event_;
  std::optional<sqlite::Statement> next_occurrence_;
  std::optional<sqlite::Statement> set_closed_;
  std::optional<sqlite::Statement> has_cases_;
  std::optional<sqlite::Statement> insert_event_time_;
  // Indexed by the number of rows each inserts; prepared when first needed.
  std::vector<std::optional<sqlite::Statement>> insert_events_;
  std::vector<std::optional<sqlite::Statement>> insert_cases_;
  // The queues, a batch long; their strings keep their capacity from one batch to the next.
  // Rows queued together share a timestamp and source file: one that differs flushes first.
  std::vector<CaseRow> pending_cases_;
  size_t pending_case_count_ = 0;
  std::string pending_cases_now_;
  std::vector<EventRow> pending_;
  size_t pending_count_ = 0;
  std::string pending_source_file_, pending_recorded_at_;
  int64_t batch_written_ = 0;
  int64_t batch_added_ = 0;
};

}  // namespace timescales
