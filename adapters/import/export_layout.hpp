// An export's header matched against a mapping: which column index holds what. Reading a row
// through it yields the event in the engine's terms, a row to ignore, or why the row is rejected.
//
// Resolving fails for the whole file (nothing is imported) when a column the mapping needs is
// missing from the header; individual rows are then judged one by one.
//
// Thread-safety: immutable once resolved; read() may be called from several threads.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "adapters/import/csv_reader.hpp"
#include "adapters/import/import_mapping.hpp"
#include "engine/calendar/date.hpp"
#include "engine/calendar/time_of_day.hpp"

namespace timescales {

struct ExportRow {
  std::string case_id;
  std::string workflow;  // empty when the export leaves it to the case already stored
  std::string event;     // the engine's event name
  Date date{};
  std::string date_text;  // yyyy-mm-dd, as the store keeps it
  std::string reason;
  std::string time;  // "HH:MM" (seconds dropped); empty: the export gave a date alone
  // Parallel to ExportLayout::attribute_names(); empty means "not given in this row", which
  // leaves a stored value alone rather than erasing it.
  std::vector<std::string> attributes;
};

enum class RowVerdict { event, ignored, rejected };

class ExportLayout {
 public:
  // `export_file` is used in messages only.
  static Result<ExportLayout> resolve(const ImportMapping& mapping, const CsvRecord& header,
                                      const std::string& export_file);

  // Fills `row` (buffers reused) or `why` (the reason a person reads in the rejects report).
  RowVerdict read(const CsvRecord& record, ExportRow& row, std::string& why) const;

  const std::vector<std::string>& attribute_names() const { return attribute_names_; }

 private:
  explicit ExportLayout(const ImportMapping& mapping) : mapping_(&mapping) {}

  // A [values.<name>] table, and the engine values it yields (which pass as they are).
  struct Translation {
    std::string name;
    const ImportMapping::CodeMap* codes = nullptr;
    std::set<std::string, std::less<>> engine_values;
  };
  static std::optional<Translation> translation(const ImportMapping& mapping, const std::string& name);
  // The translated value into `out`, or false (and `why`) for a value the table does not know.
  static bool translate(const Translation& t, std::string_view value, std::string& out, std::string& why);

  const ImportMapping* mapping_;
  std::optional<Translation> reason_values_;
  std::vector<std::optional<Translation>> attribute_values_;  // parallel to attribute_names_
  size_t width_ = 0;
  size_t case_id_ = 0, event_ = 0, date_ = 0;
  std::optional<size_t> reason_, time_, workflow_;
  std::vector<std::string> attribute_names_;
  std::vector<size_t> attribute_columns_;
  std::vector<std::string> column_names_;
};

}  // namespace timescales
