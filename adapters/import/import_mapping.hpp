// How another system's export maps onto the native import layout (one event per row:
// case_id,workflow,event,date,reason plus attribute columns).
//
// A mapping is a TOML file (see mappings/*.example.toml): which export column holds the case
// reference, the event, its date and reason; the date format; the workflow, as a constant or a
// column; the event codes of the source system and the engine's event names they stand for (and
// codes to ignore, such as case notes); and which columns become case attributes. Only the
// columns it lists become attributes: case-system exports carry children's names and addresses,
// which the engine does not need and so does not keep.
//
// A mapping may also translate values ([values.cohort] "Looked After Child" = "child_in_care"),
// for the reason column ([values.reason]) or any attribute it names. A value in neither side of
// the table (not a source value, not already the engine's) rejects its row, as an unknown event
// code does: an untranslated "Looked After" must not pass for a cohort no rule knows.
//
// Errors carry the mapping file's line and column (parse_toml, TomlFields); so do the names it
// gives (check_import_mapping() in mapping_check.hpp checks them against the workflows).
//
// Thread-safety: plain values.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/import/export_dates.hpp"
#include "engine/core/result.hpp"

namespace timescales {

// An export column's header, and where the mapping named it (for "not in the header" errors).
struct MappedColumn {
  std::string header;
  std::optional<SourcePosition> where;
  bool optional = false;  // an export without this column is still accepted
};

struct ImportMapping {
  std::string file;  // the mapping file as given, or "" for the native layout
  std::string name;
  ExportDateFormat date_format = ExportDateFormat::iso;

  MappedColumn case_id;
  MappedColumn event;
  MappedColumn date;
  std::optional<MappedColumn> reason;
  // The event's time of day ("21:40", or "21:40:05"), where the export has one: a clock counted in
  // hours (a return home interview, 72 hours from the return) runs from it. A blank cell is a date
  // alone.
  std::optional<MappedColumn> time;
  std::optional<MappedColumn> workflow_column;
  std::optional<std::string> workflow;  // the same workflow for every row, instead of a column

  // (attribute name, column). The attributes `team` and `owner` also fill the case's own
  // team and owner, which reports group by.
  std::vector<std::pair<std::string, MappedColumn>> attributes;
  // Native layout: every column not named above is an attribute under its header's name.
  bool other_columns_are_attributes = false;

  // Transparent (std::less<>) so that each row's code is looked up without copying it.
  using CodeMap = std::map<std::string, std::string, std::less<>>;
  CodeMap event_codes;                                     // empty: the export uses engine names
  std::set<std::string, std::less<>> ignored_event_codes;  // rows counted as ignored, not rejected
  CodeMap workflow_codes;                                  // empty: the column holds engine names
  // [values.<reason or attribute>]: source value = engine value.
  std::map<std::string, CodeMap, std::less<>> value_codes;

  // Where each name the mapping gives stands in its file, for check_import_mapping(): keyed
  // "workflow" ([mapping] workflow), "events.<code>", "workflows.<code>", "values.<name>" (the
  // table) and "values.<name>.<value>".
  std::map<std::string, SourcePosition, std::less<>> positions;
  const SourcePosition* where(std::string_view key) const {
    const auto it = positions.find(key);
    return it == positions.end() ? nullptr : &it->second;
  }
};

// case_id,workflow,event,date[,reason][,time] with ISO dates; other columns are attributes.
ImportMapping native_import_layout();

Result<ImportMapping> parse_import_mapping(std::string_view text, const std::string& file);

}  // namespace timescales
