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

std::string render_deadline_calendar(const std::vector<CaseAssessment>& cases, Date as_of,
                                     const std::vector<std::string>& workflows) {
  std::string out;
  auto line = [&](const std::string& l) { out += ical_fold(l); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//timescales//statutory deadlines//EN");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  line("X-WR-CALNAME:Statutory deadlines");
  const std::string stamp = ical_date(as_of) + "T000000Z";
  for (const auto& a : cases) {
    const Case& c = a.case_data;
    if (!workflows.empty() && std::find(workflows.begin(), workflows.end(), c.workflow) == workflows.end()) continue;
    for (const auto& t : a.evaluation.timers) {
      if (!t.due || (t.kind != "deadline" && t.kind != "local_target")) continue;
      if (t.status != TimerStatus::running && t.status != TimerStatus::overdue) continue;
      line("BEGIN:VEVENT");
      line("UID:" + ical_escape(c.id + "." + t.id) + "@timescales");
      line("DTSTAMP:" + stamp);
      line("DTSTART;VALUE=DATE:" + ical_date(*t.due));
      line("DTEND;VALUE=DATE:" + ical_date(*t.due + Days{1}));
      line("SUMMARY:" + ical_escape(c.id + ": " + t.id + (t.status == TimerStatus::overdue ? " (OVERDUE)" : "") + " due"));
      line("DESCRIPTION:" + ical_escape(t.explanation + "\nSource: " + t.source));
      line("CATEGORIES:" + ical_escape(c.workflow));
      line("TRANSP:TRANSPARENT");
      line("END:VEVENT");
    }
  }
  line("END:VCALENDAR");
  return out;
}

}  // namespace timescales::alerts
