#include "adapters/alerts/deadline_calendar.hpp"

#include <algorithm>

namespace timescales::alerts {
namespace {

std::string ical_date(Date d) {
  std::string iso = to_iso(d);
  iso.erase(std::remove(iso.begin(), iso.end(), '-'), iso.end());
  return iso;
}

}  // namespace

void append_ical_escaped(std::string& out, std::string_view text) {
  size_t plain = 0;  // start of the run of characters not yet appended: most of every line
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '\\' && c != ';' && c != ',' && c != '\n' && c != '\r') continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      default: break;  // '\r' is dropped
    }
  }
  out.append(text.data() + plain, text.size() - plain);
}

std::string ical_escape(const std::string& text) {
  std::string out;
  append_ical_escaped(out, text);
  return out;
}

void append_ical_folded(std::string& out, std::string_view line) {
  // Lines longer than 75 octets continue on the next line after CRLF and one space; never split
  // inside a UTF-8 sequence. Most lines are shorter and go in whole.
  if (line.size() <= 75) {
    out += line;
    out += "\r\n";
    return;
  }
  size_t width = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line.substr(i, len));
    width += len;
    i += len - 1;
  }
  out += "\r\n";
}

std::string ical_fold(const std::string& line) {
  std::string out;
  append_ical_folded(out, line);
  return out;
}

DeadlineCalendarBuilder::DeadlineCalendarBuilder(Date as_of, const std::vector<std::string>& workflows)
    : DeadlineCalendarBuilder(as_of, outputs::TimerFeed::of(workflows)) {}

DeadlineCalendarBuilder::DeadlineCalendarBuilder(Date as_of, outputs::TimerFeed feed)
    : feed_(std::move(feed)), stamp_(ical_date(as_of) + "T000000Z") {
  for (const char* l : {"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//timescales//statutory deadlines//EN",
                        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Statutory deadlines"})
    append_ical_folded(out_, l);
}

void DeadlineCalendarBuilder::add(const CaseAssessment& a) {
  const Case& c = a.case_data;
  if (!feed_.has_workflow(c.workflow)) return;
  // Each content line is made in line_ (escaped parts appended as they come) and folded onto the
  // feed: no string is made per part.
  auto line = [&](std::string_view name, auto&&... parts) {
    line_.assign(name);
    (parts(line_), ...);
    append_ical_folded(out_, line_);
  };
  auto text = [](std::string_view t) { return [t](std::string& l) { l += t; }; };
  auto escaped = [](std::string_view t) { return [t](std::string& l) { append_ical_escaped(l, t); }; };
  for (const auto& t : a.evaluation.timers) {
    if (!t.due || (t.kind != ClockKind::deadline && t.kind != ClockKind::local_target) || !feed_.has_timer(t.id)) continue;
    if (t.status != TimerStatus::running && t.status != TimerStatus::overdue) continue;
    const bool overdue = t.status == TimerStatus::overdue;
    line("BEGIN:VEVENT");
    line("UID:", escaped(c.id), escaped("."), escaped(t.id), text("@timescales"));
    line("DTSTAMP:", text(stamp_));
    line("DTSTART;VALUE=DATE:", text(ical_date(*t.due)));
    line("DTEND;VALUE=DATE:", text(ical_date(*t.due + Days{1})));
    line("SUMMARY:", escaped(c.id), escaped(": "), escaped(t.id), escaped(overdue ? " (OVERDUE)" : ""), escaped(" due"));
    line("DESCRIPTION:", escaped(t.explanation), escaped("\nSource: "), escaped(t.source));
    line("CATEGORIES:", escaped(c.workflow));
    line("TRANSP:TRANSPARENT");
    line("END:VEVENT");
  }
}

std::string DeadlineCalendarBuilder::finish() {
  out_ += ical_fold("END:VCALENDAR");
  return std::move(out_);
}

std::string render_deadline_calendar(const std::vector<CaseAssessment>& cases, Date as_of,
                                     const std::vector<std::string>& workflows) {
  return render_deadline_calendar(cases, as_of, outputs::TimerFeed::of(workflows));
}

std::string render_deadline_calendar(const std::vector<CaseAssessment>& cases, Date as_of,
                                     const outputs::TimerFeed& declared) {
  DeadlineCalendarBuilder feed(as_of, declared);
  for (const auto& a : cases) feed.add(a);
  return feed.finish();
}

}  // namespace timescales::alerts
