// An import's writes on their way from the thread that reads and judges the export's rows to the
// thread that writes them to SQLite, so that parsing, checking and SQLite's own work overlap.
//
// A few chunks circulate between the two: the reader fills an empty one with the writes for a
// stretch of rows, in file order, and sends it; the writer applies it and gives it back. Chunks
// are reused, so their strings keep their capacity and a row costs no allocation. Either side
// can stop the other: the reader by finishing (with an error, or after the last row), the writer
// by cancelling, after which the reader's next request for an empty chunk returns null.
//
// Thread-safety: ChunkPipe is for exactly one reader thread and one writer thread. A chunk
// belongs to whichever side last received it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "application/store/case_records.hpp"
#include "application/store/store_parts.hpp"

namespace timescales {

// A case the export changes. `stored`: the case was in the database before this import (so the
// first update that changes it counts as "updated"; a case this import added never does).
struct CaseUpdate {
  uint32_t case_index = 0;  // dense, in order of first sight
  bool stored = false;
  CaseRecord record;
};

struct ImportChunk {
  // Applied in this order. Putting a chunk's new cases before its updates is safe because an
  // update never precedes the insert of its own case, and the events' foreign keys are checked
  // at the commit, not per statement.
  std::vector<CaseRow> new_cases;  // the first new_case_count are this chunk's
  size_t new_case_count = 0;
  std::vector<CaseUpdate> updates;
  std::vector<EventRow> events;  // the first event_count are this chunk's
  size_t event_count = 0;

  int64_t rows_before = 0;  // rows of the export before this chunk's first
  int64_t rows = 0;         // rows this chunk covers: ignored and rejected ones too
  int last_line = 0;        // where its last row starts, for the message if writing fails

  CaseRow& add_case() {
    if (new_case_count == new_cases.size()) new_cases.emplace_back();
    return new_cases[new_case_count++];
  }
  EventRow& add_event() {
    if (event_count == events.size()) events.emplace_back();
    return events[event_count++];
  }
  void clear() {
    new_case_count = event_count = 0;
    updates.clear();
    rows_before = rows = 0;
    last_line = 0;
  }
};

class ChunkPipe {
 public:
  explicit ChunkPipe(size_t chunks);

  // Reader side. An empty chunk (cleared), waiting for the writer to give one back; null once
  // the writer has cancelled.
  ImportChunk* take_empty();
  void send(ImportChunk* chunk);
  // No more chunks: after the last row, or with the error that stopped the reader.
  void finish(Status status);

  // Writer side. The next chunk in file order, waiting for the reader; null after the last one,
  // and then reader_status() says whether the reader got to the end.
  ImportChunk* receive();
  void give_back(ImportChunk* chunk);
  void cancel();
  Status reader_status();

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::unique_ptr<ImportChunk>> chunks_;
  std::vector<ImportChunk*> empty_;
  std::deque<ImportChunk*> full_;
  bool finished_ = false;
  bool cancelled_ = false;
  Status status_ = Ok{};
};

}  // namespace timescales
