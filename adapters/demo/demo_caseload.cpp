#include "adapters/demo/demo_caseload.hpp"

#include "adapters/demo/demo_draw.hpp"
#include "adapters/demo/social_care_demo.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace timescales::demo {
namespace {

// Keeps only what had happened by the as-of date.
void cut_at(Case& c, Date as_of) {
  c.events.erase(std::remove_if(c.events.begin(), c.events.end(), [&](const CaseEvent& e) { return e.date > as_of; }),
                 c.events.end());
}

const std::vector<std::string> kTeams = {"CIN Widnes", "CIN Runcorn", "iCART", "Children in Care",
                                         "Disabled Children", "Care Leavers"};
// The EHC coordinators who own the SEND cases, for their own digests. Chosen from the case's
// number rather than drawn, so that adding them left every other draw (and every date) as it was.
const std::vector<std::string> kCoordinators = {"ehc.coordinator.1", "ehc.coordinator.2", "ehc.coordinator.3"};
const std::vector<std::string> kHowMade = {"form", "email", "email", "letter", "telephone", "meeting"};
const std::vector<std::string> kCategories = {"Staff", "Service", "Assessment-Review Process"};
const std::vector<std::string> kExtensionReasons = {"complex", "complex", "awaiting information",
                                                    "complainant unavailable"};

Case complaint(Draw& draw, int n, Date received) {
  Case c;
  c.id = "CMP-" + std::to_string(year_of(received)) + "-" + numbered(n, 3);
  c.workflow = "complaints-statutory";
  c.attributes = {{"team", draw.pick(kTeams)}, {"how_made", draw.pick(kHowMade)},
                  {"category", draw.pick(kCategories)},
                  {"cohort", draw.chance(0.3) ? "child_in_care" : "child_in_need"}};
  add(c, "received", received);
  const Date acknowledged = plus_weekdays(received, draw.chance(0.85) ? draw.between(1, 3) : draw.between(4, 8));
  add(c, "acknowledged", acknowledged);
  // Response times as the board papers show them: roughly a third within 10 working days, most
  // within 20, a long tail beyond (001 L1056). Most late responses were extended first.
  const double r = draw.unit();
  const int days = r < 0.35 ? draw.between(5, 10) : r < 0.75 ? draw.between(11, 20) : draw.between(21, 35);
  if (draw.chance(0.05)) {
    add(c, "withdrawn", plus_weekdays(acknowledged, draw.between(1, 5)));
    return c;
  }
  if (days > 10 && draw.chance(0.6))
    add(c, "stage1_extended", plus_weekdays(received, draw.between(6, 9)), draw.pick(kExtensionReasons));
  // Now and then a response typed with the wrong year: the kind of record data-quality rules catch.
  const Date responded = draw.chance(0.01) ? received - Days{draw.between(300, 400)} : plus_weekdays(received, days);
  add(c, "stage1_responded", responded);
  Date last = responded;
  if (draw.chance(0.08)) {
    const Date s2 = plus_weekdays(responded, draw.between(5, 18));
    add(c, "stage2_requested", s2);
    if (draw.chance(0.5)) add(c, "stage2_extended", plus_weekdays(s2, draw.between(15, 22)), "complex");
    const Date s2r = plus_weekdays(s2, draw.between(20, 50));
    add(c, "stage2_responded", s2r);
    last = s2r;
    if (draw.chance(0.3)) {
      const Date s3 = plus_weekdays(s2r, draw.between(5, 15));
      add(c, "stage3_requested", s3);
      const Date panel = plus_weekdays(s3, draw.between(20, 36));
      add(c, "panel_held", panel);
      const Date report = plus_weekdays(panel, draw.between(3, 7));
      add(c, "panel_reported", report);
      last = plus_weekdays(report, draw.between(10, 18));
      add(c, "panel_response_sent", last);
    }
  }
  if (draw.chance(0.08)) add(c, "ombudsman_referred", last + Days{draw.between(20, 90)});
  add(c, "closed", last + Days{draw.between(25, 40)});
  return c;
}

Case needs_assessment(Draw& draw, int n, Date requested) {
  Case c;
  c.id = "EHC-" + std::to_string(year_of(requested)) + "-" + numbered(n, 4);
  c.workflow = "ehcp-needs-assessment";
  const double cohort = draw.unit();
  c.attributes = {{"team", "SEND Assessment"}, {"owner", kCoordinators[static_cast<size_t>(n) % kCoordinators.size()]},
                  {"cohort", cohort < 0.05 ? "child_in_care" : cohort < 0.08 ? "child_protection_plan" : "none"},
                  {"source", draw.pick(std::vector<std::string>{"parent", "school", "school", "other"})},
                  {"primary_need", draw.pick(std::vector<std::string>{"ASD", "SEMH", "SLCN", "MLD", "SpLD", "PD"})}};
  add(c, "request_received", requested);
  const Date decision = requested + Days{draw.between(25, draw.chance(0.9) ? 42 : 56)};
  if (draw.chance(0.12)) {
    add(c, "decision_not_to_assess", decision);
    return c;
  }
  add(c, "decision_to_assess", decision);
  add(c, "advice_requested", decision + Days{draw.between(1, 5)});
  const Date advice = decision + Days{draw.between(28, draw.chance(0.7) ? 45 : 80)};  // late advice
  add(c, "advice_received", advice);
  if (draw.chance(0.04)) {
    add(c, "decision_not_to_issue", std::max(advice, requested + Days{draw.between(90, 112)}));
    return c;
  }
  // Summer holidays: a school closure exception for some requests whose clock runs through August.
  const Date draft = std::max(advice + Days{draw.between(7, 21)}, requested + Days{draw.between(70, 130)});
  const bool summer = month_of(draft) == 7 || month_of(draft) == 8;
  if (summer && draw.chance(0.5)) {
    add(c, "exception_started", make_date(year_of(draft), 7, 22), "school_closure");
    add(c, "exception_ended", make_date(year_of(draft), 9, 3));
  }
  add(c, "draft_plan_issued", draft);
  // Final plan: at least 15 days for comments, then discussion with parents or finding provision.
  const int wait = draw.chance(0.92) ? draw.between(15, draw.chance(0.6) ? 30 : 70) : draw.between(8, 13);
  add(c, "final_plan_issued", draft + Days{wait}, wait > 40 ? draw.pick(std::vector<std::string>{
      "finding suitable provision", "discussions with parents about the draft plan"}) : "");
  return c;
}

Case annual_review(Draw& draw, int n, Date issued, Date as_of) {
  Case c;
  c.id = "EHCP-" + numbered(n, 5);
  c.workflow = "ehcp-annual-review";
  const int age = draw.between(2, 17);
  c.attributes = {{"team", "SEND Reviews"}, {"age", std::to_string(age)},
                  {"owner", kCoordinators[static_cast<size_t>(n) % kCoordinators.size()]}};
  if (age == 10 || age == 15) c.attributes["transfer_year"] = std::to_string(year_of(as_of) + 1);
  add(c, "plan_issued", issued);
  Date last = issued;
  while (true) {
    const Date meeting = add_months(last, 12) - Days{draw.chance(0.85) ? draw.between(0, 40) : -draw.between(5, 60)};
    if (meeting > as_of) break;
    add(c, "review_meeting_held", weekday_on_or_after(meeting));
    add(c, "review_report_sent", weekday_on_or_after(meeting + Days{draw.between(5, 18)}));
    const Date decision = weekday_on_or_after(meeting + Days{draw.between(10, 35)});
    add(c, "review_decision_notified", decision);
    Date settled = decision;
    if (draw.chance(0.3)) {
      const Date notice = weekday_on_or_after(decision + Days{draw.between(1, 10)});
      add(c, "amendment_notice_sent", notice);
      settled = weekday_on_or_after(notice + Days{draw.between(30, 70)});
      add(c, "amended_plan_issued", settled);
    }
    last = weekday_on_or_after(meeting);
    if (draw.chance(0.03)) {
      add(c, "ceased", settled + Days{draw.between(20, 60)});
      break;
    }
  }
  return c;
}

Case admissions_cycle(Draw& draw, int admission_year) {
  Case c;
  c.id = "ADM-" + std::to_string(admission_year);
  c.workflow = "admissions-arrangements";
  c.attributes = {{"admission_year", std::to_string(admission_year)}, {"admission_authority", "Halton BC"},
                  {"team", "School Admissions"}};
  const int y = admission_year - 2;
  // 2021 intake: the 1 October-8 November 2019 consultation, shorter than 6 weeks.
  const Date start = admission_year == 2021 ? make_date(2019, 10, 1) : make_date(y, 10, draw.between(1, 20));
  const Date end = admission_year == 2021 ? make_date(2019, 11, 8) : start + Days{draw.between(42, 56)};
  add(c, "consultation_started", start);
  add(c, "consultation_ended", end);
  add(c, "arrangements_determined", make_date(y + 1, 2, draw.between(5, 27)));
  add(c, "arrangements_published", make_date(y + 1, 3, draw.between(1, 14)));
  return c;
}

}  // namespace

std::vector<Case> generate_demo_caseload(const DemoOptions& options) {
  Draw draw(options.seed);
  std::vector<Case> cases;
  const Date as_of = options.as_of;
  const Date from = add_months(as_of, -12 * options.years);
  const int span = static_cast<int>((as_of - from).count());
  auto count_per_year = [&](double per_year) {
    return static_cast<int>(std::lround(per_year * options.scale * options.years));
  };
  // Stops short of as_of so that moving a weekend day to Monday never passes it.
  auto random_day = [&]() { return weekday_on_or_after(from + Days{draw.between(0, span - 3)}); };

  std::vector<Date> received;
  for (int i = 0, n = count_per_year(45); i < n; ++i) received.push_back(random_day());
  std::sort(received.begin(), received.end());
  for (size_t i = 0; i < received.size(); ++i) cases.push_back(complaint(draw, static_cast<int>(i + 1), received[i]));

  std::vector<Date> requested;
  for (int i = 0, n = count_per_year(250); i < n; ++i) requested.push_back(random_day());
  std::sort(requested.begin(), requested.end());
  for (size_t i = 0; i < requested.size(); ++i)
    cases.push_back(needs_assessment(draw, static_cast<int>(i + 1), requested[i]));

  const int plans = static_cast<int>(std::lround(1100 * options.scale));
  for (int i = 0; i < plans; ++i) {
    const Date issued = weekday_on_or_after(add_months(as_of, -draw.between(1, 72)) - Days{draw.between(0, 27)});
    cases.push_back(annual_review(draw, i + 1, issued, as_of));
  }

  for (int year = year_of(from) + 2; year <= year_of(as_of) + 2; ++year) cases.push_back(admissions_cycle(draw, year));

  for (auto& c : generate_social_care_caseload(options)) cases.push_back(std::move(c));

  for (auto& c : cases) cut_at(c, as_of);
  cases.erase(std::remove_if(cases.begin(), cases.end(), [](const Case& c) { return c.events.empty(); }), cases.end());
  return cases;
}

}  // namespace timescales::demo
