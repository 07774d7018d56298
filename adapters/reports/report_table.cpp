#include "adapters/reports/report_table.hpp"

#include "adapters/import/csv_reader.hpp"

namespace timescales::reports {

std::string to_csv(const Table& table) {
  std::string out;
  auto line = [&](const auto& cells, auto text_of) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      out += csv_field(text_of(cells[i]));
    }
    out += "\r\n";
  };
  line(table.columns, [](const Column& c) { return c.name; });
  for (const auto& row : table.rows) line(row, [](const std::string& s) { return s; });
  return out;
}

}  // namespace timescales::reports
