#include "adapters/import/export_layout.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>

#include "application/store/case_records.hpp"

namespace timescales {
namespace {

std::string_view trimmed(std::string_view s) {
  size_t first = 0, last = s.size();
  while (first < last && (s[first] == ' ' || s[first] == '\t')) ++first;
  while (last > first && (s[last - 1] == ' ' || s[last - 1] == '\t')) --last;
  return s.substr(first, last - first);
}

// Headers are compared without regard to case or surrounding spaces: "Case ID " is "case id".
std::string header_key(std::string_view s) {
  std::string out(trimmed(s));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Exports are meant to be UTF-8; a Windows-1252 file (a "£" or a curly quote) is caught here rather
// than stored as bytes no report can print.
bool valid_utf8(std::string_view s) {
  size_t i = 0;
  // Most fields are ASCII through and through: eight bytes at a time until one is not.
  for (uint64_t word; i + 8 <= s.size(); i += 8) {
    std::memcpy(&word, s.data() + i, 8);
    if (word & 0x8080808080808080ULL) break;
  }
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t extra = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) low = 0xA0;   // overlong
      if (c == 0xED) high = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < low || second > high) return false;
    for (size_t k = 2; k <= extra; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += extra + 1;
  }
  return true;
}

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

std::optional<ExportLayout::Translation> ExportLayout::translation(const ImportMapping& mapping,
                                                                   const std::string& name) {
  const auto it = mapping.value_codes.find(name);
  if (it == mapping.value_codes.end()) return std::nullopt;
  Translation t{name, &it->second, {}};
  for (const auto& [from, to] : it->second) t.engine_values.insert(to);
  return t;
}

bool ExportLayout::translate(const Translation& t, std::string_view value, std::string& out, std::string& why) {
  if (value.empty()) {
    out.clear();
    return true;
  }
  if (const auto it = t.codes->find(value); it != t.codes->end()) {
    out = it->second;
    return true;
  }
  if (t.engine_values.contains(value)) {
    out.assign(value);
    return true;
  }
  why = t.name + " " + in_quotes(value) + " is not in the mapping's [values." + t.name + "]";
  return false;
}

Result<ExportLayout> ExportLayout::resolve(const ImportMapping& mapping, const CsvRecord& header,
                                           const std::string& export_file) {
  ExportLayout layout(mapping);
  layout.width_ = header.fields.size();
  std::vector<std::string> keys;
  for (const auto& name : header.fields) keys.push_back(header_key(name));
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].empty()) continue;
    for (size_t j = i + 1; j < keys.size(); ++j) {
      if (keys[i] == keys[j]) {
        return Error::at({export_file, header.line, 0},
                         "the header names column " + in_quotes(header.fields[i]) + " twice");
      }
    }
  }
  if (!header.error.empty()) return Error::at({export_file, header.line, 0}, header.error);

  std::vector<bool> used(keys.size(), false);
  auto find = [&](const MappedColumn& c) -> Result<size_t> {
    const auto it = std::find(keys.begin(), keys.end(), header_key(c.header));
    if (it == keys.end()) {
      std::string message = export_file + " has no column " + in_quotes(c.header) + " (its header is: ";
      for (size_t i = 0; i < header.fields.size(); ++i)
        message += (i ? ", " : "") + header.fields[i];
      message += ")";
      if (c.where) return Error::at(*c.where, message);
      return Error::at({export_file, header.line, 0}, message);
    }
    const auto index = static_cast<size_t>(it - keys.begin());
    used[index] = true;
    return index;
  };

  for (auto [column, slot] : {std::pair{&mapping.case_id, &layout.case_id_},
                              {&mapping.event, &layout.event_}, {&mapping.date, &layout.date_}}) {
    auto index = find(*column);
    if (!index) return index.error();
    *slot = *index;
  }
  if (mapping.workflow_column) {
    auto index = find(*mapping.workflow_column);
    if (!index) return index.error();
    layout.workflow_ = *index;
  }
  // An optional column (the native layout's reason and time) may be absent from the header.
  for (auto [column, slot] : {std::pair{&mapping.reason, &layout.reason_}, {&mapping.time, &layout.time_}}) {
    if (!*column) continue;
    if (!(*column)->optional || std::find(keys.begin(), keys.end(), header_key((*column)->header)) != keys.end()) {
      auto index = find(**column);
      if (!index) return index.error();
      *slot = *index;
    }
  }
  for (const auto& [attribute, column] : mapping.attributes) {
    auto index = find(column);
    if (!index) return index.error();
    layout.attribute_names_.push_back(attribute);
    layout.attribute_columns_.push_back(*index);
  }
  if (mapping.other_columns_are_attributes) {
    for (size_t i = 0; i < keys.size(); ++i) {
      if (used[i] || keys[i].empty()) continue;
      layout.attribute_names_.emplace_back(trimmed(header.fields[i]));
      layout.attribute_columns_.push_back(i);
    }
  }
  layout.column_names_ = header.fields;
  layout.reason_values_ = translation(mapping, "reason");
  for (const auto& name : layout.attribute_names_) layout.attribute_values_.push_back(translation(mapping, name));
  return layout;
}

RowVerdict ExportLayout::read(const CsvRecord& record, ExportRow& row, std::string& why) const {
  row.case_id.clear();
  row.event.clear();  // a rejected row's event is known only once read (RejectedRow::event)
  if (!record.error.empty()) {
    why = record.error;
    return RowVerdict::rejected;
  }
  if (record.fields.size() != width_) {
    why = "the row has " + std::to_string(record.fields.size()) + " fields; the header has " +
          std::to_string(width_) + " (an unquoted comma?)";
    return RowVerdict::rejected;
  }
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (!valid_utf8(record.fields[i])) {
      why = "column " + in_quotes(column_names_[i]) + " is not UTF-8 text (save the export as UTF-8)";
      return RowVerdict::rejected;
    }
  }
  const ImportMapping& m = *mapping_;

  row.case_id.assign(trimmed(record.fields[case_id_]));
  if (row.case_id.empty()) {
    why = "missing case id (column " + in_quotes(column_names_[case_id_]) + ")";
    return RowVerdict::rejected;
  }

  const std::string_view code = trimmed(record.fields[event_]);
  if (code.empty()) {
    why = "missing event (column " + in_quotes(column_names_[event_]) + ")";
    return RowVerdict::rejected;
  }
  if (m.ignored_event_codes.contains(code))
    return RowVerdict::ignored;
  if (m.event_codes.empty()) {
    row.event.assign(code);
  } else {
    const auto it = m.event_codes.find(code);
    if (it == m.event_codes.end()) {
      why = "event code " + in_quotes(code) + " is not in the mapping's [events]";
      return RowVerdict::rejected;
    }
    row.event = it->second;
  }

  const std::string_view date_text = trimmed(record.fields[date_]);
  if (date_text.empty()) {
    why = "missing date (column " + in_quotes(column_names_[date_]) + ")";
    return RowVerdict::rejected;
  }
  auto date = parse_export_date(date_text, m.date_format);
  if (!date) {
    why = date.error().message;
    return RowVerdict::rejected;
  }
  row.date = *date;
  // An ISO date that parsed is already in the store's form; others are written out.
  if (m.date_format == ExportDateFormat::iso) {
    row.date_text.assign(date_text);
  } else {
    row.date_text = to_iso(row.date);
  }

  const std::string_view reason = reason_ ? trimmed(record.fields[*reason_]) : std::string_view{};
  if (reason_values_) {
    if (!translate(*reason_values_, reason, row.reason, why)) return RowVerdict::rejected;
  } else {
    row.reason.assign(reason);
  }

  row.time.clear();
  if (time_) {
    const std::string_view time = trimmed(record.fields[*time_]);
    if (!time.empty()) {
      auto at = parse_time_of_day(time);
      if (!at) {
        why = "column " + in_quotes(column_names_[*time_]) + ": " + at.error().message;
        return RowVerdict::rejected;
      }
      row.time = to_hh_mm(*at);
    }
  }

  if (workflow_) {
    const std::string_view workflow = trimmed(record.fields[*workflow_]);
    if (m.workflow_codes.empty() || workflow.empty()) {
      row.workflow.assign(workflow);
    } else {
      const auto it = m.workflow_codes.find(workflow);
      if (it == m.workflow_codes.end()) {
        why = "workflow " + in_quotes(workflow) + " is not in the mapping's [workflows]";
        return RowVerdict::rejected;
      }
      row.workflow = it->second;
    }
  } else if (m.workflow) {
    row.workflow = *m.workflow;  // assigned, not value_or(): that would build a string a row
  } else {
    row.workflow.clear();
  }

  row.attributes.resize(attribute_columns_.size());
  for (size_t i = 0; i < attribute_columns_.size(); ++i) {
    const std::string_view value = trimmed(record.fields[attribute_columns_[i]]);
    if (attribute_values_[i]) {
      if (!translate(*attribute_values_[i], value, row.attributes[i], why)) return RowVerdict::rejected;
    } else {
      row.attributes[i].assign(value);
    }
  }
  return RowVerdict::event;
}

}  // namespace timescales
