#include "adapters/import/csv_reader.hpp"

#include <algorithm>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace timescales {
namespace {

bool ends_field(char c) { return c == ',' || c == '\n' || c == '\r'; }

// Where the unquoted field starting at `from` ends: the first comma or line end. Sixteen bytes
// at a time where SSE2 is there (every x86-64); this is most of the reading of an export.
size_t field_end(std::string_view text, size_t from) {
  size_t i = from;
#ifdef __SSE2__
  const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const __m128i hits = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(bytes, comma), _mm_cmpeq_epi8(bytes, lf)),
        _mm_cmpeq_epi8(bytes, cr));
    if (const int mask = _mm_movemask_epi8(hits); mask != 0)
      return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (i < text.size() && !ends_field(text[i])) ++i;
  return i;
}

bool blank(const std::string& field) {
  for (const char c : field)
    if (c != ' ' && c != '\t') return false;
  return true;
}

}  // namespace

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

CsvReader::CsvReader(GrowingText& text) : source_(&text), text_(text.text()) {
  while (text_.size() < 3 && read_more(0)) {
  }
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool CsvReader::read_more(size_t keep_from) {
  if (!source_) return false;
  const bool more = source_->more(keep_from);
  text_ = source_->text();
  pos_ -= keep_from;
  return more;
}

bool CsvReader::at_record_end() const {
  return pos_ >= text_.size() || text_[pos_] == '\n' || text_[pos_] == '\r';
}

void CsvReader::consume_line_end() {
  if (pos_ >= text_.size()) return;
  if (text_[pos_] == '\r') {
    ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
  } else if (text_[pos_] == '\n') {
    ++pos_;
  }
  ++line_;
}

bool CsvReader::next(CsvRecord& record) {
  for (;;) {
    if (pos_ >= text_.size() && !read_more(pos_)) return false;
    const size_t start = pos_;
    const int start_line = line_;
    read_record(record);
    // A record that reaches the end of what has been read may go on in what has not (a CR
    // whose LF is in the next block, a quoted field): read on, and read the record again.
    if (pos_ >= text_.size() && source_) {
      const size_t length = pos_ - start;
      pos_ = start;
      if (read_more(start)) {
        line_ = start_line;
        continue;
      }
      pos_ += length;
    }
    // Spreadsheets pad the end of an export with ",,,," or spaces; such a line holds nothing.
    if (!std::all_of(record.fields.begin(), record.fields.end(), blank) || !record.error.empty())
      return true;
  }
}

void CsvReader::read_record(CsvRecord& record) {
  record.line = line_;
  record.error.clear();
  size_t count = 0;
  for (;;) {
    if (count == record.fields.size()) record.fields.emplace_back();
    std::string& field = record.fields[count++];
    field.clear();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      read_quoted(field, record);
    } else {
      read_unquoted(field);
    }
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    consume_line_end();
    break;
  }
  record.fields.resize(count);
}

void CsvReader::read_unquoted(std::string& field) {
  const size_t start = pos_;
  pos_ = field_end(text_, pos_);
  field.assign(text_.data() + start, pos_ - start);
}

void CsvReader::read_quoted(std::string& field, CsvRecord& record) {
  const int opened_on = line_;
  ++pos_;  // the opening quote
  for (;;) {
    const size_t quote = text_.find('"', pos_);
    const size_t end = quote == std::string_view::npos ? text_.size() : quote;
    // Line breaks inside the field are kept (as \n) and counted, so later rows keep their lines.
    for (size_t i = pos_; i < end; ++i) {
      const char c = text_[i];
      if (c == '\r') {
        field += '\n';
        ++line_;
        if (i + 1 < end && text_[i + 1] == '\n') ++i;
      } else {
        if (c == '\n') ++line_;
        field += c;
      }
    }
    if (quote == std::string_view::npos) {
      pos_ = text_.size();
      record.error = "a quoted field opened on line " + std::to_string(opened_on) +
                     " is never closed (the rest of the file was read into it)";
      return;
    }
    pos_ = quote + 1;
    if (pos_ < text_.size() && text_[pos_] == '"') {  // "" stands for one quote
      field += '"';
      ++pos_;
      continue;
    }
    break;
  }
  if (pos_ < text_.size() && text_[pos_] != ',' && !at_record_end()) {
    if (record.error.empty())
      record.error = "text follows a closing quote on line " + std::to_string(line_);
    std::string rest;
    read_unquoted(rest);
    field += rest;
  }
}

}  // namespace timescales
