// A report table as plain strings: what the HTML report shows and the CSV files hold, built once
// so the two can never disagree.
//
// CSV is written by SpreadsheetCsv (adapters/files/spreadsheet_csv.hpp): RFC 4180 after a UTF-8
// byte order mark; a number column's numbers (and percentages, "66%" as 66) as numbers, every
// other cell as text kept from being run as a formula.
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
