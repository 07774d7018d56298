#include "adapters/reports/report_table.hpp"

#include "adapters/files/spreadsheet_csv.hpp"

namespace timescales::reports {

std::string to_csv(const Table& table) {
  std::vector<std::string> header;
  for (const auto& c : table.columns) header.push_back(c.name);
  SpreadsheetCsv csv(header);
  for (const auto& row : table.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      std::string_view cell = row[i];
      if (i >= table.columns.size() || table.columns[i].kind != ColumnKind::number) {
        csv.text(cell);
        continue;
      }
      // A percentage is a number in a spreadsheet, its column's name already saying "%": "66%"
      // is written 66, so that it can be summed and charted. Anything else not a plain number
      // ("–", "75% (configurable)", "3 working days") stays text.
      if (cell.size() > 1 && cell.back() == '%' && is_plain_number(cell.substr(0, cell.size() - 1)))
        cell.remove_suffix(1);
      csv.number(cell);
    }
    csv.end_row();
  }
  return csv.str();
}

}  // namespace timescales::reports
