#include "adapters/demo/social_care_demo.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "adapters/demo/demo_draw.hpp"

namespace timescales::demo {
namespace {

// Halton's children, 0-18: about 28,800 (636 children in need at a rate of 221 per 10,000, 003
// L4765-4775). Every count below is a rate from the papers times that.
//   referrals:           465 per 10,000 a year (003 L4746-4752)  -> ~1,340 a year
//   assessments:         728 begun in 6 months (003 L1440-1442)  -> ~1,450 a year, 90% in 45 wd
//   child protection:    50 per 10,000 on a plan (003 L4794-4800) -> ~144 at a time; plans of
//                        about a year, so ~150 begun a year
//   children in care:    103 per 10,000 (003 L4810-4812) -> ~297 at a time; 75 entered in the
//                        year (003 L4822-4826)
//   missing:             165 notifications in the quarter (003 L4856-4860) -> ~660 a year; 88%
//                        completed a return interview, 90% of those within 72 hours (003 L4845-4854)
//   care leavers:        no count in the papers: 120 with a pathway plan, chosen
constexpr double kAssessmentsPerYear = 1450;
constexpr double kProtectionPlansPerYear = 150;
constexpr double kEntriesToCarePerYear = 75;
constexpr double kMissingEpisodesPerYear = 660;
constexpr double kCareLeavers = 120;

const std::vector<std::string> kFrontDoor = {"iCART", "CIN Widnes", "CIN Runcorn"};
const std::vector<std::string> kChildInNeed = {"CIN Widnes", "CIN Runcorn"};

TimeOfDay some_time(Draw& draw) { return TimeOfDay{draw.between(0, 24 * 60 - 1)}; }

void add_at(Case& c, const char* type, Date date, TimeOfDay time) {
  add(c, type, date);
  c.events.back().time = time;
}

// Most on time, some late: `on_time` of the draws land within the limit's days, the rest after.
int days_within(Draw& draw, double on_time, int lo, int limit, int late_by) {
  return draw.chance(on_time) ? draw.between(lo, limit) : draw.between(limit + 1, limit + late_by);
}

Case assessment(Draw& draw, int n, Date referred) {
  Case c;
  c.id = "CFA-" + std::to_string(year_of(referred)) + "-" + numbered(n, 4);
  c.workflow = "child-and-family-assessment";
  c.attributes = {{"team", draw.pick(kFrontDoor)}};
  add(c, "referral_received", referred);
  const Date decided = plus_weekdays(referred, days_within(draw, 0.92, 0, 1, 3));
  add(c, "referral_decision", decided);
  if (draw.chance(0.2)) {  // no further action after the decision
    add(c, "closed", plus_weekdays(decided, draw.between(1, 9)));
    return c;
  }
  // 90% within 45 working days (003 L1442); the average completed one took 30.
  const Date done = plus_weekdays(referred, days_within(draw, 0.9, 15, 45, 25));
  add(c, "assessment_completed", done);
  add(c, "closed", done + Days{draw.between(5, 40)});
  return c;
}

Case protection(Draw& draw, int n, Date first_discussion, Date as_of) {
  Case c;
  c.id = "CP-" + std::to_string(year_of(first_discussion)) + "-" + numbered(n, 4);
  c.workflow = "child-protection";
  c.attributes = {{"team", draw.pick(kChildInNeed)}};
  add(c, "strategy_discussion", first_discussion);
  add(c, "section47_started", first_discussion);
  Date last = first_discussion;
  if (draw.chance(0.25)) {  // a further discussion before the conference
    last = plus_weekdays(first_discussion, draw.between(2, 6));
    add(c, "strategy_discussion", last);
  }
  if (draw.chance(0.15)) {  // enquiries that end without a conference
    add(c, "closed", plus_weekdays(last, draw.between(5, 20)));
    return c;
  }
  const Date icpc = plus_weekdays(last, days_within(draw, 0.9, 8, 15, 5));
  add(c, "icpc_held", icpc);
  Date core = plus_weekdays(icpc, days_within(draw, 0.9, 3, 10, 5));
  const Date plan_lasts_until = add_months(icpc, draw.between(6, 24));
  // Reviews: the first within 3 months of the conference, then within 6 months of each; the plan
  // ends at the last review before the date it was meant to last until.
  std::vector<Date> reviews;
  std::optional<Date> ended;
  Date review = weekday_on_or_after(add_months(icpc, 3) - Days{draw.chance(0.95) ? draw.between(0, 20) : -draw.between(1, 10)});
  while (review <= plan_lasts_until) {
    reviews.push_back(review);
    if (add_months(review, 6) > plan_lasts_until) {
      ended = review;
      break;
    }
    review = weekday_on_or_after(add_months(review, 6) - Days{draw.chance(0.95) ? draw.between(0, 25) : -draw.between(1, 12)});
  }
  // Core groups meet while the plan lasts, and not after it ends.
  for (; core < std::min(ended.value_or(plan_lasts_until), as_of); core = core + Days{draw.between(21, 42)})
    add(c, "core_group_held", core);
  for (const Date r : reviews) add(c, "review_conference_held", r);
  if (ended) {
    add(c, "plan_ended", *ended);
    add(c, "closed", *ended + Days{draw.between(10, 40)});
  }
  return c;
}

Case in_care(Draw& draw, int n, Date entered, Date as_of) {
  Case c;
  c.id = "CIC-" + numbered(n, 4);
  c.workflow = "child-in-care";
  const int age = draw.between(0, 17);
  const Date born = entered - Days{365 * age + draw.between(0, 364)};
  const bool until_18 = age >= 8 && draw.chance(0.5);
  c.attributes = {{"team", "Children in Care"}, {"date_of_birth", to_iso(born)},
                  {"placement_until_18", until_18 ? "true" : "false"}};
  add(c, "became_looked_after", entered);
  // Most leave care within two years; the rest stay, some until 18.
  const Date leaves = draw.chance(0.55) ? entered + Days{draw.between(120, 900)} : born + Days{365 * 18};
  const Date end = std::min(leaves, as_of + Days{1});

  // Placements: the first on the day, sometimes a move.
  std::vector<Date> placements = {entered};
  if (draw.chance(0.25)) placements.push_back(weekday_on_or_after(entered + Days{draw.between(90, 540)}));
  for (size_t p = 0; p < placements.size(); ++p) {
    const Date from = placements[p];
    if (from >= end) break;
    add(c, "placement_started", from);
    const Date until = p + 1 < placements.size() ? std::min(placements[p + 1], end) : end;
    // Visits: within a week, then at most 6 weeks apart in the first year, then 3 months where
    // the placement is to last until 18 (reg 28(2)); now and then a late one.
    Date visit = from + Days{draw.chance(0.95) ? draw.between(1, 7) : draw.between(8, 14)};
    while (visit < until) {
      add(c, "visit_made", visit);
      const bool first_year = visit <= add_months(from, 12);
      const int gap = first_year || !until_18 ? 42 : 91;
      visit = visit + Days{draw.chance(0.94) ? gap - draw.between(0, 14) : gap + draw.between(1, 14)};
    }
  }
  // Reviews: 20 working days, 3 months, then 6 months (reg 33).
  Date review = plus_weekdays(entered, days_within(draw, 0.95, 8, 20, 6));
  for (int k = 0; review < end; ++k) {
    // A review now and then typed with last year's date: before the child came into care.
    add(c, "review_held", draw.chance(0.0012) ? review - Days{365} : review);
    const int months = k == 0 ? 3 : 6;
    review = weekday_on_or_after(add_months(review, months) - Days{draw.chance(0.95) ? draw.between(0, 20) : -draw.between(1, 10)});
  }
  // Health: the initial assessment within 20 working days (before the first review), then every 6
  // months under 5 and 12 months from 5.
  Date health = plus_weekdays(entered, days_within(draw, 0.85, 8, 20, 15));
  while (health < end) {
    add(c, "health_assessment_done", health);
    const int years = static_cast<int>((health - born).count() / 365.25);
    const Date next = add_months(health, years < 5 ? 6 : 12);
    health = weekday_on_or_after(next - Days{draw.chance(0.9) ? draw.between(0, 30) : -draw.between(1, 40)});
  }
  // The PEP for the first review, then reviewed each term (three a year, 001 L1344).
  if (Date pep = plus_weekdays(entered, days_within(draw, 0.9, 8, 20, 10)); age >= 3 && pep < end) {
    add(c, "pep_completed", pep);
    for (pep = weekday_on_or_after(add_months(pep, 4) - Days{draw.between(0, 25)}); pep < end;
         pep = weekday_on_or_after(add_months(pep, 4) - Days{draw.chance(0.9) ? draw.between(0, 25) : -draw.between(1, 20)}))
      add(c, "pep_reviewed", pep);
  }
  if (leaves <= as_of) {
    add(c, "ceased_looked_after", leaves);
    add(c, "closed", leaves + Days{draw.between(30, 60)});
  }
  return c;
}

Case missing(Draw& draw, int n, Date reported) {
  Case c;
  c.id = "MISS-" + std::to_string(year_of(reported)) + "-" + numbered(n, 4);
  c.workflow = "missing-episode";
  c.attributes = {{"team", draw.chance(0.6) ? std::string("Children in Care") : draw.pick(kChildInNeed)}};
  add_at(c, "reported_missing", reported, some_time(draw));
  const Date back = reported + Days{draw.between(0, 2)};
  const TimeOfDay back_at = some_time(draw);
  // Most systems record the time of the return; some exports have the date alone.
  if (draw.chance(0.7)) add_at(c, "returned", back, back_at);
  else add(c, "returned", back);
  const double r = draw.unit();
  if (r < 0.08) {  // no interview recorded: the episode closed without one (the latest still open)
    add(c, "closed", back + Days{draw.between(10, 30)});
    return c;
  }
  const char* outcome = r < 0.2 ? "return_interview_declined" : "return_interview_held";
  // 90% within 72 hours (003 L4854): on the third day, before the hour of the return.
  if (draw.chance(0.9)) {
    const int day = draw.between(0, 3);
    const int latest = day == 3 ? back_at.minutes : 24 * 60 - 1;
    add_at(c, outcome, back + Days{day}, TimeOfDay{draw.between(std::min(latest, 8 * 60), std::max(latest, 8 * 60))});
  } else {
    add_at(c, outcome, back + Days{draw.between(4, 9)}, some_time(draw));
  }
  add(c, "closed", back + Days{draw.between(10, 30)});
  return c;
}

Case care_leaver(Draw& draw, int n, Date completed, Date as_of) {
  Case c;
  c.id = "CL-" + numbered(n, 4);
  c.workflow = "care-leaver";
  c.attributes = {{"team", "Care Leavers"}};
  add(c, "pathway_plan_completed", completed);
  Date review = weekday_on_or_after(add_months(completed, 6) - Days{draw.between(0, 30)});
  for (; review <= as_of; review = weekday_on_or_after(add_months(review, 6) - Days{draw.chance(0.88) ? draw.between(0, 30) : -draw.between(1, 45)}))
    add(c, "pathway_plan_reviewed", review);
  return c;
}

}  // namespace

std::vector<Case> generate_social_care_caseload(const DemoOptions& options) {
  // Its own seed: drawing these after the rest moved none of the earlier cases' dates.
  Draw draw(options.seed ^ 0x5c0a1ca7e0000000ULL);
  std::vector<Case> cases;
  const Date as_of = options.as_of;
  const Date from = add_months(as_of, -12 * options.years);
  const int span = static_cast<int>((as_of - from).count());
  auto count_per_year = [&](double per_year) { return static_cast<int>(std::lround(per_year * options.scale * options.years)); };
  auto days_in = [&](Date first, int days) {
    return weekday_on_or_after(first + Days{draw.between(0, std::max(0, days - 3))});
  };
  auto sorted_days = [&](int n, Date first, int days) {
    std::vector<Date> out;
    for (int i = 0; i < n; ++i) out.push_back(days_in(first, days));
    std::sort(out.begin(), out.end());
    return out;
  };

  const auto referred = sorted_days(count_per_year(kAssessmentsPerYear), from, span);
  for (size_t i = 0; i < referred.size(); ++i) cases.push_back(assessment(draw, static_cast<int>(i + 1), referred[i]));

  const auto discussions = sorted_days(count_per_year(kProtectionPlansPerYear), from, span);
  for (size_t i = 0; i < discussions.size(); ++i)
    cases.push_back(protection(draw, static_cast<int>(i + 1), discussions[i], as_of));

  // Children in care: the entries of the last eight years, so that some have been in care for
  // years (about 300 in care at a time, as the papers' rate gives).
  const Date care_from = add_months(as_of, -12 * 8);
  const auto entered = sorted_days(static_cast<int>(std::lround(kEntriesToCarePerYear * options.scale * 8)), care_from,
                                   static_cast<int>((as_of - care_from).count()));
  for (size_t i = 0; i < entered.size(); ++i) cases.push_back(in_care(draw, static_cast<int>(i + 1), entered[i], as_of));

  const auto reported = sorted_days(count_per_year(kMissingEpisodesPerYear), from, span);
  for (size_t i = 0; i < reported.size(); ++i) cases.push_back(missing(draw, static_cast<int>(i + 1), reported[i]));

  for (int i = 0, n = static_cast<int>(std::lround(kCareLeavers * options.scale)); i < n; ++i) {
    const Date completed = weekday_on_or_after(add_months(as_of, -draw.between(1, 60)) - Days{draw.between(0, 27)});
    cases.push_back(care_leaver(draw, i + 1, completed, as_of));
  }
  return cases;
}

}  // namespace timescales::demo
