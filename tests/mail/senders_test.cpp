// The two ways of sending, through the delivery functions: the local sendmail (a stand-in
// program that keeps what it is given, or refuses it) and SMTP that insists on STARTTLS.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "adapters/mail/digest_delivery.hpp"
#include "tests/mail/mail_support.hpp"
#include "tests/support/smtp_sink.hpp"

namespace fs = std::filesystem;
using namespace timescales;
using namespace timescales::mail;
using timescales::test::slurp;
using timescales::test::TempDir;

namespace {

alerts::Digest officer_digest() {
  alerts::Digest d;
  d.recipient = "complaints_officer";
  d.subject = "Complaint deadlines";
  d.as_of = *parse_iso_date("2026-03-02");
  alerts::DigestLine line;
  line.case_id = "CMP-1";
  line.stage = "stage1";
  line.timer = "stage1_response";
  line.due = *parse_iso_date("2026-03-09");
  line.working_days_left = 5;
  d.due_soon.push_back(line);
  return d;
}

// A stand-in sendmail: a shell script that saves its arguments and standard input, then exits
// with `status`. Written by the test; the program runs it directly, as it would /usr/sbin/sendmail.
fs::path fake_sendmail(const fs::path& dir, int status) {
  const fs::path script = dir / "sendmail";
  test::write_file(script, "#!/bin/sh\necho \"$@\" > \"" + (dir / "args").string() + "\"\ncat > \"" +
                               (dir / "message").string() + "\"\nexit " + std::to_string(status) + "\n");
  ::chmod(script.c_str(), 0700);
  return script;
}

Recipients sendmail_recipients(const fs::path& program) {
  auto r = parse_recipients("from = \"Timescales <timescales@council.example>\"\n[delivery]\nmethod = \"sendmail\"\n"
                            "sendmail = \"" + program.string() + "\"\n[audience]\ncomplaints_officer = \"c@council.example\"\n",
                            "r.toml", [](const char*) -> const char* { return nullptr; });
  REQUIRE(r.ok());
  return *r;
}

}  // namespace

TEST_CASE("sendmail is given the message on its input, with -t -oi, and its exit 0 marks it sent") {
  TempDir tmp("timescales-mail-sendmail-");
  const auto recipients = sendmail_recipients(fake_sendmail(tmp.path, 0));
  auto report = deliver_digests(tmp.path / "outbox", {officer_digest()}, recipients, false);
  for (const auto& f : report.failures) FAIL(f.to_string());
  CHECK(report.sent == 1);
  CHECK(slurp(tmp.path / "args") == "-t -oi -f timescales@council.example\n");
  const std::string message = slurp(tmp.path / "message");
  CHECK_THAT(message, Catch::Contains("To: c@council.example\n"));  // LF line ends for a local program
  CHECK_THAT(message, !Catch::Contains("\r\n"));
  CHECK_THAT(message, Catch::Contains("Subject: Complaint deadlines 2026-03-02: 0 overdue, 0 due today, 1 due soon\n"));
  // Sent once: a second delivery of the same night hands nothing to sendmail.
  fs::remove(tmp.path / "message");
  auto again = deliver_digests(tmp.path / "outbox", {officer_digest()}, recipients, false);
  CHECK(again.ok());
  CHECK(again.sent == 0);
  CHECK(again.already_sent == 1);
  CHECK(!fs::exists(tmp.path / "message"));
}

TEST_CASE("sendmail's temporary failure (exit 75) is reported and the digest stays queued") {
  TempDir tmp("timescales-mail-sendmail-fails-");
  auto report = deliver_digests(tmp.path / "outbox", {officer_digest()}, sendmail_recipients(fake_sendmail(tmp.path, 75)), false);
  REQUIRE(report.failures.size() == 1);
  CHECK_THAT(report.failures[0].to_string(), Catch::Contains("complaints_officer's digest (to c@council.example): not sent: "));
  CHECK_THAT(report.failures[0].to_string(), Catch::Contains("exited with status 75"));
  CHECK(report.sent == 0);
  CHECK(fs::exists(tmp.path / "outbox" / "queued"));
  CHECK(!fs::is_empty(tmp.path / "outbox" / "queued"));
  // The outbox and its message are the owner's alone: the digests name cases.
  struct stat st {};
  REQUIRE(::stat((tmp.path / "outbox").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  for (const auto& e : fs::directory_iterator(tmp.path / "outbox" / "queued")) {
    REQUIRE(::stat(e.path().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
  // A sendmail that is not there is a failure too, not a crash.
  auto missing = deliver_digests(tmp.path / "outbox", {}, sendmail_recipients(tmp.path / "no-such-sendmail"), false);
  REQUIRE(missing.failures.size() == 1);
  CHECK_THAT(missing.failures[0].to_string(), Catch::Contains("not sent"));
}

TEST_CASE("SMTP asked for STARTTLS does not send in the clear to a server that cannot do it") {
  TempDir tmp("timescales-mail-starttls-");
  test::SmtpSink sink;
  REQUIRE(sink.port() != 0);
  auto r = parse_recipients("from = \"t@council.example\"\n[delivery]\nmethod = \"smtp\"\nurl = \"" + sink.url() +
                                "\"\ntimeout_seconds = 20\n[audience]\ncomplaints_officer = \"c@council.example\"\n",
                            "r.toml", [](const char*) -> const char* { return nullptr; });
  REQUIRE(r.ok());
  auto report = deliver_digests(tmp.path / "outbox", {officer_digest()}, *r, false);
  REQUIRE(report.failures.size() == 1);
  CHECK_THAT(report.failures[0].to_string(), Catch::Contains("not sent by " + sink.url()));
  CHECK(sink.messages().empty());
  CHECK(report.sent == 0);
}

TEST_CASE("One spoilt file in the outbox is reported and does not stop the others being sent") {
  TempDir tmp("timescales-mail-spoilt-");
  const auto recipients = sendmail_recipients(fake_sendmail(tmp.path, 0));
  {
    auto outbox = Outbox::open(tmp.path / "outbox", OutboxAccess::read_write);
    REQUIRE(outbox.ok());
    // While one run holds the outbox, a second cannot open it to send (flock, per open file).
    auto second = Outbox::open(tmp.path / "outbox", OutboxAccess::read_write);
    REQUIRE_FALSE(second.ok());
    CHECK_THAT(second.error().message, Catch::Contains("another run is sending from this outbox"));
  }
  test::write_file(tmp.path / "outbox" / "queued" / "2026-03-01.x.0000000000000000.msg", "not an outbox message\n");
  auto report = deliver_digests(tmp.path / "outbox", {officer_digest()}, recipients, false);
  CHECK(report.sent == 1);
  REQUIRE(report.failures.size() == 1);
  CHECK_THAT(report.failures[0].to_string(), Catch::Contains("2026-03-01.x.0000000000000000.msg: not an outbox message"));
  CHECK(fs::exists(tmp.path / "outbox" / "queued" / "2026-03-01.x.0000000000000000.msg"));
}
