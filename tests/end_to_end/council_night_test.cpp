// A council's night, end to end, through the built program as a deployment runs it (issue 16):
// an import folder holding three exports, each matched to its mapping by name, one of them with a
// mapping that misspells an event (the run exits 2 and leaves that file where it was); the
// digests sent to an SMTP server on loopback and parsed back; a mistyped date put right by an
// officer; the same night run again, sending nothing twice; and the next night, with the mapping
// fixed, importing the held-back file whole.
//
// The days: Thursday 12 November 2026 and Friday 13 November 2026, in the past whenever the test
// runs, as an officer's correction must be (England and Wales: no bank holiday between 31 August
// and 25 December 2026, GOV.UK's list).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>

#include "tests/mail/mail_support.hpp"
#include "tests/support/smtp_sink.hpp"

using namespace timescales::test;
namespace fs = std::filesystem;

namespace {

fs::path put(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
  return path;
}

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file()) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// The complaints system's export (its own column names, steps and day-first dates), and the
// corporate complaints export, laid out the same, whose mapping misspells "acknowledged".
std::string complaints_mapping() {
  std::ifstream in(fs::path(TIMESCALES_SOURCE_DIR) / "tests" / "fixtures" / "import" / "complaints-day-first.toml");
  return std::string(std::istreambuf_iterator<char>(in), {});
}
std::string corporate_mapping(const std::string& acknowledged) {
  std::string text = std::regex_replace(complaints_mapping(), std::regex("complaints-statutory"), "complaints-corporate");
  text = std::regex_replace(text, std::regex("name = \"complaints\""), "name = \"corporate\"");
  return std::regex_replace(text, std::regex("ACK = \"acknowledged\""), "ACK = \"" + acknowledged + "\"");
}

// The SEND system's export is in the native layout: no mapping.
constexpr const char* kImportConfig = R"toml(max_rejected_share = 0.2

[[export]]
pattern = "complaints-*.csv"
mapping = "complaints.toml"

[[export]]
pattern = "corporate-*.csv"
mapping = "corporate.toml"

[[export]]
pattern = "send-*.csv"
)toml";

struct Night {
  TempDir dir{"timescales-council-night-"};
  fs::path db = dir.path / "cases.db", incoming = dir.path / "incoming", out = dir.path / "out",
           config = dir.path / "config";
  SmtpSink sink;

  Night() {
    REQUIRE(sink.port() != 0);
    REQUIRE(run_cli("init --db " + q(db)).status == 0);
    put(config / "complaints.toml", complaints_mapping());
    put(config / "corporate.toml", corporate_mapping("acknowleged"));
    put(config / "imports.toml", kImportConfig);
    put(config / "recipients.toml",
        "from = \"Timescales <timescales@council.example>\"\n"
        "[delivery]\nmethod = \"smtp\"\nurl = \"" + sink.url() + "\"\ntls = \"none\"\ntimeout_seconds = 20\n"
        "[audience]\ncomplaints_officer = \"complaints@council.example\"\n"
        "send_team = \"send.team@council.example\"\n"
        "[team]\n\"CIN Widnes\" = \"cin.widnes@council.example\"\n\"SEND Assessment\" = \"send.assessment@council.example\"\n"
        "[owner]\n\"ehc.coordinator.1\" = \"coordinator.1@council.example\"\n");
  }

  CliRun run(const std::string& as_of) {
    return run_cli("nightly --db " + q(db) + " --as-of " + as_of + " --out " + q(out) + " --import-dir " + q(incoming) +
                   " --import-config " + q(config / "imports.toml") + " --recipients " +
                   q(config / "recipients.toml") + " --quiet");
  }
};

// The messages the sink holds, by their first recipient, each parsed back.
std::map<std::string, ParsedMail> by_recipient(const std::vector<ReceivedMail>& mails) {
  std::map<std::string, ParsedMail> out;
  for (const auto& m : mails) {
    REQUIRE(!m.rcpt_to.empty());
    out.emplace(m.rcpt_to.front(), parse_mail(m.data));
  }
  return out;
}

}  // namespace

TEST_CASE("a council's night: three exports, one held back, digests sent once, a correction, the next night") {
  Night night;
  // Complaints: CMP-1 received Tue 3 Nov, its acknowledgement mistyped as 32/11 (rejected: one
  // row of five, not more than a fifth, so the file imports); CMP-2 received and acknowledged;
  // CMP-3 received Tue 10 Nov, as typed (it came in on Mon 9 Nov: put right below).
  put(night.incoming / "complaints-2026-11-12.csv",
      "Ref,Step,When,Team\n"
      "CMP-1,RECV,03/11/2026,CIN Widnes\n"
      "CMP-1,ACK,32/11/2026,CIN Widnes\n"
      "CMP-2,RECV,04/11/2026,CIN Widnes\n"
      "CMP-2,ACK,05/11/2026,CIN Widnes\n"
      "CMP-3,RECV,10/11/2026,CIN Widnes\n");
  put(night.incoming / "corporate-2026-11-12.csv",
      "Ref,Step,When,Team\nCORP-1,RECV,03/11/2026,CIN Widnes\nCORP-1,ACK,04/11/2026,CIN Widnes\n");
  // A request for an EHC needs assessment on Mon 5 Oct 2026: the decision whether to assess is
  // due 6 weeks later, Mon 16 Nov (reg 5(1): "within 6 weeks"), within the next 5 working days
  // of Thu 12 Nov (13, 16, 17, 18, 19 Nov).
  put(night.incoming / "send-2026-11-12.csv",
      "case_id,workflow,event,date,reason,team,owner\n"
      "EHC-1,ehcp-needs-assessment,request_received,2026-10-05,,SEND Assessment,ehc.coordinator.1\n");

  // --- Thursday night ---------------------------------------------------------------------------
  const auto first = night.run("2026-11-12");
  INFO(first.out);
  // The corporate export was not imported: its mapping names an event the workflow lacks. The
  // run says so, leaves it where it was, and exits 2, yet writes and sends the night's digests.
  CHECK(first.status == 2);
  CHECK_THAT(first.out, Catch::Contains("NOT imported, left in the import folder: " +
                                        (night.incoming / "corporate-2026-11-12.csv").string()) &&
                            Catch::Contains("acknowleged"));
  CHECK(names_in(night.incoming) == std::vector<std::string>{"corporate-2026-11-12.csv"});
  CHECK(names_in(night.incoming / "imported").size() == 2);

  const auto sent = night.sink.messages();
  auto mails = by_recipient(sent);
  REQUIRE(mails.count("<complaints@council.example>") == 1);
  REQUIRE(mails.count("<send.team@council.example>") == 1);
  REQUIRE(mails.count("<cin.widnes@council.example>") == 1);
  REQUIRE(mails.count("<coordinator.1@council.example>") == 1);
  std::set<std::string> ids;
  for (const auto& [to, mail] : mails) {
    CHECK(mail.headers.at("To") == to.substr(1, to.size() - 2));
    CHECK(mail.headers.at("From") == "Timescales <timescales@council.example>");
    CHECK(std::regex_match(mail.headers.at("Date"),
                           std::regex(R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4})")));
    ids.insert(mail.headers.at("Message-ID"));
  }
  CHECK(ids.size() == mails.size());  // one Message-ID each

  // The complaints officer's digest: CMP-1's acknowledgement, received Tue 3 Nov + 3 working
  // days (4, 5, 6 Nov) -> due Fri 6 Nov, overdue on the 12th (the only one overdue: CMP-2 was
  // acknowledged, CMP-3's is due Fri 13 Nov), with the rejected row beside it.
  const std::string& officer = mails.at("<complaints@council.example>").text;
  CHECK_THAT(mails.at("<complaints@council.example>").headers.at("Subject"),
             Catch::StartsWith("Complaint deadlines 2026-11-12: 1 overdue"));
  std::string cmp1;
  for (size_t at = officer.find("CMP-1 "); at != std::string::npos; at = officer.find("CMP-1 ", at + 1)) {
    const std::string line = officer.substr(at, officer.find('\n', at) - at);
    if (line.find("acknowledgement") != std::string::npos) cmp1 = line;
  }
  CHECK_THAT(cmp1, Catch::Contains("due 2026-11-06") && Catch::Contains("1 row rejected for this case on"));
  // The SEND team's and the coordinator's: EHC-1's decision to assess, due Mon 16 Nov.
  CHECK_THAT(mails.at("<send.team@council.example>").text, Catch::Contains("EHC-1") && Catch::Contains("2026-11-16"));
  CHECK_THAT(mails.at("<coordinator.1@council.example>").text, Catch::Contains("EHC-1"));
  // Its copy in alerts/ is named by the owner as recorded ('.' kept, the space of a team '+').
  CHECK(fs::exists(night.out / "alerts" / "owner-ehc.coordinator.1.txt"));
  CHECK(fs::exists(night.out / "alerts" / "team-CIN+Widnes.txt"));

  // --- The officer puts CMP-3's date right ----------------------------------------------------
  const auto shown = run_cli("case show --db " + q(night.db) + " CMP-3 --as-of 2026-11-12");
  std::smatch number;
  REQUIRE(std::regex_search(shown.out, number, std::regex(R"(#(\d+)  2026-11-10  received)")));
  const auto corrected = run_cli("case correct-event --db " + q(night.db) + " " + number[1].str() +
                                 " --date 2026-11-09 --why 'received on Monday, typed as Tuesday'");
  INFO(corrected.out);
  REQUIRE(corrected.status == 0);

  // --- The same night again: nothing is sent twice --------------------------------------------
  const auto again = night.run("2026-11-12");
  INFO(again.out);
  CHECK(again.status == 2);  // the corporate export is still held back
  CHECK(night.sink.messages().size() == sent.size());

  // --- Friday night, the mapping fixed ---------------------------------------------------------
  put(night.config / "corporate.toml", corporate_mapping("acknowledged"));
  const auto friday = night.run("2026-11-13");
  INFO(friday.out);
  CHECK(friday.status != 2);
  CHECK(names_in(night.incoming).empty());
  CHECK(names_in(night.incoming / "imported").size() == 3);  // archived under unique names
  // Friday's digests went, Thursday's were not sent again.
  CHECK(night.sink.messages().size() == 2 * sent.size());

  // CMP-3 as corrected: received Mon 9 Nov + 10 working days (10, 11, 12, 13, 16, 17, 18, 19,
  // 20, 23 Nov) -> due Mon 23 Nov; the history keeps the date first typed.
  const auto after = run_cli("case show --db " + q(night.db) + " CMP-3 --as-of 2026-11-13");
  CHECK_THAT(after.out, Catch::Contains("stage1_response (deadline): running, due Mon 23 Nov 2026") &&
                            Catch::Contains("superseded by") && Catch::Contains("received on Monday, typed as Tuesday"));
  const auto corp = run_cli("case show --db " + q(night.db) + " CORP-1 --as-of 2026-11-13");
  CHECK(corp.status == 0);
}
