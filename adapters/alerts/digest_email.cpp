#include "adapters/alerts/digest_email.hpp"

#include <array>
#include <functional>

namespace timescales::alerts {
namespace {

// RFC 5322 date-time for the digest's day at 07:00 UTC: deterministic, so a re-run of the same
// night writes the same file.
std::string rfc5322_date(Date d) {
  static const std::array<const char*, 7> days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static const std::array<const char*, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d 07:00:00 +0000", days[iso_weekday(d) - 1], day_of(d),
                months[month_of(d) - 1], year_of(d));
  return buf;
}

// Headers stay ASCII: anything else in a recipient or team name becomes '?'.
std::string ascii(const std::string& s) {
  std::string out;
  for (unsigned char c : s) out += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
  return out;
}

std::string crlf(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += "\r\n";
    else out += text[i];
  }
  return out;
}

std::string html_section(const char* title, const std::vector<DigestLine>& lines) {
  std::string out = "<h2>" + std::string(title) + " (" + std::to_string(lines.size()) + ")</h2>\n";
  if (lines.empty()) return out + "<p>None.</p>\n";
  out += "<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n"
         "<tr><th>Case</th><th>Stage</th><th>Clock</th><th>Due</th><th>Working days</th><th>Owed by</th></tr>\n";
  for (const auto& l : lines) {
    const int n = l.working_days_left;
    out += "<tr><td>" + html_escape(l.case_id) + "</td><td>" + html_escape(l.stage) + "</td><td>" +
           html_escape(l.timer) + "</td><td>" + to_iso(l.due) + "</td><td>" +
           (n < 0 ? std::to_string(-n) + " over" : n == 0 ? "due today" : std::to_string(n) + " left") +
           "</td><td>" + html_escape(l.owes) + (l.extension.empty() ? "" : " (extended " + html_escape(l.extension) + ")") +
           (l.details.empty() ? "" : " [" + html_escape(l.details) + "]") + "</td></tr>\n";
  }
  return out + "</table>\n";
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_digest_email(const Digest& digest, const EmailAddresses& addresses) {
  const std::string recipient = ascii(digest.recipient);
  std::string local_part;
  for (char c : recipient) local_part += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '.';
  const std::string to = addresses.to.empty() ? local_part + "@localhost" : addresses.to;
  const std::string id = to_iso(digest.as_of) + "." + local_part;
  const std::string boundary = "=_timescales_" + std::to_string(std::hash<std::string>{}(id) % 1000000007);
  const std::string subject = digest.subject + " " + to_iso(digest.as_of) + ": " +
                              std::to_string(digest.overdue.size()) + " overdue, " +
                              std::to_string(digest.due_today.size()) + " due today, " +
                              std::to_string(digest.due_soon.size()) + " due soon";

  std::string html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html_escape(subject) +
                     "</title></head>\n<body style=\"font-family: sans-serif\">\n<h1>" + html_escape(digest.subject) + " for " +
                     html_escape(digest.recipient) + " on " + to_long(digest.as_of) + "</h1>\n";
  html += html_section("Overdue", digest.overdue);
  html += html_section("Due today", digest.due_today);
  html += html_section("Due in the next 5 working days", digest.due_soon);
  html += html_section("Recently extended", digest.recently_extended);
  html += "</body></html>\n";

  std::string m;
  m += "From: " + ascii(addresses.from) + "\n";
  m += "To: " + ascii(to) + "\n";
  m += "Subject: " + ascii(subject) + "\n";
  m += "Date: " + rfc5322_date(digest.as_of) + "\n";
  m += "Message-ID: <digest." + id + "@timescales.invalid>\n";
  m += "MIME-Version: 1.0\n";
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\n";
  m += "\n";
  m += "--" + boundary + "\n";
  m += "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n";
  m += render_digest_text(digest);
  m += "\n--" + boundary + "\n";
  m += "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n";
  m += html;
  m += "\n--" + boundary + "--\n";
  return crlf(m);
}

}  // namespace timescales::alerts
