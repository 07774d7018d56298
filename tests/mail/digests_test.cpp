// The SEND team's digest and each coordinator's, from the night of Monday 2 March 2026
// (tests/fixtures/mail/), as rules/outputs.toml declares them: decisions, drafts and final plans
// overdue, due today or due in the next 5 working days; annual reviews due in the next 8 weeks;
// phase transfers due in the next 16 weeks. Every expected line is worked out here by hand.
//
// The working: weeks are 7 calendar days from the request (engine contract; the day of the
// request is day 0); working days are Monday to Friday less England and Wales bank holidays
// (GOV.UK: Good Friday 3 April and Easter Monday 6 April 2026; none in February or March).
//   EHC-1  request Mon 19 Jan 2026: decision to assess (6 weeks) due 19 Jan + 42 days = Mon 2 Mar,
//          the night itself: due today. State "deciding". Owner A Coordinator.
//   EHC-2  request Thu 13 Nov 2025, decided to assess 18 Dec (6 weeks: due 25 Dec, met). Draft or
//          decision not to issue (16 weeks) due 13 Nov + 112 days = Thu 5 Mar: 3 working days
//          left (3, 4, 5 Mar). Final plan (20 weeks) due 2 Apr: 23 working days away, and final
//          plans have no coming_up section, so not listed. State "assessing". Owner A Coordinator.
//   EHC-3  request Mon 15 Sep 2025, decided 20 Oct (due 27 Oct, met), draft 5 Jan 2026 (due 5 Jan,
//          met). Final plan due 15 Sep + 140 days = Mon 2 Feb: overdue; working days after it up
//          to 2 Mar: 3-6 Feb (4) + three whole weeks (15) + 2 Mar (1) = 20 over. State
//          "draft_issued". Owner B Coordinator.
//   EHC-4  request Mon 5 Jan 2026: decision to assess due 16 Feb, overdue; 17-20 Feb (4),
//          23-27 Feb (5), 2 Mar (1) = 10 working days over. No owner: the SEND team's only.
//   AR-1   plan issued 10 Apr 2025: reviewed within 12 months *beginning with* that day, so by
//          9 Apr 2026 (workflow header, s.44(1)); 2 Mar + 8 weeks = 27 Apr, so listed under annual
//          reviews. Working days to 9 Apr: 3-6 Mar (4), 9-13, 16-20, 23-27 Mar (15), 30 Mar-2 Apr
//          (4), 3 and 6 Apr bank holidays, 7-9 Apr (3) = 26 left. State "maintained". Owner B.
//   AR-2   plan issued 1 Jul 2025: review due 30 Jun 2026, after 27 Apr: not listed.
//   AR-3   transfer from secondary to post-16 in 2026: amended plan due before 31 March, so
//          30 Mar 2026 (reg 18(1)(a)); 2 Mar + 16 weeks = 22 Jun, so listed under phase transfers;
//          working days 3 Mar-30 Mar: 4 + 15 + 1 = 20 left. Its review (plan 1 Sep 2025) is due
//          31 Aug 2026: not listed. Owner B Coordinator.
//   AR-4   a transfer in 2027: due 14 Feb 2027, well past 22 Jun: not listed. No owner.
//   CMP-1  a complaint (owner J Officer): no EHC clock, so in no SEND or coordinator digest; the
//          owner digests are declared for the EHC workflows only.
#include <catch2/catch.hpp>

#include "tests/mail/mail_support.hpp"

namespace fs = std::filesystem;
using namespace timescales::test;

namespace {

// The night run with no recipients file: the digests are written to alerts/, nothing is sent.
fs::path run_the_night(const TempDir& tmp) {
  const std::string db = night_store(tmp.path);
  const fs::path out = tmp.path / "out";
  auto night = run_cli("nightly --db " + db + " --as-of " + kNight + " --out " + out.string());
  INFO(night.out);
  REQUIRE(night.status <= 1);  // 0, or 1 for data problems: the digests are written either way
  CHECK_THAT(night.out, !Catch::Contains("Sent "));
  CHECK(!fs::exists(out / "outbox"));
  return out;
}

}  // namespace

TEST_CASE("The SEND team's digest: decisions, drafts and final plans due, annual reviews and phase transfers ahead") {
  TempDir tmp("timescales-mail-send-digest-");
  const fs::path out = run_the_night(tmp);
  const std::string text = slurp(out / "alerts" / "send_team.txt");
  INFO(text);
  CHECK_THAT(text, Catch::StartsWith("EHC plan deadlines for send_team on "));
  using V = std::vector<std::string>;
  // Overdue in due order: EHC-3's final plan (2 Feb) before EHC-4's decision (16 Feb).
  CHECK(section(text, "Overdue") ==
        V{"EHC-3  draft_issued  final_plan  due 2026-02-02  20 working days over  owed by B Coordinator",
          "EHC-4  deciding  decision_to_assess  due 2026-02-16  10 working days over  owed by SEND Assessment"});
  CHECK(section(text, "Due today") == V{"EHC-1  deciding  decision_to_assess  due 2026-03-02  due today  owed by A Coordinator"});
  CHECK(section(text, "Due in the next 5 working days") ==
        V{"EHC-2  assessing  issue_decision  due 2026-03-05  3 working days left  owed by A Coordinator"});
  CHECK(section(text, "Annual reviews due in the next 8 weeks") ==
        V{"AR-1  maintained  annual_review  due 2026-04-09  26 working days left  owed by B Coordinator"});
  CHECK(section(text, "Phase transfers: amended plans due in the next 16 weeks") ==
        V{"AR-3  maintained  phase_transfer  due 2026-03-30  20 working days left  owed by B Coordinator"});
  CHECK(section(text, "Recently extended").empty());
  // No complaint in the SEND team's digest, and no case's personal details (none are turned on).
  CHECK_THAT(text, !Catch::Contains("CMP-1"));
  CHECK_THAT(text, !Catch::Contains("AR-2"));
  CHECK_THAT(text, !Catch::Contains("AR-4"));
}

TEST_CASE("Each coordinator's digest holds their own cases only, and a case with no owner goes to none") {
  TempDir tmp("timescales-mail-owner-digest-");
  const fs::path out = run_the_night(tmp);
  using V = std::vector<std::string>;
  const std::string a = slurp(out / "alerts" / "owner-A+Coordinator.txt");
  INFO(a);
  CHECK_THAT(a, Catch::StartsWith("EHC plan deadlines for your cases for owner:A Coordinator on "));
  CHECK(section(a, "Overdue").empty());
  CHECK(section(a, "Due today") == V{"EHC-1  deciding  decision_to_assess  due 2026-03-02  due today  owed by A Coordinator"});
  CHECK(section(a, "Due in the next 5 working days") ==
        V{"EHC-2  assessing  issue_decision  due 2026-03-05  3 working days left  owed by A Coordinator"});
  CHECK(section(a, "Annual reviews due in the next 8 weeks").empty());

  const std::string b = slurp(out / "alerts" / "owner-B+Coordinator.txt");
  INFO(b);
  CHECK(section(b, "Overdue") ==
        V{"EHC-3  draft_issued  final_plan  due 2026-02-02  20 working days over  owed by B Coordinator"});
  CHECK(section(b, "Due today").empty());
  CHECK(section(b, "Annual reviews due in the next 8 weeks") ==
        V{"AR-1  maintained  annual_review  due 2026-04-09  26 working days left  owed by B Coordinator"});
  CHECK(section(b, "Phase transfers: amended plans due in the next 16 weeks") ==
        V{"AR-3  maintained  phase_transfer  due 2026-03-30  20 working days left  owed by B Coordinator"});
  CHECK_THAT(b, !Catch::Contains("EHC-4"));

  // The complaint's owner has no digest of this kind; the complaints officer's lists the
  // complaint: received Mon 23 Feb, Stage 1 due 10 working days later (24-27 Feb, 2-6 Mar, 9 Mar)
  // = Mon 9 Mar: 5 working days left (3-6, 9 Mar), in "the next 5 working days".
  CHECK(!fs::exists(out / "alerts" / "owner-J+Officer.txt"));
  const std::string officer = slurp(out / "alerts" / "complaints_officer.txt");
  CHECK(section(officer, "Due in the next 5 working days") ==
        V{"CMP-1  stage1  stage1_response  due 2026-03-09  5 working days left  owed by J Officer"});
  // The officer's digest declares no coming_up, so it has no such section.
  CHECK_THAT(officer, !Catch::Contains("Annual reviews"));
}
