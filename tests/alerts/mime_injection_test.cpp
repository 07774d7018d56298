// Issue 18, defect 4: a case's reason cannot forge a part of the digest e-mail. The reason below
// holds the old deterministic boundary's delimiter line, a text/html part header and a <script>;
// the .eml is parsed back as a mail client would and must hold exactly the digest's own two parts.
#include <catch2/catch.hpp>

#include <functional>
#include <map>

#include "adapters/alerts/deadline_digest.hpp"
#include "adapters/alerts/digest_email.hpp"
#include "adapters/files/calendar_files.hpp"
#include "tests/alerts/alerts_support.hpp"

using namespace timescales;
using namespace timescales::alerts;

namespace {

Date d(const char* iso) { return *parse_iso_date(iso); }

using test::england_and_wales;
using test::shipped_audiences;

std::vector<std::string> split_crlf(const std::string& s) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = s.find("\r\n", start)) != std::string::npos; start = end + 2)
    lines.push_back(s.substr(start, end - start));
  if (start < s.size()) lines.push_back(s.substr(start));
  return lines;
}

// RFC 2045 §6.7, the decoding side, written from the RFC for the test.
std::string decode_quoted_printable(const std::vector<std::string>& lines) {
  auto hex = [](char c) { return c <= '9' ? c - '0' : c - 'A' + 10; };
  std::string out;
  for (const auto& line : lines) {
    bool soft = false;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] != '=') { out += line[i]; continue; }
      if (i + 1 == line.size()) { soft = true; break; }
      REQUIRE(i + 2 < line.size());
      out += static_cast<char>(hex(line[i + 1]) * 16 + hex(line[i + 2]));
      i += 2;
    }
    if (!soft) out += "\n";
  }
  return out;
}

struct Part {
  std::map<std::string, std::string> headers;
  std::vector<std::string> body;
};

// The parts between "--boundary" lines, up to "--boundary--", as a MIME parser sees them.
std::vector<Part> parse_parts(const std::vector<std::string>& lines, size_t from, const std::string& boundary,
                              bool& closed) {
  std::vector<Part> parts;
  closed = false;
  bool in_headers = false;
  for (size_t i = from; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l == "--" + boundary + "--") { closed = true; break; }
    if (l == "--" + boundary) { parts.emplace_back(); in_headers = true; continue; }
    if (parts.empty()) continue;  // the preamble
    if (in_headers) {
      if (l.empty()) { in_headers = false; continue; }
      const auto colon = l.find(": ");
      REQUIRE(colon != std::string::npos);
      parts.back().headers[l.substr(0, colon)] = l.substr(colon + 2);
    } else {
      parts.back().body.push_back(l);
    }
  }
  return parts;
}

}  // namespace

TEST_CASE("A reason holding a boundary line, a text/html header and a script forges no part") {
  // The boundary as it used to be made: a hash of the day and the recipient, known in advance.
  const std::string old_boundary =
      "=_timescales_" + std::to_string(std::hash<std::string>{}("2026-01-05.complaints_officer") % 1000000007);
  const std::string reason = "complex\n--" + old_boundary + "\nContent-Type: text/html; charset=utf-8\n\n"
                             "<script>alert('x')</script>\n--" + old_boundary + "--\n" +
                             "--=_timescales_0\r\nContent-Type: text/html\r\n\r\n<script>y()</script>\n=_=3D";
  CaseAssessment a;
  a.case_data.id = "CMP-9";
  a.case_data.workflow = "complaints-statutory";
  a.case_data.attributes = {{"team", "iCART"}};
  a.case_data.events = {{"received", d("2025-12-19"), "", 0}, {"stage1_extended", d("2026-01-05"), reason, 1}};
  a.evaluation.state = "stage1";
  TimerResult t;
  t.id = "stage1_response";
  t.kind = ClockKind::deadline;
  t.status = TimerStatus::running;
  t.due = d("2026-01-09");
  t.extended = true;
  a.evaluation.timers.push_back(t);
  const auto digests = build_digests({a}, d("2026-01-05"), {&england_and_wales(), nullptr}, shipped_audiences());
  const Digest* officer = nullptr;
  for (const auto& dg : digests)
    if (dg.recipient == "complaints_officer") officer = &dg;
  REQUIRE(officer != nullptr);
  const std::string text = render_digest_text(*officer);
  REQUIRE_THAT(text, Catch::Contains("<script>alert('x')</script>"));  // the attack reaches the body

  const std::string mail = render_digest_email(*officer, {});
  const auto lines = split_crlf(mail);
  std::map<std::string, std::string> headers;
  size_t i = 0;
  for (; i < lines.size() && !lines[i].empty(); ++i) {
    const auto colon = lines[i].find(": ");
    REQUIRE(colon != std::string::npos);
    headers[lines[i].substr(0, colon)] = lines[i].substr(colon + 2);
  }
  const std::string type = headers["Content-Type"];
  REQUIRE_THAT(type, Catch::StartsWith("multipart/alternative; boundary=\""));
  const std::string boundary = type.substr(type.find('"') + 1, type.rfind('"') - type.find('"') - 1);
  CHECK(boundary != old_boundary);

  // Exactly two delimiter lines and one close, whatever the boundary; nothing else in the file
  // starts like a delimiter of the old boundary or of this one.
  int delimiters = 0, closes = 0;
  for (size_t j = i; j < lines.size(); ++j) {
    const std::string& l = lines[j];
    if (l == "--" + boundary) ++delimiters;
    if (l == "--" + boundary + "--") ++closes;
    CHECK(l.rfind("--" + old_boundary, 0) == std::string::npos);
    // Only this message's own delimiters look like a boundary. (The boundary is random: testing
    // for one fixed prefix, such as "--=_timescales_0", failed whenever its first digit was 0.)
    if (l != "--" + boundary && l != "--" + boundary + "--") CHECK(l.rfind("--=_timescales_", 0) == std::string::npos);
    CHECK(l.size() <= 76);  // quoted-printable's longest line (the headers above may be longer)
  }
  CHECK(delimiters == 2);
  CHECK(closes == 1);

  bool closed = false;
  const auto parts = parse_parts(lines, i, boundary, closed);
  CHECK(closed);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].headers.at("Content-Type") == "text/plain; charset=utf-8");
  CHECK(parts[1].headers.at("Content-Type") == "text/html; charset=utf-8");
  for (const auto& p : parts) CHECK(p.headers.at("Content-Transfer-Encoding") == "quoted-printable");

  // Decoded, the text part is the digest's text exactly (the reason in it, harmless there), and the
  // HTML part shows the reason escaped: no script element anywhere in it.
  const std::string plain = decode_quoted_printable(parts[0].body);
  std::string expected_plain = text;
  for (size_t at; (at = expected_plain.find("\r\n")) != std::string::npos;) expected_plain.erase(at, 1);
  CHECK(plain.substr(0, expected_plain.size()) == expected_plain);
  const std::string html = decode_quoted_printable(parts[1].body);
  CHECK_THAT(html, Catch::Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  CHECK_THAT(html, !Catch::Contains("<script"));
}

TEST_CASE("Each rendering of the e-mail takes a fresh boundary") {
  Digest digest;
  digest.recipient = "complaints_officer";
  digest.as_of = d("2026-01-05");
  auto boundary_of = [](const std::string& mail) {
    const auto at = mail.find("boundary=\"") + 10;
    return mail.substr(at, mail.find('"', at) - at);
  };
  const std::string a = boundary_of(render_digest_email(digest, {}));
  const std::string b = boundary_of(render_digest_email(digest, {}));
  CHECK_THAT(a, Catch::StartsWith("=_timescales_"));
  CHECK(a.size() == 13 + 32);
  CHECK(a != b);
}
