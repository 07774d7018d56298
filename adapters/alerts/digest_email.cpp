#include "adapters/alerts/digest_email.hpp"

#include <array>
#include <random>

#include "adapters/mail/mail_date.hpp"

namespace timescales::alerts {
namespace {

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

// A boundary no body can hold, twice over. It comes from a random source, so nobody can know it
// in advance to write it into a case's reason; and it begins "=_", which quoted-printable text can
// never contain ('=' there is always followed by two hex digits or the line's end; RFC 2045
// §6.7), so no body line can equal a delimiter line even by chance.
std::string random_boundary() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device source;
  std::string out = "=_timescales_";
  for (int i = 0; i < 4; ++i) {
    const unsigned bits = source();
    for (int shift = 0; shift < 32; shift += 4) out += kHex[(bits >> shift) & 0xF];
  }
  return out;
}

// Quoted-printable (RFC 2045 §6.7), chosen over base64 because the message stays readable as text
// (an officer or a relay's log can still read it) while every '=' and every byte that is not
// printable ASCII is written =XX: a body can no longer carry a bare boundary, a stray CR or a
// long line. Lines of `text` end "\n" (or "\r\n"): those are the hard line breaks; encoded lines
// are at most 76 characters, broken with a soft "=" line end. Returns "\n" line ends (crlf() follows).
std::string quoted_printable(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out, line;
  auto flush_soft = [&] { out += line + "=\n"; line.clear(); };
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      if (c == '\r') ++i;
      out += line + "\n";
      line.clear();
      continue;
    }
    const bool line_ends = i + 1 == text.size() || text[i + 1] == '\n' ||
                           (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n');
    const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !line_ends);
    std::string token = literal ? std::string(1, static_cast<char>(c)) : std::string{'=', kHex[c >> 4], kHex[c & 0xF]};
    if (line.size() + token.size() > 75) flush_soft();
    line += token;
  }
  return out + line;
}

std::string html_section(const char* title, const std::vector<DigestLine>& lines) {
  std::string out = "<h2>" + std::string(title) + " (" + std::to_string(lines.size()) + ")</h2>\n";
  if (lines.empty()) return out + "<p>None.</p>\n";
  out += "<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n"
         "<tr><th>Case</th><th>Stage</th><th>Clock</th><th>Due</th><th>Working days</th><th>Owed by</th></tr>\n";
  for (const auto& l : lines) {
    const int n = l.working_days_left;
    out += "<tr><td>" + html_escape(l.case_id) + "</td><td>" + html_escape(l.stage) + "</td><td>" +
           html_escape(l.timer) + "</td><td>" + to_iso(l.due) + l.due_time_suffix() + "</td><td>" +
           (n < 0 ? std::to_string(-n) + " over" : n == 0 ? "due today" : std::to_string(n) + " left") +
           "</td><td>" + html_escape(l.owes) + (l.extension.empty() ? "" : " (extended " + html_escape(l.extension) + ")") +
           (l.details.empty() ? "" : " [" + html_escape(l.details) + "]") +
           (l.note.empty() ? "" : " (" + html_escape(l.note) + ")") + "</td></tr>\n";
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

std::string digest_subject(const Digest& digest) {
  std::string subject = digest.subject + " " + to_iso(digest.as_of) + ": " + std::to_string(digest.overdue.size()) +
                        " overdue, " + std::to_string(digest.due_today.size()) + " due today, " +
                        std::to_string(digest.due_soon.size()) + " due soon";
  if (!digest.coming_up.empty()) {
    size_t ahead = 0;
    for (const auto& s : digest.coming_up) ahead += s.lines.size();
    subject += ", " + std::to_string(ahead) + " coming up";
  }
  return subject;
}

std::string render_digest_content(const Digest& digest) {
  const std::string boundary = random_boundary();
  const std::string subject = digest_subject(digest);

  std::string html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html_escape(subject) +
                     "</title></head>\n<body style=\"font-family: sans-serif\">\n<h1>" + html_escape(digest.subject) + " for " +
                     html_escape(digest.recipient) + " on " + to_long(digest.as_of) + "</h1>\n";
  html += html_section("Overdue", digest.overdue);
  html += html_section("Due today", digest.due_today);
  html += html_section("Due in the next 5 working days", digest.due_soon);
  for (const auto& s : digest.coming_up) html += html_section(html_escape(s.heading).c_str(), s.lines);
  html += html_section("Recently extended", digest.recently_extended);
  html += "</body></html>\n";

  std::string m;
  m += "Subject: " + ascii(subject) + "\n";
  m += "MIME-Version: 1.0\n";
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\n";
  m += "\n";
  m += "--" + boundary + "\n";
  m += "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n";
  m += quoted_printable(render_digest_text(digest));
  m += "\n--" + boundary + "\n";
  m += "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n";
  m += quoted_printable(html);
  m += "\n--" + boundary + "--\n";
  return crlf(m);
}

std::string render_digest_email(const Digest& digest, const EmailAddresses& addresses) {
  const std::string recipient = ascii(digest.recipient);
  std::string local_part;
  for (char c : recipient) local_part += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '.';
  const std::string to = addresses.to.empty() ? local_part + "@localhost" : addresses.to;
  const std::string id = to_iso(digest.as_of) + "." + local_part;
  std::string m;
  m += "From: " + ascii(addresses.from) + "\n";
  m += "To: " + ascii(to) + "\n";
  m += "Date: " + ascii(addresses.date.empty() ? mail::rfc5322_date_now() : addresses.date) + "\n";
  m += "Message-ID: <digest." + id + "@timescales.invalid>\n";
  return crlf(m) + render_digest_content(digest);
}

}  // namespace timescales::alerts
