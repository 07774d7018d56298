#include "adapters/alerts/deadline_digest.hpp"

#include <algorithm>
#include <map>

namespace timescales::alerts {
namespace {

std::string attribute(const Case& c, const std::string& key) {
  auto it = c.attributes.find(key);
  return it == c.attributes.end() ? std::string() : it->second;
}

// The latest extending event (one the workflow's clocks are extended by) in the last `window`
// working days, as "date: reason".
std::string recent_extension(const Case& c, const std::vector<std::string>& extending, Date as_of, int window,
                             const CalendarContext& calendars) {
  auto since = add_duration(as_of, {-window, Unit::working_days}, Convention::after, calendars);
  if (!since) return {};
  std::string found;
  for (const auto& e : c.events)
    if (e.date > *since && e.date <= as_of && std::find(extending.begin(), extending.end(), e.type) != extending.end())
      found = to_iso(e.date) + (e.reason.empty() ? "" : ": " + e.reason);
  return found;
}

void sort_by_due(std::vector<DigestLine>& lines) {
  std::sort(lines.begin(), lines.end(), [](const DigestLine& a, const DigestLine& b) {
    return a.due != b.due ? a.due < b.due : a.case_id < b.case_id;
  });
}

}  // namespace

size_t Digest::line_count() const {
  size_t n = overdue.size() + due_today.size() + due_soon.size() + recently_extended.size();
  for (const auto& s : coming_up) n += s.lines.size();
  return n;
}

DigestBuilder::DigestBuilder(Date as_of, const CalendarContext& calendars,
                             std::vector<outputs::DigestAudience> audiences, DigestOptions options)
    : as_of_(as_of), calendars_(calendars), audiences_(std::move(audiences)), options_(std::move(options)) {
  for (size_t i = 0; i < audiences_.size(); ++i) {
    std::vector<Date> until;
    // The window's end by the builder's calendar: a window in weeks or months (the declared
    // ones) does not depend on it; one in working days counts the England and Wales days.
    for (const auto& c : audiences_[i].coming_up) {
      auto end = add_duration(as_of_, c.within, Convention::after, calendars_);
      until.push_back(end ? *end : as_of_);
    }
    coming_up_until_.push_back(std::move(until));
    fixed_.push_back(audiences_[i].per_case_attribute() ? nullptr : &digest_for(audiences_[i].audience, i));
  }
}

// Two declarations may reach one recipient (a team manager gets the complaint deadlines and the
// social care deadlines): one digest, both subjects, each declaration's sections once.
Digest& DigestBuilder::digest_for(const std::string& recipient, size_t audience) {
  Digest& d = by_recipient_[recipient];
  const outputs::DigestAudience& a = audiences_[audience];
  if (d.recipient.empty()) {
    d.recipient = recipient;
    d.subject = a.subject;
    d.as_of = as_of_;
  } else if (d.subject != a.subject && d.subject.find("; " + a.subject) == std::string::npos &&
             d.subject.rfind(a.subject + "; ", 0) != 0) {
    d.subject += "; " + a.subject;
  }
  for (const auto& c : a.coming_up)
    if (!section(d, c.heading)) d.coming_up.push_back({c.heading, {}});
  return d;
}

DigestSection* DigestBuilder::section(Digest& d, const std::string& heading) {
  for (auto& s : d.coming_up)
    if (s.heading == heading) return &s;
  return nullptr;
}

void DigestBuilder::add(const CaseAssessment& a, const DivisionCalendar* working) {
  const Case& c = a.case_data;
  const CalendarContext calendars{working ? working : calendars_.working, calendars_.school};
  taking_.clear();
  for (size_t i = 0; i < audiences_.size(); ++i)
    if (audiences_[i].feed.has_workflow(c.workflow)) taking_.push_back(i);
  if (taking_.empty()) return;
  for (const auto& t : a.evaluation.timers) {
    if (!t.due || t.kind == ClockKind::minimum) continue;  // a minimum period is not a date owed
    if (t.status != TimerStatus::running && t.status != TimerStatus::overdue) continue;
    // A deadline goes to every audience that takes the case; another kind of clock (a review
    // recurring yearly, a fixed date) only to one that names it.
    const bool wanted = t.kind == ClockKind::deadline ||
                        std::any_of(taking_.begin(), taking_.end(), [&](size_t i) { return audiences_[i].names_timer(t.id); });
    if (!wanted) continue;
    auto left = count_units(as_of_, *t.due, Unit::working_days, Convention::after, calendars);
    if (!left) continue;
    DigestLine line;
    line.case_id = c.id;
    line.workflow = c.workflow;
    line.stage = a.evaluation.state;
    line.timer = t.id;
    line.owes = !attribute(c, "owner").empty() ? attribute(c, "owner") : attribute(c, "team");
    line.due = *t.due;
    line.due_time = t.due_time;
    line.working_days_left = *left;
    line.extended = t.extended;
    if (const auto note = notes_.find(c.id); note != notes_.end()) line.note = note->second;
    if (options_.include_personal_details)
      for (const auto& key : options_.personal_attributes)
        if (auto v = attribute(c, key); !v.empty()) line.details += (line.details.empty() ? "" : "; ") + key + ": " + v;
    std::string extension;
    bool extension_looked_up = false;

    for (size_t i : taking_) {
      const outputs::DigestAudience& audience = audiences_[i];
      if (!audience.feed.has_timer(t.id)) continue;
      if (t.kind != ClockKind::deadline && !audience.names_timer(t.id)) continue;
      Digest* d = fixed_[i];
      if (!d) {
        const std::string key(audience.each_team() ? outputs::kEachTeam : outputs::kEachOwner);
        const std::string who = attribute(c, key);
        if (who.empty()) continue;
        d = &digest_for(key + ":" + who, i);
      }
      if (t.status == TimerStatus::overdue || *t.due < as_of_) d->overdue.push_back(line);
      else if (*t.due == as_of_) d->due_today.push_back(line);
      else if (line.working_days_left <= options_.due_soon_working_days) d->due_soon.push_back(line);
      else
        for (size_t k = 0; k < audience.coming_up.size(); ++k)
          if (audience.coming_up[k].timer.id == t.id && *t.due <= coming_up_until_[i][k])
            section(*d, audience.coming_up[k].heading)->lines.push_back(line);
      if (t.extended && !extension_looked_up) {
        extension = recent_extension(c, audience.feed.extension_events, as_of_, options_.due_soon_working_days, calendars);
        extension_looked_up = true;
      }
      if (!extension.empty()) {
        DigestLine extended = line;
        extended.extension = extension;
        d->recently_extended.push_back(extended);
      }
    }
  }
}

std::vector<Digest> DigestBuilder::finish() {
  std::vector<Digest> out;
  for (auto& [_, d] : by_recipient_) {
    for (auto* list : {&d.overdue, &d.due_today, &d.due_soon, &d.recently_extended}) sort_by_due(*list);
    for (auto& section : d.coming_up) sort_by_due(section.lines);
    out.push_back(std::move(d));
  }
  by_recipient_.clear();
  return out;
}

std::vector<Digest> build_digests(const std::vector<CaseAssessment>& cases, Date as_of,
                                  const CalendarContext& calendars,
                                  const std::vector<outputs::DigestAudience>& audiences, const DigestOptions& options) {
  DigestBuilder digests(as_of, calendars, audiences, options);
  for (const auto& a : cases) digests.add(a);
  return digests.finish();
}

std::string render_digest_text(const Digest& digest) {
  std::string out = digest.subject + " for " + digest.recipient + " on " + to_long(digest.as_of) + "\n";
  auto section = [&](const char* title, const std::vector<DigestLine>& lines) {
    out += "\n" + std::string(title) + " (" + std::to_string(lines.size()) + ")\n";
    if (lines.empty()) out += "  none\n";
    for (const auto& l : lines) {
      const int n = l.working_days_left;
      const std::string left = n < 0   ? std::to_string(-n) + " working day" + (n == -1 ? "" : "s") + " over"
                               : n == 0 ? "due today"
                                        : std::to_string(n) + " working day" + (n == 1 ? "" : "s") + " left";
      out += "  " + l.case_id + "  " + l.stage + "  " + l.timer + "  due " + to_iso(l.due) + l.due_time_suffix() + "  " + left;
      if (!l.owes.empty()) out += "  owed by " + l.owes;
      if (!l.extension.empty()) out += "  extended " + l.extension;
      if (!l.details.empty()) out += "  [" + l.details + "]";
      if (!l.note.empty()) out += "  (" + l.note + ")";
      out += "\n";
    }
  };
  section("Overdue", digest.overdue);
  section("Due today", digest.due_today);
  section("Due in the next 5 working days", digest.due_soon);
  for (const auto& s : digest.coming_up) section(s.heading.c_str(), s.lines);
  section("Recently extended", digest.recently_extended);
  return out;
}

}  // namespace timescales::alerts
