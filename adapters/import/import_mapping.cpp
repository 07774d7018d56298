#include "adapters/import/import_mapping.hpp"

#include <algorithm>

#include "engine/core/toml_fields.hpp"

namespace timescales {
namespace {

// A misspelt key ("case-id", "date_fromat") must not be silently ignored: the import would
// then run with a default the council never chose.
Status only_known_keys(const TomlFields& fields, std::initializer_list<std::string_view> known,
                       std::string_view table_name) {
  for (const auto& [key, node] : fields.table()) {
    bool found = false;
    for (auto k : known) found = found || key.str() == k;
    if (!found) {
      std::string allowed;
      for (auto k : known) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
      return Error::at(position_of(node, fields.file()),
                       "unknown key '" + std::string(key.str()) + "' in " + std::string(table_name) +
                           " (expected one of: " + allowed + ")");
    }
  }
  return Ok{};
}

Result<MappedColumn> column(const TomlFields& columns, std::string_view key) {
  auto header = columns.string(key);
  if (!header) return header.error();
  if (header->empty()) return columns.error(key, "'" + std::string(key) + "' must name a column");
  return MappedColumn{*header, position_of(*columns.table().get(key), columns.file()), false};
}

// A [table] of string = string, e.g. [events] STG1RESP = "stage1_responded".
// Each value's position goes to `positions` under "<prefix>.<code>".
Result<ImportMapping::CodeMap> string_table(const toml::table& table, const std::string& file,
                                            const std::string& prefix, ImportMapping& m) {
  ImportMapping::CodeMap out;
  for (const auto& [code, node] : table) {
    auto value = node.value<std::string>();
    if (!value || value->empty()) {
      return Error::at(position_of(node, file),
                       "[" + prefix + "] '" + std::string(code.str()) + "' must be a non-empty string");
    }
    out.emplace(std::string(code.str()), *value);
    m.positions[prefix + "." + std::string(code.str())] = position_of(node, file);
  }
  return out;
}

Result<ImportMapping::CodeMap> string_table(const TomlFields& top, std::string_view key, ImportMapping& m) {
  auto table = top.subtable(key);
  if (!table) return table.error();
  if (!*table) return ImportMapping::CodeMap{};
  return string_table(**table, top.file(), std::string(key), m);
}

// [values.<name>]: one table per translated column, each named by the reason or an attribute.
Status value_tables(const TomlFields& top, ImportMapping& m) {
  auto values = top.subtable("values");
  if (!values) return values.error();
  if (!*values) return Ok{};
  for (const auto& [name_key, node] : **values) {
    const std::string name(name_key.str());
    const toml::table* table = node.as_table();
    if (!table)
      return Error::at(position_of(node, top.file()),
                       "[values] '" + name + "' must be a table: [values." + name + "] \"source value\" = \"engine value\"");
    const bool attribute = std::any_of(m.attributes.begin(), m.attributes.end(),
                                       [&](const auto& a) { return a.first == name; });
    if (name != "reason" && !attribute) {
      std::string known = m.reason ? "reason" : "";
      for (const auto& a : m.attributes) known += (known.empty() ? "" : ", ") + a.first;
      return Error::at(position_of(node, top.file()),
                       "[values." + name + "] translates neither the reason column nor an attribute the mapping names" +
                           " (it can translate: " + (known.empty() ? "nothing" : known) + ")");
    }
    if (name == "reason" && !m.reason)
      return Error::at(position_of(node, top.file()), "[values.reason] but [columns] names no reason column");
    m.positions["values." + name] = position_of(node, top.file());
    auto codes = string_table(*table, top.file(), "values." + name, m);
    if (!codes) return codes.error();
    m.value_codes.emplace(name, std::move(*codes));
  }
  return Ok{};
}

}  // namespace

ImportMapping native_import_layout() {
  ImportMapping m;
  m.name = "native";
  m.case_id = {"case_id", std::nullopt};
  m.event = {"event", std::nullopt};
  m.date = {"date", std::nullopt};
  m.reason = MappedColumn{"reason", std::nullopt, /*optional=*/true};
  m.time = MappedColumn{"time", std::nullopt, /*optional=*/true};
  m.workflow_column = MappedColumn{"workflow", std::nullopt};
  m.other_columns_are_attributes = true;
  return m;
}

Result<ImportMapping> parse_import_mapping(std::string_view text, const std::string& file) {
  auto parsed = parse_toml(text, file);
  if (!parsed) return parsed.error();
  const TomlFields top(*parsed, file);
  if (auto ok = only_known_keys(top, {"mapping", "columns", "attributes", "events", "workflows", "values"},
                                "the mapping file");
      !ok)
    return ok.error();

  ImportMapping m;
  m.file = file;

  auto header_table = top.subtable("mapping");
  if (!header_table) return header_table.error();
  if (!*header_table) return top.error_here("missing [mapping] (name, date_format, workflow)");
  const TomlFields header(**header_table, file);
  if (auto ok = only_known_keys(header, {"name", "description", "date_format", "workflow",
                                         "ignore_events"}, "[mapping]");
      !ok)
    return ok.error();
  auto name = header.string("name");
  if (!name) return name.error();
  m.name = *name;
  auto format_name = header.string_or("date_format", "yyyy-mm-dd");
  if (!format_name) return format_name.error();
  auto format = parse_export_date_format(*format_name);
  if (!format) return header.error("date_format", format.error().message);
  m.date_format = *format;
  if (header.has("workflow")) {
    auto workflow = header.string("workflow");
    if (!workflow) return workflow.error();
    m.workflow = *workflow;
    m.positions["workflow"] = position_of(*header.table().get("workflow"), file);
  }
  if (const toml::node* ignore = header.table().get("ignore_events")) {
    const toml::array* codes = ignore->as_array();
    if (!codes) return header.error("ignore_events", "'ignore_events' must be a list of codes");
    for (const auto& code : *codes) {
      auto text_code = code.value<std::string>();
      if (!text_code) return Error::at(position_of(code, file), "an ignored event code must be a string");
      m.ignored_event_codes.insert(*text_code);
    }
  }

  auto columns_table = top.subtable("columns");
  if (!columns_table) return columns_table.error();
  if (!*columns_table) return top.error_here("missing [columns] (case_id, event, date)");
  const TomlFields columns(**columns_table, file);
  if (auto ok = only_known_keys(columns, {"case_id", "workflow", "event", "date", "reason", "time"},
                                "[columns]");
      !ok)
    return ok.error();
  for (auto [key, slot] : {std::pair{"case_id", &m.case_id}, {"event", &m.event}, {"date", &m.date}}) {
    auto c = column(columns, key);
    if (!c) return c.error();
    *slot = *c;
  }
  for (auto [key, slot] : {std::pair{"reason", &m.reason}, {"time", &m.time}}) {
    if (!columns.has(key)) continue;
    auto c = column(columns, key);
    if (!c) return c.error();
    *slot = *c;
  }
  if (columns.has("workflow")) {
    if (m.workflow) return columns.error("workflow", "give the workflow either as [mapping] workflow "
                                                     "or as [columns] workflow, not both");
    auto c = column(columns, "workflow");
    if (!c) return c.error();
    m.workflow_column = *c;
  } else if (!m.workflow) {
    return header.error_here("say which workflow the rows follow: [mapping] workflow = \"…\" for "
                             "all of them, or [columns] workflow = \"<column>\"");
  }

  auto attributes = top.subtable("attributes");
  if (!attributes) return attributes.error();
  if (*attributes) {
    const TomlFields attribute_fields(**attributes, file);
    for (const auto& [attribute, node] : **attributes) {
      auto c = column(attribute_fields, attribute.str());
      if (!c) return c.error();
      m.attributes.emplace_back(std::string(attribute.str()), *c);
    }
  }

  auto events = string_table(top, "events", m);
  if (!events) return events.error();
  m.event_codes = std::move(*events);
  auto workflows = string_table(top, "workflows", m);
  if (!workflows) return workflows.error();
  m.workflow_codes = std::move(*workflows);
  if (auto values = value_tables(top, m); !values) return values.error();
  return m;
}

}  // namespace timescales
