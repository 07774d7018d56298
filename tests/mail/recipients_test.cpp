// The recipients file: what it accepts, and each mistake at its line and column.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>

#include "adapters/mail/mail_date.hpp"
#include "adapters/mail/outbox.hpp"
#include "adapters/mail/recipients_file.hpp"
#include "tests/mail/mail_support.hpp"

using namespace timescales;
using namespace timescales::mail;

namespace {

const char* no_environment(const char*) { return nullptr; }

Result<Recipients> parse(const std::string& text) { return parse_recipients(text, "r.toml", no_environment); }

const std::string kHead = "from = \"Timescales <timescales@council.example>\"\n";
const std::string kSmtp = "[delivery]\nmethod = \"smtp\"\nurl = \"smtp://relay.council.example:587\"\n";

}  // namespace

TEST_CASE("A recipients file gives the method, the From, and addresses per audience, team and owner") {
  auto r = parse_recipients(kHead + kSmtp + "user = \"timescales\"\npassword_env = \"SMTP_PASSWORD\"\n" +
                                "[audience]\ncomplaints_officer = \"c@council.example\"\n"
                                "send_team = [\"s1@council.example\", \"s2@council.example\"]\n"
                                "[team]\n\"CIN Widnes\" = \"w@council.example\"\n"
                                "[owner]\n\"A Coordinator\" = [\"a@council.example\"]\n",
                            "r.toml", [](const char* name) -> const char* {
                              return std::string(name) == "SMTP_PASSWORD" ? "secret" : nullptr;
                            });
  REQUIRE(r.ok());
  CHECK(r->method == DeliveryMethod::smtp);
  CHECK(r->smtp.url == "smtp://relay.council.example:587");
  CHECK(r->smtp.tls == SmtpTls::starttls);  // the default for smtp://: never sent in the clear unasked
  CHECK(r->smtp.user == "timescales");
  CHECK(r->smtp.password == "secret");
  CHECK(r->envelope_from == "timescales@council.example");
  CHECK(r->message_id_domain == "council.example");
  CHECK(r->addresses_for("complaints_officer") == std::vector<std::string>{"c@council.example"});
  CHECK(r->addresses_for("send_team") == std::vector<std::string>{"s1@council.example", "s2@council.example"});
  CHECK(r->addresses_for("team:CIN Widnes") == std::vector<std::string>{"w@council.example"});
  CHECK(r->addresses_for("owner:A Coordinator") == std::vector<std::string>{"a@council.example"});
  CHECK(r->addresses_for("team:CIN Runcorn").empty());

  auto s = parse(kHead + "[delivery]\nmethod = \"sendmail\"\n[audience]\nsend_team = \"s@council.example\"\n");
  REQUIRE(s.ok());
  CHECK(s->method == DeliveryMethod::sendmail);
  CHECK(s->sendmail == "/usr/sbin/sendmail");
  auto tls = parse(kHead + "[delivery]\nmethod = \"smtp\"\nurl = \"smtps://relay.council.example\"\n[audience]\nx = \"x@c.example\"\n");
  REQUIRE(tls.ok());
  CHECK(tls->smtp.tls == SmtpTls::implicit);
}

TEST_CASE("Each mistake in a recipients file is an error at its line and column") {
  struct Case {
    std::string text;
    std::string error;
  };
  const std::string audience = "[audience]\nsend_team = \"s@council.example\"\n";
  const std::vector<Case> cases = {
      // TOML syntax: toml++'s message at the place it stopped (line 1, column 8).
      {"from = \"unterminated\n", "r.toml:1:"},
      // `from` must be an address; its value starts at column 8 (`from = ` is 7 characters).
      {"from = \"Timescales\"\n" + kSmtp + audience, "r.toml:1:8: 'from': 'Timescales' is not an address"},
      // A header could be split by a newline in the display name.
      {"from = \"Time\\nscales <t@council.example>\"\n" + kSmtp + audience, "r.toml:1:8: 'from': the name before the address must be plain ASCII words"},
      // method (line 3, column 10: `method = `).
      {kHead + "[delivery]\nmethod = \"pigeon\"\n" + audience, "r.toml:3:10: method must be \"smtp\" or \"sendmail\""},
      // url (line 4, column 7: `url = `).
      {kHead + "[delivery]\nmethod = \"smtp\"\nurl = \"http://relay\"\n" + audience, "r.toml:4:7: url must begin smtp:// or smtps://"},
      {kHead + "[delivery]\nmethod = \"smtp\"\nurl = \"smtp://u:p@relay\"\n" + audience,
       "r.toml:4:7: url must not hold a user or password"},
      // A password in the file itself is refused (line 5, column 12: `password = `).
      {kHead + kSmtp + "password = \"x\"\n" + audience, "r.toml:5:12: a password is not kept in this file"},
      // An environment variable that is not set (line 6, column 16: `password_env = `).
      {kHead + kSmtp + "user = \"t\"\npassword_env = \"NOT_SET_ANYWHERE\"\n" + audience,
       "r.toml:6:16: password_env: the environment variable NOT_SET_ANYWHERE is not set"},
      // tls (line 5, column 7).
      {kHead + kSmtp + "tls = \"maybe\"\n" + audience, "r.toml:5:7: tls must be \"starttls\" (the default) or \"none\""},
      // A misspelt key (line 5, column 11: `timeout = `).
      {kHead + kSmtp + "timeout = 5\n" + audience, "r.toml:5:11: unknown key 'timeout' in [delivery]"},
      // An address with a space, and one with angle brackets (line 6, column 13: `send_team = `).
      {kHead + kSmtp + "[audience]\nsend_team = \"send team@council.example\"\n",
       "r.toml:6:13: send_team: 'send team@council.example' is not a plain address"},
      {kHead + kSmtp + "[team]\n\"CIN Widnes\" = [\"ok@council.example\", \"Bob <b@council.example>\"]\n",
       "r.toml:6:39: team:CIN Widnes: 'Bob <b@council.example>' is not a plain address"},
      // A CR LF in an address would add a header to every message.
      {kHead + kSmtp + "[owner]\n\"A\" = \"a@council.example\\r\\nBcc: x@evil.example\"\n", "r.toml:6:7: owner:A: "},
      // No addresses at all.
      {kHead + kSmtp, "no addresses: give [audience], [team] or [owner]"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto r = parse(c.text);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().to_string(), Catch::Contains(c.error));
  }
}

TEST_CASE("The Date header is the moment given in the council's time zone, with its offset") {
  const char* saved = std::getenv("TZ");
  const std::string before = saved ? saved : "";
  ::setenv("TZ", "Europe/London", 1);
  // 1 July 2026 12:00:00 UTC: 20,635 days after 1 Jan 1970 (56 years, 14 of them leap: 56*365+14
  // = 20,454 to 1 Jan 2026, then 181 days to 1 July) = 1,782,864,000 s, plus 12 h. British Summer
  // Time: 13:00 +0100. 1 Jan 2026 was a Thursday, 181 days later (25 weeks and 6 days) a Wednesday.
  CHECK(rfc5322_date(1782864000 + 12 * 3600) == "Wed, 01 Jul 2026 13:00:00 +0100");
  // 1 Dec 2026 07:00 UTC (334 days after 1 Jan: 20,788 days): Greenwich Mean Time, a Tuesday.
  CHECK(rfc5322_date(static_cast<std::time_t>(20788) * 86400 + 7 * 3600) == "Tue, 01 Dec 2026 07:00:00 +0000");
  if (saved) ::setenv("TZ", before.c_str(), 1);
  else ::unsetenv("TZ");
}

TEST_CASE("Outbox keys tell apart recipients whose file names would be the same") {
  const Date night = *parse_iso_date("2026-03-02");
  const std::string a = Outbox::key_for("team:CIN Widnes", night), b = Outbox::key_for("team:CIN-Widnes", night);
  CHECK(a != b);
  CHECK_THAT(a, Catch::StartsWith("2026-03-02.team-CIN-Widnes."));
  CHECK(a == Outbox::key_for("team:CIN Widnes", night));  // stable: the Message-ID comes from it
  CHECK(a != Outbox::key_for("team:CIN Widnes", *parse_iso_date("2026-03-03")));
}

TEST_CASE("The shipped example recipients file is one the program accepts") {
  auto text = test::slurp(std::filesystem::path(TIMESCALES_SOURCE_DIR) / "adapters" / "nightly" / "deploy" /
                          "recipients.example.toml");
  REQUIRE(!text.empty());
  // Its password file is the council's to make; without the login the rest must load as it is.
  for (const char* key : {"user = ", "password_file = "}) {
    const auto at = text.find(std::string("\n") + key);
    REQUIRE(at != std::string::npos);
    text.erase(at + 1, text.find('\n', at + 1) - at);
  }
  auto r = parse(text);
  if (!r) FAIL(r.error().to_string());
  CHECK(r->smtp.tls == SmtpTls::starttls);
  CHECK(r->addresses_for("send_team").size() == 2);
  CHECK(r->addresses_for("team:CIN Widnes") == std::vector<std::string>{"cin.widnes.manager@council.example"});
  CHECK(r->addresses_for("owner:A Coordinator") == std::vector<std::string>{"a.coordinator@council.example"});
}
