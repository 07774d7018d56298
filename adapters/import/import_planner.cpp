#include "adapters/import/import_planner.hpp"

namespace timescales {

ImportPlanner::Names::Names() { names_.push_back(&ids_.emplace("", 0).first->first); }

uint32_t ImportPlanner::Names::id(const std::string& name) {
  if (name.empty()) return 0;  // most rows have no reason
  const auto [it, added] = ids_.try_emplace(name, static_cast<uint32_t>(names_.size()));
  if (added) names_.push_back(&it->first);
  return it->second;
}

ImportPlanner::ImportPlanner(const ExportLayout& layout, const ImportOptions& options,
                             ImportReport& report, StoredCaseLookup stored, size_t expected_cases,
                             StoredEventsLookup stored_events)
    : layout_(layout), options_(options), report_(report), stored_(std::move(stored)),
      stored_events_(std::move(stored_events)) {
  seen_.reserve(expected_cases);
  const auto& names = layout.attribute_names();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "team") team_ = i;
    if (names[i] == "owner") owner_ = i;
  }
}

Status ImportPlanner::plan(const CsvRecord& record, ImportChunk& chunk) {
  ++report_.rows;
  ++chunk.rows;
  chunk.last_line = record.line;
  std::string why;
  switch (layout_.read(record, row_, why)) {
    case RowVerdict::ignored: ++report_.ignored; return Ok{};
    case RowVerdict::rejected: reject(record, std::move(why)); return Ok{};
    case RowVerdict::event: break;
  }
  event_id_ = names_.id(row_.event);
  auto seen = find_case(record, chunk);
  if (!seen) return seen.error();
  if (!*seen) return Ok{};  // rejected

  const int occurrence = next_occurrence(**seen);
  if (!(*seen)->stored_events.empty() && possible_correction(record, **seen, occurrence)) return Ok{};
  EventRow& event = chunk.add_event();
  event.case_id = row_.case_id;
  event.type = row_.event;
  event.date = row_.date_text;
  event.reason = row_.reason;
  event.time = row_.time;
  event.occurrence = occurrence;
  event.source_row = record.line;
  return Ok{};
}

// The row restates a stored event exactly (already present: the writer skips it), or restates
// differently one of the same event that no row has restated yet (a possible correction), or is
// new. Stored events are paired with rows in export order.
bool ImportPlanner::possible_correction(const CsvRecord& record, SeenCase& seen, int occurrence) {
  const auto day = static_cast<int32_t>(row_.date.time_since_epoch().count());
  const uint32_t reason = names_.id(row_.reason);
  for (StoredOccurrence& s : seen.stored_events) {
    if (s.event == event_id_ && s.day == day && s.reason == reason && s.occurrence == occurrence) {
      s.restated = true;
      return false;
    }
  }
  for (StoredOccurrence& s : seen.stored_events) {
    if (s.event != event_id_ || s.restated) continue;
    s.restated = true;
    // Not stored, so the next identical row is numbered as this one would have been.
    for (Occurrence& o : seen.occurrences)
      if (o.event == event_id_ && o.day == day && o.reason == reason) --o.count;
    PossibleCorrection c;
    c.file = report_.file;
    c.line = record.line;
    c.case_id = row_.case_id;
    c.event = row_.event;
    c.stored_event_id = s.id;
    c.stored_date = to_iso(Date(std::chrono::days(s.day)));
    c.stored_reason = names_.name(s.reason);
    c.date = row_.date_text;
    c.reason = row_.reason;
    report_.corrections.push_back(std::move(c));
    return true;
  }
  return false;
}

Status ImportPlanner::load_stored_events(SeenCase& seen) {
  if (!stored_events_) return Ok{};
  auto events = stored_events_(row_.case_id);
  if (!events) return events.error();
  for (const StoredEvent& e : *events)
    seen.stored_events.push_back({e.id, names_.id(e.event.type), names_.id(e.event.reason),
                                  static_cast<int32_t>(e.event.date.time_since_epoch().count()), e.occurrence, false});
  return Ok{};
}

void ImportPlanner::reject(const CsvRecord& record, std::string why) {
  report_.rejects.push_back({report_.file, record.line, row_.case_id, std::move(why), row_.event});
}

// The validator's verdict on (workflow, event), asked once per distinct pair: it depends on the
// installed workflows only, and asking cost more than the rest of the row.
const std::optional<std::string>& ImportPlanner::invalid(uint32_t workflow) {
  const uint64_t key = uint64_t{workflow} << 32 | event_id_;
  auto it = verdicts_.find(key);
  if (it == verdicts_.end()) {
    std::optional<std::string> why;
    if (options_.validate) {
      if (auto valid = options_.validate(names_.name(workflow), row_.event); !valid)
        why = valid.error().message;
    }
    it = verdicts_.emplace(key, std::move(why)).first;
  }
  return it->second;
}

CaseRecord ImportPlanner::record_from_row(const std::string& workflow) const {
  CaseRecord r;
  r.id = row_.case_id;
  r.workflow = workflow;
  const auto& names = layout_.attribute_names();
  for (size_t i = 0; i < names.size(); ++i)
    if (!row_.attributes[i].empty()) r.attributes[names[i]] = row_.attributes[i];
  if (team_ && !row_.attributes[*team_].empty()) r.team = row_.attributes[*team_];
  if (owner_ && !row_.attributes[*owner_].empty()) r.owner = row_.attributes[*owner_];
  return r;
}

// The case the row belongs to, written when new, reclassified or given new attribute values;
// null when the row is rejected instead.
Result<ImportPlanner::SeenCase*> ImportPlanner::find_case(const CsvRecord& record,
                                                          ImportChunk& chunk) {
  // An export lists a case's rows together, as a rule: the previous row's case is tried first.
  SeenCase* seen = nullptr;
  if (last_ && row_.case_id == last_id_) {
    seen = last_;
  } else {
    auto it = seen_.find(row_.case_id);
    if (it == seen_.end()) return first_sight(record, chunk);
    seen = last_ = &it->second;
    last_id_ = row_.case_id;
  }
  const std::string& workflow = names_.name(seen->workflow);
  if (!row_.workflow.empty() && row_.workflow != workflow) {
    reject(record, "case '" + row_.case_id + "' follows '" + workflow + "' on line " +
                       std::to_string(seen->first_line) + "; this row says '" + row_.workflow + "'");
    return nullptr;
  }
  if (const auto& why = invalid(seen->workflow)) {
    reject(record, *why);
    return nullptr;
  }
  bool differs = false;
  for (size_t i = 0; i < row_.attributes.size(); ++i)
    differs = differs || (!row_.attributes[i].empty() && row_.attributes[i] != seen->attributes[i]);
  if (!differs) return seen;
  for (size_t i = 0; i < row_.attributes.size(); ++i)
    if (!row_.attributes[i].empty()) seen->attributes[i] = row_.attributes[i];
  chunk.updates.push_back({seen->index, seen->stored, record_from_row(workflow)});
  return seen;
}

Result<ImportPlanner::SeenCase*> ImportPlanner::first_sight(const CsvRecord& record,
                                                            ImportChunk& chunk) {
  std::optional<CaseRecord> stored;
  if (stored_) {
    auto found = stored_(row_.case_id);
    if (!found) return found.error();
    stored = std::move(*found);
  }
  const std::string& workflow =
      !row_.workflow.empty() ? row_.workflow : (stored ? stored->workflow : row_.workflow);
  if (workflow.empty()) {
    reject(record, "missing workflow, and case '" + row_.case_id + "' is not in the database yet");
    return nullptr;
  }
  const uint32_t workflow_id = names_.id(workflow);
  if (const auto& why = invalid(workflow_id)) {
    reject(record, *why);
    return nullptr;
  }
  SeenCase seen{cases_seen_++, workflow_id, record.line, stored.has_value(), row_.attributes, {}, {}};
  if (stored)
    if (auto loaded = load_stored_events(seen); !loaded) return loaded.error();
  if (!stored) {
    chunk.add_case() = CaseRow::of(record_from_row(workflow));
    ++report_.cases_added;
  } else if (changes(*stored, workflow)) {
    chunk.updates.push_back({seen.index, true, record_from_row(workflow)});
  }
  // Re-importing a known, unchanged case is the common case; it is written not at all.
  seen.occurrences.reserve(8);  // a typical case's distinct events, in one allocation
  last_ = &seen_.emplace(row_.case_id, std::move(seen)).first->second;
  last_id_ = row_.case_id;
  return last_;
}

// Whether this row would change the stored case (CaseWriter::update_case's merge).
bool ImportPlanner::changes(const CaseRecord& stored, const std::string& workflow) const {
  if (stored.workflow != workflow) return true;
  const auto& names = layout_.attribute_names();
  for (size_t i = 0; i < names.size(); ++i) {
    if (row_.attributes[i].empty()) continue;
    const auto it = stored.attributes.find(names[i]);
    if (it == stored.attributes.end() || it->second != row_.attributes[i]) return true;
  }
  if (team_ && !row_.attributes[*team_].empty() && stored.team != row_.attributes[*team_]) return true;
  if (owner_ && !row_.attributes[*owner_].empty() && stored.owner != row_.attributes[*owner_]) return true;
  return false;
}

// Rows of a case identical in event, date and reason are numbered 1, 2, … in file order.
int ImportPlanner::next_occurrence(SeenCase& seen) {
  const auto day = static_cast<int32_t>(row_.date.time_since_epoch().count());
  const uint32_t reason = names_.id(row_.reason);
  for (Occurrence& o : seen.occurrences)
    if (o.event == event_id_ && o.day == day && o.reason == reason) return ++o.count;
  seen.occurrences.push_back({event_id_, reason, day, 1});
  return 1;
}

}  // namespace timescales
