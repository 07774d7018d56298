#include "adapters/import/csv_reader.hpp"

#include <algorithm>

namespace timescales {

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
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
  while (pos_ < text_.size()) {
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
    // Spreadsheets pad the end of an export with ",,,," or spaces; such a line holds nothing.
    const bool blank = std::all_of(record.fields.begin(), record.fields.end(), [](const std::string& f) {
      return f.find_first_not_of(" \t") == std::string::npos;
    });
    if (!blank || !record.error.empty()) return true;
  }
  return false;
}

void CsvReader::read_unquoted(std::string& field) {
  const size_t start = pos_;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == ',' || c == '\n' || c == '\r') break;
    ++pos_;
  }
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

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string spreadsheet_csv_field(std::string_view value) {
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos)
    return csv_field("'" + std::string(value));
  return csv_field(value);
}

}  // namespace timescales
