// Shared by the delivery tests: the night of 2 March 2026 (tests/fixtures/mail/) imported into a
// fresh store, a recipients file pointing at a sink, and a message parsed back as a mail client
// would (headers, the text part decoded from quoted-printable, its sections).
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "tests/nightly/nightly_support.hpp"
#include "tests/support/run_cli.hpp"

namespace timescales::test {

inline const std::string kNight = "2026-03-02";  // a Monday

inline std::filesystem::path mail_fixture(const char* name) {
  return std::filesystem::path(TIMESCALES_SOURCE_DIR) / "tests" / "fixtures" / "mail" / name;
}

// A fresh store holding the night's cases.
inline std::string night_store(const std::filesystem::path& dir) {
  const std::string db = (dir / "night.db").string();
  auto init = run_cli("init --db " + db);
  REQUIRE(init.status == 0);
  auto imported = run_cli("import --db " + db + " " + mail_fixture("night-cases.csv").string() + " " +
                          mail_fixture("night-transfers.csv").string());
  INFO(imported.out);
  REQUIRE(imported.status == 0);
  return db;
}

inline void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

// Every digest's recipient but "owner:B Coordinator", whose address the council has not given.
inline std::string recipients_toml(const std::string& url) {
  return "from = \"Timescales <timescales@council.example>\"\n"
         "[delivery]\nmethod = \"smtp\"\nurl = \"" + url + "\"\ntls = \"none\"\ntimeout_seconds = 20\n"
         "[audience]\ncomplaints_officer = \"complaints@council.example\"\n"
         "send_team = [\"send.team@council.example\", \"send.manager@council.example\"]\n"
         "[team]\n\"CIN Widnes\" = \"cin.widnes@council.example\"\n"
         "[owner]\n\"A Coordinator\" = \"a.coordinator@council.example\"\n";
}

inline std::vector<std::string> split_crlf(const std::string& s) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = s.find("\r\n", start)) != std::string::npos; start = end + 2)
    lines.push_back(s.substr(start, end - start));
  if (start < s.size()) lines.push_back(s.substr(start));
  return lines;
}

struct ParsedMail {
  std::map<std::string, std::string> headers;
  std::string text;  // the text/plain part, decoded
};

// RFC 5322 headers (no folding: the digests fold none), then the multipart body's text part,
// quoted-printable decoded (RFC 2045 §6.7), as the test reads them, not as the program writes them.
inline ParsedMail parse_mail(const std::string& data) {
  ParsedMail m;
  const auto lines = split_crlf(data);
  size_t i = 0;
  for (; i < lines.size() && !lines[i].empty(); ++i) {
    const auto colon = lines[i].find(": ");
    REQUIRE(colon != std::string::npos);
    REQUIRE(m.headers.count(lines[i].substr(0, colon)) == 0);  // each header once
    m.headers[lines[i].substr(0, colon)] = lines[i].substr(colon + 2);
  }
  const std::string type = m.headers["Content-Type"];
  const auto q = type.find('"');
  REQUIRE(q != std::string::npos);
  const std::string boundary = type.substr(q + 1, type.rfind('"') - q - 1);
  auto hex = [](char c) { return c <= '9' ? c - '0' : c - 'A' + 10; };
  bool in_text = false, in_headers = false;
  for (++i; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l == "--" + boundary || l == "--" + boundary + "--") {
      if (in_text) break;
      in_headers = true;
      continue;
    }
    if (in_headers) {
      if (l.empty()) in_headers = false;
      else if (l == "Content-Type: text/plain; charset=utf-8") in_text = true;
      continue;
    }
    if (!in_text) continue;
    bool soft = false;
    for (size_t k = 0; k < l.size(); ++k) {
      if (l[k] != '=') {
        m.text += l[k];
        continue;
      }
      if (k + 1 == l.size()) {
        soft = true;
        break;
      }
      m.text += static_cast<char>(hex(l[k + 1]) * 16 + hex(l[k + 2]));
      k += 2;
    }
    if (!soft) m.text += "\n";
  }
  return m;
}

// The lines under a digest's section heading ("Overdue (2)"), without their indent; "none" is no line.
inline std::vector<std::string> section(const std::string& text, const std::string& heading) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside) {
      inside = line.rfind(heading + " (", 0) == 0;
      continue;
    }
    if (line.empty()) break;
    if (line != "  none") out.push_back(line.substr(2));
  }
  return out;
}

}  // namespace timescales::test
