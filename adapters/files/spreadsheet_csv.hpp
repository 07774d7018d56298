// The one writer of every CSV file the program makes for people (the reports' tables, flags,
// data problems): RFC 4180 (CRLF line ends, a header row, a field holding a comma, double quote,
// CR or LF in double quotes with inner quotes doubled), opened by a UTF-8 byte order mark so that
// Excel reads "Zoë" and "–" as written rather than in the Windows code page.
//
// Each cell is typed. A text cell that starts with = + - @ tab or CR, which a spreadsheet would
// run as a formula (team names, ids and messages come from the councils' own exports), is kept
// as text behind a leading apostrophe. A number cell is written as the number it is, so "-3"
// stays -3; a number cell whose text is not a plain decimal number is written as text instead.
//
// Thread-safety: a value; one writer per file, not shared.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace timescales {

inline constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// A field as RFC 4180 wants it written: quoted when it holds a comma, quote or line break.
std::string csv_field(std::string_view value);
// The same, for a file people open in a spreadsheet: text that came from outside and starts with
// = + - @ tab or CR (which a spreadsheet would run as a formula) is kept as text behind a leading '.
// What SpreadsheetCsv::text writes.
std::string spreadsheet_csv_field(std::string_view value);

class SpreadsheetCsv {
 public:
  // The header row, every name a text cell.
  explicit SpreadsheetCsv(const std::vector<std::string>& header);

  SpreadsheetCsv& text(std::string_view value);
  // `value` as a spreadsheet reads a number: -?digits[.digits]. Anything else goes as text.
  SpreadsheetCsv& number(std::string_view value);
  SpreadsheetCsv& number(long long value);
  void end_row();

  // The file so far: the byte order mark, the header and every ended row.
  const std::string& str() const { return out_; }

 private:
  void separate();
  std::string out_;
  bool row_started_ = false;
};

// Whether a spreadsheet would take `value` for a plain decimal number (-3, 66, 12.5).
bool is_plain_number(std::string_view value);

}  // namespace timescales
