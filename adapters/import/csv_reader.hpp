// Reading CSV as councils' case systems and spreadsheets write it: RFC 4180 quoting (commas,
// doubled quotes and line breaks inside quoted fields), an optional UTF-8 byte-order mark, LF or
// CRLF line ends, and blank lines (typically trailing, sometimes ",,,,," from a spreadsheet),
// which are skipped.
//
// Each record carries the physical line it starts on (the header is line 1), which is what a
// person opening the file in an editor sees, even when a quoted field spans several lines. A
// malformed record (text after a closing quote, a quote never closed) is returned with an error
// so the importer can reject that row and go on; an unclosed quote swallows the rest of the
// file, so it is the last record.
//
// The text may be given whole or arrive a block at a time (GrowingText), so that parsing a large
// export can start before the file has been read to its end; the records are the same.
//
// Thread-safety: a reader borrows its text; use it from one thread while the text lives.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace timescales {

// Text read a block at a time, through a window. text() is what has been read and is still
// kept. more(keep_from) lets go of the text before offset keep_from of text() (so offsets into
// the next text() are that much smaller) and reads the next block: false when nothing more
// could be read. The window's address may change with each more().
class GrowingText {
 public:
  virtual ~GrowingText() = default;
  virtual std::string_view text() const = 0;
  virtual bool more(size_t keep_from) = 0;
};

struct CsvRecord {
  int line = 0;                     // 1-based physical line of the record's first character
  std::vector<std::string> fields;
  std::string error;                // empty when well formed
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view text);
  // Reads from `text`, which must outlive the reader, asking it for more as records run into
  // the end of what has been read.
  explicit CsvReader(GrowingText& text);

  // Reads the next non-blank record into `record` (its buffers are reused, which matters at a
  // few hundred thousand rows a second). False at the end of the text.
  bool next(CsvRecord& record);

 private:
  void read_record(CsvRecord& record);
  void read_quoted(std::string& field, CsvRecord& record);
  void read_unquoted(std::string& field);
  bool at_record_end() const;
  void consume_line_end();
  bool read_more(size_t keep_from);

  GrowingText* source_ = nullptr;
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace timescales
