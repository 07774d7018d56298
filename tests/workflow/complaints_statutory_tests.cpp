// complaints-statutory: SI 2006/1738, worked by hand against the England and Wales bank holidays
// (2025: 1 Jan, 18 Apr, 21 Apr, 5 May, 26 May, 25 Aug, 25 Dec, 26 Dec; 2026: 1 Jan, 3 Apr, 6 Apr,
// 4 May, 25 May, 31 Aug, 25 Dec, 28 Dec). Weekday anchors: Fri 19 Dec 2025, Mon 2 Jun 2025,
// Mon 22 Sep 2025, Mon 3 Nov 2025, Fri 27 Mar 2026, Mon 6 Jan 2025, Mon 14 Apr 2025.
#include "scenario.hpp"

using namespace timescales;
using namespace timescales::testing;

TEST_CASE("complaints-statutory scenarios") {
  const std::vector<Scenario> table = {
      {"contract example: Stage 1 extended for a complex complaint",
       {{"received", "2025-12-19"}, {"stage1_extended", "2026-01-05", "complex"}},
       "2026-01-05",
       {// 19 Dec + 20 WD: 22,23,24 (3), 29,30,31 (6), 2 (7), 5-9 (12), 12-16 (17), 19,20,21 (20)
        // -> 21 Jan; remaining after 5 Jan: 6,7,8,9,12-16,19,20,21 = 12
        {"stage1_response", "running", "2026-01-21", 12},
        // 19 Dec + 3 WD: 22, 23, 24 -> 24 Dec; not acknowledged by 5 Jan
        {"acknowledgement", "overdue", "2025-12-24"},
        {"stage2_response", "pending", "none"}},
       "stage1"},
      {"Stage 1 answered on the last day, acknowledged next working day",
       {{"received", "2025-12-19"}, {"acknowledged", "2025-12-22"},
        {"stage1_responded", "2026-01-07"}},
       "2026-01-20",
       {// 19 Dec + 10 WD: 22,23,24,29,30,31 Dec, 2,5,6,7 Jan -> 7 Jan
        {"stage1_response", "met", "2026-01-07"},
        {"acknowledgement", "met", "2025-12-24"}},
       "stage1_response_sent"},
      {"Stage 1 answered a day late",
       {{"received", "2025-06-02"}, {"acknowledged", "2025-06-03"},
        {"stage1_responded", "2025-06-17"}},
       "2025-06-30",
       {// Mon 2 Jun + 10 WD: 3,4,5,6 (4), 9-13 (9), 16 (10) -> 16 Jun; answered 17 Jun
        {"stage1_response", "missed", "2025-06-16"}},
       "stage1_response_sent"},
      {"Stage 1 over Easter 2026, not answered",
       {{"received", "2026-03-27"}, {"acknowledged", "2026-03-30"}},
       "2026-04-15",
       {// Fri 27 Mar + 10 WD: 30,31 Mar, 1,2 Apr (4), [3 Good Friday, 6 Easter Monday],
        // 7,8,9,10 (8), 13,14 (10) -> 14 Apr; as of 15 Apr: one working day past, remaining -1
        {"stage1_response", "overdue", "2026-04-14", -1}},
       "stage1"},
      {"Stage 2 extended to 65 working days",
       {{"received", "2025-09-01"}, {"acknowledged", "2025-09-02"},
        {"stage1_responded", "2025-09-12"}, {"stage2_requested", "2025-09-22"},
        {"stage2_extended", "2025-10-20", "independent person unavailable"}},
       "2025-11-03",
       {// Mon 1 Sep + 10 WD: 2-5 (4), 8-12 (9), 15 (10) -> 15 Sep; answered 12 Sep
        {"stage1_response", "met", "2025-09-15"},
        // Mon 22 Sep + 65 WD, no bank holidays between 25 Aug and 25 Dec: 23-26 (4), 29,30 (6),
        // 1-3 Oct (9), 6-10 (14), 13-17 (19), 20-24 (24), 27-31 (29), 3-7 Nov (34), 10-14 (39),
        // 17-21 (44), 24-28 (49), 1-5 Dec (54), 8-12 (59), 15-19 (64), 22 (65) -> 22 Dec.
        // Remaining after 3 Nov: 4-7 (4), then 5 a week to 19 Dec (34), 22 Dec -> 35
        {"stage2_response", "running", "2025-12-22", 35}},
       "stage2"},
      {"withdrawn: the running Stage 1 clock is cancelled, the late acknowledgement stays missed",
       {{"received", "2025-12-19"}, {"withdrawn", "2026-01-02"}},
       "2026-01-10",
       {// Stage 1 due 7 Jan (as above); withdrawn 2 Jan, before it was due
        {"stage1_response", "cancelled", "2026-01-07"},
        // acknowledgement due 24 Dec; withdrawn 2 Jan, after it was due: still missed
        {"acknowledgement", "missed", "2025-12-24"}},
       "withdrawn"},
      {"paused until an advocate is appointed",
       {{"received", "2025-11-03"}, {"acknowledged", "2025-11-04"},
        {"advocate_requested", "2025-11-05"}, {"advocate_appointed", "2025-11-12"},
        {"stage1_responded", "2025-11-24"}},
       "2025-11-28",
       {// Mon 3 Nov + 10 WD: 4-7 (4), 10-14 (9), 17 (10) -> 17 Nov. Paused 5 -> 12 Nov: working
        // days 6,7,10,11,12 = 5, so 17 Nov + 5 WD: 18,19,20,21,24 -> 24 Nov; answered that day
        {"stage1_response", "met", "2025-11-24"}},
       "stage1_response_sent"},
      {"still paused on the as-of date",
       {{"received", "2025-11-03"}, {"acknowledged", "2025-11-04"},
        {"advocate_requested", "2025-11-05"}},
       "2025-11-10",
       {// due before the pause 17 Nov; paused 5 -> 10 Nov so far: 6,7,10 = 3 WD, 17 Nov + 3 WD:
        // 18,19,20 -> 20 Nov. Remaining frozen at the pause: 6,7,10-14,17 = 8
        {"stage1_response", "paused", "2025-11-20", 8}},
       "stage1"},
      {"a response dated before the complaint was received lands in problems",
       {{"stage1_responded", "2025-12-01"}, {"received", "2025-12-19"},
        {"acknowledged", "2025-12-19"}},
       "2026-01-05",
       {// 19 Dec + 10 WD -> 7 Jan (as above); remaining after 5 Jan: 6, 7 -> 2
        {"stage1_response", "running", "2026-01-07", 2},
        {"acknowledgement", "met", "2025-12-24"}},
       "stage1",
       "stage1_responded on 2025-12-01 is before received on 2025-12-19, when the case began"},
      {"an event not allowed in the state; the Ombudsman at any point",
       {{"received", "2025-06-02"}, {"acknowledged", "2025-06-02"},
        {"ombudsman_referred", "2025-06-05"}, {"stage3_requested", "2025-06-10"}},
       "2025-06-12",
       {// due 16 Jun (as above)
        {"stage1_response", "running", "2025-06-16"},
        {"stage3_panel", "pending", "none"}},
       "stage1",
       "stage3_requested on 2025-06-10 is not allowed in state 'stage1'"},
      {"all three stages, around Easter and the May bank holidays 2025",
       {{"received", "2025-01-06"}, {"acknowledged", "2025-01-07"},
        {"stage1_responded", "2025-01-17"}, {"stage2_requested", "2025-02-03"},
        {"stage2_responded", "2025-03-07"}, {"stage3_requested", "2025-04-14"},
        {"panel_held", "2025-05-29"}, {"panel_reported", "2025-06-06"},
        {"panel_response_sent", "2025-06-20"}, {"closed", "2025-06-23"}},
       "2025-07-01",
       {// Mon 6 Jan + 10 WD: 7-10 (4), 13-17 (9), 20 (10) -> 20 Jan; answered 17 Jan
        {"stage1_response", "met", "2025-01-20"},
        // Mon 3 Feb + 25 WD: 4-7 (4), 10-14 (9), 17-21 (14), 24-28 (19), 3-7 Mar (24), 10 (25)
        // -> 10 Mar; answered 7 Mar
        {"stage2_response", "met", "2025-03-10"},
        // Mon 14 Apr + 30 WD: 15,16,17 (3), [18 GF, 21 EM], 22-25 (7), 28,29,30 (10), 1,2 May
        // (12), [5 May], 6-9 (16), 12-16 (21), 19-23 (26), [26 May], 27-30 (30) -> 30 May
        {"stage3_panel", "met", "2025-05-30"},
        // Thu 29 May + 5 WD: 30 May, 2,3,4,5 Jun -> 5 Jun; reported 6 Jun
        {"panel_report", "missed", "2025-06-05"},
        // Fri 6 Jun + 15 WD: 9-13 (5), 16-20 (10), 23-27 (15) -> 27 Jun; sent 20 Jun
        {"panel_response", "met", "2025-06-27"}},
       "closed"},
      {"Stage 2 asked for while Stage 1 was overdue",
       {{"received", "2025-06-02"}, {"acknowledged", "2025-06-02"},
        {"stage2_requested", "2025-06-20"}},
       "2025-07-01",
       {// Stage 1 due 16 Jun; overtaken on 20 Jun, after it was due: missed, not cancelled
        {"stage1_response", "missed", "2025-06-16"},
        // Fri 20 Jun + 25 WD: 23-27 (5), 30 Jun-4 Jul (10), 7-11 (15), 14-18 (20), 21-25 (25)
        // -> 25 Jul
        {"stage2_response", "running", "2025-07-25"}},
       "stage2"},
      {"extended while paused for an advocate, after the unpaused limit: the pause moved the limit",
       {{"received", "2025-11-03"}, {"acknowledged", "2025-11-04"},
        {"advocate_requested", "2025-11-12"}, {"stage1_extended", "2025-11-19", "complex"},
        {"advocate_appointed", "2025-11-26"}},
       "2025-12-01",
       {// Mon 3 Nov + 10 WD: 4-7 (4), 10-14 (9), 17 (10) -> 17 Nov, the limit before the pause.
        // Paused from Wed 12 Nov; by the extension on Wed 19 Nov the pause has held it 13, 14,
        // 17, 18, 19 = 5 WD, so the limit then was 17 Nov + 5 WD: 18-21 (4), 24 (5) -> 24 Nov,
        // still to come: reg 14's extension applies. Extended: 3 Nov + 20 WD: 4-7 (4), 10-14 (9),
        // 17-21 (14), 24-28 (19), 1 Dec (20) -> 1 Dec. The whole pause, 12 -> 26 Nov: 13, 14,
        // 17-21, 24, 25, 26 = 10 WD, so 1 Dec + 10 WD: 2-5 (4), 8-12 (9), 15 (10) -> 15 Dec.
        // Remaining on 1 Dec: 2-5, 8-12, 15 = 10.
        {"stage1_response", "running", "2025-12-15", 10}},
       "stage1"},
      {"extended after the advocate was appointed and the moved limit had passed: not applied",
       {{"received", "2025-11-03"}, {"acknowledged", "2025-11-04"},
        {"advocate_requested", "2025-11-05"}, {"advocate_appointed", "2025-11-12"},
        {"stage1_extended", "2025-11-25", "complex"}},
       "2025-11-28",
       {// 17 Nov moved by the pause 5 -> 12 Nov (6, 7, 10, 11, 12 = 5 WD) to 24 Nov (as above);
        // the extension on 25 Nov came a day after it. Overdue on 28 Nov.
        {"stage1_response", "overdue", "2025-11-24"}},
       "stage1",
       "came after the limit had already passed (due 2025-11-24)"},
      {"an extension without a reason is flagged but still applies",
       {{"received", "2025-06-02"}, {"acknowledged", "2025-06-02"},
        {"stage1_extended", "2025-06-09"}},
       "2025-06-20",
       {// Mon 2 Jun + 20 WD: 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20) -> 30 Jun
        {"stage1_response", "running", "2025-06-30"}},
       "stage1",
       "gives no reason"},
  };
  run_scenarios("complaints-statutory", table);
}

TEST_CASE("complaints-statutory explanation reads as the contract shows") {
  const Case c = make_case("complaints-statutory",
                           {{"received", "2025-12-19"}, {"stage1_extended", "2026-01-05", "complex"}});
  const auto ev = evaluate_case(workflow("complaints-statutory"), c, d("2026-01-05"),
                                {&england_and_wales(), nullptr});
  const auto& t = timer(ev, "stage1_response");
  CHECK(t.explanation ==
        "received 2025-12-19 + 20 working days (extended 2026-01-05: complex); skips 25, 26 Dec, 1 Jan");
  CHECK(t.extended);
  CHECK(t.unit == Unit::working_days);
  CHECK(t.start == d("2025-12-19"));
  CHECK(!t.stopped);
}
