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

std::string ical_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out;
}

std::string ical_fold(const std::string& line) {
  // Lines longer than 75 octets continue on the next line after CRLF and one space; never split
  // inside a UTF-8 sequence.
  std::string out;
  size_t width = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line, i, len);
    width += len;
    i += len - 1;
  }
  return out + "\r\n";
}

DeadlineCalendarBuilder::DeadlineCalendarBuilder(Date as_of, std::vector<std::string> workflows)
    : workflows_(std::move(workflows)), stamp_(ical_date(as_of) + "T000000Z") {
  for (const char* l : {"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//timescales//statutory deadlines//EN",
                        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Statutory deadlines"})
    out_ += ical_fold(l);
}

void DeadlineCalendarBuilder::add(const CaseAssessment& a) {
  const Case& c = a.case_data;
  if (!workflows_.empty() && std::find(workflows_.begin(), workflows_.end(), c.workflow) == workflows_.end()) return;
  auto line = [&](const std::string& l) { out_ += ical_fold(l); };
  for (const auto& t : a.evaluation.timers) {
    if (!t.due || (t.kind != "deadline" && t.kind != "local_target")) continue;
    if (t.status != TimerStatus::running && t.status != TimerStatus::overdue) continue;
    line("BEGIN:VEVENT");
    line("UID:" + ical_escape(c.id + "." + t.id) + "@timescales");
    line("DTSTAMP:" + stamp_);
    line("DTSTART;VALUE=DATE:" + ical_date(*t.due));
    line("DTEND;VALUE=DATE:" + ical_date(*t.due + Days{1}));
    line("SUMMARY:" + ical_escape(c.id + ": " + t.id + (t.status == TimerStatus::overdue ? " (OVERDUE)" : "") + " due"));
    line("DESCRIPTION:" + ical_escape(t.explanation + "\nSource: " + t.source));
    line("CATEGORIES:" + ical_escape(c.workflow));
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
  DeadlineCalendarBuilder feed(as_of, workflows);
  for (const auto& a : cases) feed.add(a);
  return feed.finish();
}

}  // namespace timescales::alerts
