// A report table as plain strings: what the HTML report shows and the CSV files hold, built once
// so the two can never disagree.
//
// CSV follows RFC 4180: CRLF line ends, a header row, fields containing a comma, double quote,
// CR or LF enclosed in double quotes with inner quotes doubled. UTF-8 without a byte-order mark.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <vector>

namespace timescales::reports {

// How a column is shown in HTML: numbers right-aligned; RAG and direction cells coloured and
// worded (never colour alone, so a black-and-white printout still reads).
enum class ColumnKind { text, number, rag, direction, status };

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::text;
};

struct Table {
  std::string file;   // CSV file name stem: "complaints-stage1"
  std::string title;  // "How quickly do we respond to complaints (Stage 1)"
  std::string note;   // what the figures mean, shown under the table
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
};
std::string to_csv(const Table& table);

}  // namespace timescales::reports
