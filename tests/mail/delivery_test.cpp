// The digests sent to a mail server on loopback (tests/support/smtp_sink.hpp) by the program as a
// council runs it: each message parsed back; a failed send kept and sent by the next run; the
// same night run twice sending nothing twice; a dry run sending nothing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <regex>
#include <set>

#include "tests/mail/mail_support.hpp"
#include "tests/support/smtp_sink.hpp"

namespace fs = std::filesystem;
using namespace timescales::test;

namespace {

struct Night {
  TempDir tmp;
  SmtpSink sink;
  std::string db;
  fs::path out, recipients;
  explicit Night(const std::string& name) : tmp("timescales-mail-" + name + "-") {
    REQUIRE(sink.port() != 0);
    db = night_store(tmp.path);
    out = tmp.path / "out";
    recipients = tmp.path / "recipients.toml";
    write_file(recipients, recipients_toml(sink.url()));
  }
  CliRun run(const std::string& extra = "", const std::string& as_of = kNight) {
    return run_cli("nightly --db " + db + " --as-of " + as_of + " --out " + out.string() + " --recipients " +
                   recipients.string() + " " + extra);
  }
  std::vector<fs::path> files(const char* folder) const {
    std::vector<fs::path> found;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(out / "outbox" / folder, ec)) found.push_back(e.path());
    return found;
  }
};

std::map<std::string, ParsedMail> by_recipient(const std::vector<ReceivedMail>& mails) {
  std::map<std::string, ParsedMail> out;
  for (const auto& m : mails) {
    auto parsed = parse_mail(m.data);
    out[parsed.headers["To"]] = parsed;
  }
  return out;
}

}  // namespace

TEST_CASE("The night's digests reach the mail server, each addressed, dated and identified") {
  ::setenv("TZ", "Europe/London", 1);  // the council's time zone, as the systemd unit sets it
  Night night("sent");
  auto run = night.run();
  INFO(run.out);
  // owner:B Coordinator has no address in the file: a warning, not a failure (an owner comes from
  // the data); every other digest is sent. Data problems (none expected) would make it 1.
  CHECK(run.status == 0);
  CHECK_THAT(run.out, Catch::Contains("warning: owner:B Coordinator's digest of 2026-03-02 has no address"));
  CHECK_THAT(run.out, Catch::Contains("Sent 4 digests."));

  const auto mails = night.sink.messages();
  REQUIRE(mails.size() == 4);
  for (const auto& m : mails) CHECK(m.mail_from == "<timescales@council.example>");
  // The SEND team's message goes to both its addresses, in the envelope and in To:.
  std::set<std::string> send_rcpts;
  for (const auto& m : mails)
    if (m.rcpt_to.size() == 2) send_rcpts = {m.rcpt_to.begin(), m.rcpt_to.end()};
  CHECK(send_rcpts == std::set<std::string>{"<send.team@council.example>", "<send.manager@council.example>"});

  const auto parsed = by_recipient(mails);
  REQUIRE(parsed.count("complaints@council.example"));
  REQUIRE(parsed.count("send.team@council.example, send.manager@council.example"));
  REQUIRE(parsed.count("cin.widnes@council.example"));
  REQUIRE(parsed.count("a.coordinator@council.example"));
  // RFC 5322 §3.3 date-time with the zone's numeric offset ("+0000" in winter, "+0100" in summer).
  const std::regex date(R"(^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}$)");
  std::set<std::string> ids;
  for (const auto& [to, m] : parsed) {
    INFO(to);
    CHECK(m.headers.at("From") == "Timescales <timescales@council.example>");
    CHECK(std::regex_match(m.headers.at("Date"), date));
    CHECK(m.headers.at("Auto-Submitted") == "auto-generated");
    const std::string id = m.headers.at("Message-ID");
    CHECK_THAT(id, Catch::StartsWith("<digest.2026-03-02.") && Catch::EndsWith("@council.example>"));
    ids.insert(id);
  }
  CHECK(ids.size() == 4);  // one per digest

  // The counts in each subject and the lines in each body (worked out in digests_test.cpp).
  const auto& send = parsed.at("send.team@council.example, send.manager@council.example");
  CHECK(send.headers.at("Subject") == "EHC plan deadlines 2026-03-02: 2 overdue, 1 due today, 1 due soon, 2 coming up");
  CHECK(section(send.text, "Overdue").size() == 2);
  CHECK(section(send.text, "Phase transfers: amended plans due in the next 16 weeks") ==
        std::vector<std::string>{"AR-3  maintained  phase_transfer  due 2026-03-30  20 working days left  owed by B Coordinator"});
  const auto& officer = parsed.at("complaints@council.example");
  CHECK(officer.headers.at("Subject") == "Complaint deadlines 2026-03-02: 0 overdue, 0 due today, 1 due soon");
  CHECK(section(officer.text, "Due in the next 5 working days") ==
        std::vector<std::string>{"CMP-1  stage1  stage1_response  due 2026-03-09  5 working days left  owed by J Officer"});
  const auto& team = parsed.at("cin.widnes@council.example");
  CHECK_THAT(team.text, Catch::StartsWith("Complaint deadlines for team:CIN Widnes on "));
  const auto& coordinator = parsed.at("a.coordinator@council.example");
  CHECK(section(coordinator.text, "Due today") ==
        std::vector<std::string>{"EHC-1  deciding  decision_to_assess  due 2026-03-02  due today  owed by A Coordinator"});

  // The .eml written beside the digest carries the same real addresses.
  CHECK_THAT(slurp(night.out / "alerts" / "send_team.eml"), Catch::Contains("To: send.team@council.example, send.manager@council.example\r\n"));
  // Every sent message is in outbox/sent/, nothing is left queued.
  CHECK(night.files("sent").size() == 4);
  CHECK(night.files("queued").empty());
}

TEST_CASE("The same night run twice sends nothing the second time") {
  Night night("twice");
  auto first = night.run();
  INFO(first.out);
  REQUIRE(first.status == 0);
  REQUIRE(night.sink.messages().size() == 4);
  auto second = night.run();
  INFO(second.out);
  CHECK(second.status == 0);
  CHECK(night.sink.messages().size() == 4);  // still the first run's four
  CHECK_THAT(second.out, Catch::Contains("Sent 0 digests; 4 sent already by an earlier run."));
  CHECK_THAT(second.out, Catch::Contains("already sent: send_team's digest of 2026-03-02 (not sent again)"));
  // And `send` by hand afterwards finds nothing waiting.
  auto by_hand = run_cli("send --out " + night.out.string() + " --recipients " + night.recipients.string());
  CHECK(by_hand.status == 0);
  CHECK(night.sink.messages().size() == 4);
}

TEST_CASE("A refused send is reported with exit status 2, stays queued, and the next run sends it once") {
  Night night("refused");
  night.sink.refuse_data(true);  // the relay answers 451 "try again later" to every message
  auto failed = night.run();
  INFO(failed.out);
  CHECK(failed.status == 2);
  CHECK_THAT(failed.out, Catch::Contains("send_team's digest (to send.team@council.example, send.manager@council.example): not sent"));
  CHECK_THAT(failed.out, Catch::Contains("451"));
  CHECK_THAT(failed.out, Catch::Contains("it stays queued for the next run"));
  CHECK_THAT(failed.out, !Catch::Contains("EHC-"));  // the error names the audience, not the children
  CHECK(night.sink.messages().empty());
  CHECK(night.files("queued").size() == 4);
  // The run's own outputs were written all the same.
  CHECK(fs::exists(night.out / "alerts" / "send_team.txt"));
  CHECK(fs::exists(night.out / "compliance-report.html"));

  // The next night's run sends the night before's four, once each, and its own four.
  night.sink.refuse_data(false);
  auto next = night.run("", "2026-03-03");
  INFO(next.out);
  CHECK(next.status == 0);
  CHECK_THAT(next.out, Catch::Contains("Sent 8 digests."));
  const auto mails = night.sink.messages();
  CHECK(mails.size() == 8);
  std::map<std::string, int> per_night;
  std::set<std::string> ids;
  for (const auto& m : mails) {
    const auto parsed = parse_mail(m.data);
    ids.insert(parsed.headers.at("Message-ID"));
    const std::string subject = parsed.headers.at("Subject");
    per_night[subject.find(" 2026-03-02: ") != std::string::npos ? "2 March" : "3 March"]++;
  }
  CHECK(per_night["2 March"] == 4);
  CHECK(per_night["3 March"] == 4);
  CHECK(ids.size() == 8);
  CHECK(night.files("queued").empty());
  CHECK(night.files("sent").size() == 8);
}

TEST_CASE("`timescales send` retries what a failed night left queued, with the same Message-ID") {
  Night night("resend");
  night.sink.refuse_data(true);
  REQUIRE(night.run().status == 2);
  night.sink.refuse_data(false);
  auto sent = run_cli("send --out " + night.out.string() + " --recipients " + night.recipients.string());
  INFO(sent.out);
  CHECK(sent.status == 0);
  CHECK_THAT(sent.out, Catch::Contains("Sent 4 digests."));
  REQUIRE(night.sink.messages().size() == 4);
  std::set<std::string> ids;
  for (const auto& m : night.sink.messages()) ids.insert(parse_mail(m.data).headers["Message-ID"]);
  // The Message-ID comes from the digest's key (its recipient and night), not from the attempt.
  for (const auto& id : ids) CHECK_THAT(id, Catch::StartsWith("<digest.2026-03-02."));
  bool send_team_id = false;
  for (const auto& f : night.files("sent"))
    if (f.filename().string().rfind("2026-03-02.send_team.", 0) == 0)
      send_team_id = ids.count("<digest." + f.stem().string() + "@council.example>") == 1;
  CHECK(send_team_id);
}

TEST_CASE("A dry run says who would get what, names no case, and sends and queues nothing") {
  Night night("dry");
  auto dry = night.run("--dry-run");
  INFO(dry.out);
  CHECK(dry.status == 0);
  CHECK(night.sink.messages().empty());
  CHECK(!fs::exists(night.out / "outbox" / "queued"));
  CHECK_THAT(dry.out, Catch::Contains("would send send_team's digest of 2026-03-02 to send.team@council.example, "
                                      "send.manager@council.example (EHC plan deadlines 2026-03-02: 2 overdue, 1 due "
                                      "today, 1 due soon, 2 coming up; 6 lines)"));
  CHECK_THAT(dry.out, Catch::Contains("would send owner:A Coordinator's digest of 2026-03-02 to a.coordinator@council.example"));
  CHECK_THAT(dry.out, Catch::Contains("Dry run: 4 digests would be sent; nothing was sent or queued."));
  for (const char* id : {"EHC-1", "EHC-2", "EHC-3", "EHC-4", "AR-1", "AR-3", "CMP-1"}) CHECK_THAT(dry.out, !Catch::Contains(id));
  // --dry-run without a recipients file is a mistake in the command.
  auto bare = run_cli("nightly --db " + night.db + " --as-of " + kNight + " --out " + night.out.string() + " --dry-run");
  CHECK(bare.status == 2);
  CHECK_THAT(bare.out, Catch::Contains("--dry-run: needs --recipients"));
}

TEST_CASE("A declared audience with no address fails the sending (exit 2), and the others are still sent") {
  Night night("unaddressed");
  std::string text = recipients_toml(night.sink.url());
  text.replace(text.find("complaints_officer = "), std::string("complaints_officer = \"complaints@council.example\"\n").size(), "");
  write_file(night.recipients, text);
  auto run = night.run();
  INFO(run.out);
  CHECK(run.status == 2);
  CHECK_THAT(run.out, Catch::Contains("complaints_officer's digest of 2026-03-02 has no address in"));
  CHECK_THAT(run.out, !Catch::Contains("no digest has this audience"));
  CHECK(night.sink.messages().size() == 3);
  CHECK(fs::exists(night.out / "alerts" / "complaints_officer.eml"));
}

TEST_CASE("An audience in the recipients file that no digest has is a warning") {
  Night night("misspelt");
  std::string text = recipients_toml(night.sink.url());
  text.replace(text.find("[team]"), 0, "complaints_oficer = \"typo@council.example\"\n");
  write_file(night.recipients, text);
  auto run = night.run();
  INFO(run.out);
  CHECK(run.status == 0);
  CHECK_THAT(run.out, Catch::Contains("warning: " + night.recipients.string() +
                                      ": [audience] complaints_oficer: no digest has this audience"));
  CHECK(night.sink.messages().size() == 4);
}

TEST_CASE("A bad recipients file fails the night at once, at its line and column, before the run") {
  Night night("badfile");
  write_file(night.recipients, "from = \"Timescales <timescales@council.example>\"\n[delivery]\nmethod = \"smtp\"\n"
                               "url = \"smtp://127.0.0.1:1\"\n[audience]\nsend_team = \"send team@council\"\n");
  auto run = night.run();
  CHECK(run.status == 2);
  // Line 6, column 13: `send_team = ` is 12 characters.
  CHECK_THAT(run.out, Catch::Contains(night.recipients.string() + ":6:13: send_team: 'send team@council' is not a plain address"));
  CHECK(!fs::exists(night.out / "alerts" / "send_team.txt"));  // the run did not start
}
