#include "adapters/files/spreadsheet_csv.hpp"

namespace timescales {

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

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

bool is_plain_number(std::string_view value) {
  if (!value.empty() && value.front() == '-') value.remove_prefix(1);
  const auto point = value.find('.');
  if (point == std::string_view::npos) return all_digits(value);
  return all_digits(value.substr(0, point)) && all_digits(value.substr(point + 1));
}

SpreadsheetCsv::SpreadsheetCsv(const std::vector<std::string>& header) : out_(kUtf8ByteOrderMark) {
  for (const auto& name : header) text(name);
  end_row();
}

void SpreadsheetCsv::separate() {
  if (row_started_) out_ += ',';
  row_started_ = true;
}

SpreadsheetCsv& SpreadsheetCsv::text(std::string_view value) {
  separate();
  out_ += spreadsheet_csv_field(value);
  return *this;
}

SpreadsheetCsv& SpreadsheetCsv::number(std::string_view value) {
  if (!is_plain_number(value)) return text(value);
  separate();
  out_ += value;
  return *this;
}

SpreadsheetCsv& SpreadsheetCsv::number(long long value) { return number(std::to_string(value)); }

void SpreadsheetCsv::end_row() {
  out_ += "\r\n";
  row_started_ = false;
}

}  // namespace timescales
