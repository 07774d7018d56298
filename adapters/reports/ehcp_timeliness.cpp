#include "adapters/reports/ehcp_timeliness.hpp"

#include <algorithm>

#include "adapters/reports/case_facts.hpp"

namespace timescales::reports {
namespace {

bool listed(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::optional<IssuedPlan> issued_plan(const CaseAssessment& a, Date as_of, const CalendarContext& calendars,
                                      const LocalTargetOptions& local, std::vector<std::string>& notes) {
  const Case& c = a.case_data;
  const CaseEvent* issued = first_event(c, "final_plan_issued", as_of);
  if (!issued) return std::nullopt;
  const CaseEvent* requested = first_event(c, "request_received", as_of);
  if (!requested) {
    notes.push_back(c.id + ": final plan issued " + to_iso(issued->date) +
                    " with no request_received date; not counted");
    return std::nullopt;
  }
  auto due = add_duration(requested->date, {20, Unit::weeks}, Convention::after, calendars);
  auto local_due = add_duration(requested->date, {local.weeks, Unit::weeks}, Convention::after, calendars);
  if (!due || !local_due) {
    notes.push_back(c.id + ": " + (due ? local_due.error() : due.error()).message);
    return std::nullopt;
  }
  IssuedPlan p;
  p.case_id = c.id;
  p.team = team_of(c);
  p.cohort = attribute_or(c, "cohort");
  p.requested = requested->date;
  p.issued = issued->date;
  p.due_20_weeks = *due;
  p.within_20_weeks = p.issued <= *due;
  p.delay_reason = issued->reason;
  if (const TimerResult* t = find_timer(a.evaluation, "final_plan");
      t && (t->status == TimerStatus::exempt || !t->exemption.empty())) {
    p.exception = true;
    p.exception_reason = t->exemption;
  }
  for (const auto& e : c.events) {
    if (e.type != "exception_started" || e.date > p.issued) continue;
    p.exception = true;
    if (p.exception_reason.empty()) p.exception_reason = e.reason;
  }
  p.in_local_cohort = listed(local.cohorts, p.cohort);
  p.within_local_weeks = p.issued <= *local_due;
  return p;
}

void add(TimelinessCount& count, const IssuedPlan& p) {
  ++count.issued;
  if (p.within_20_weeks) ++count.within;
  if (!p.exception) {
    ++count.issued_excluding;
    if (p.within_20_weeks) ++count.within_excluding;
  }
}

// One count per period that any plan (or the as-of date) falls in, from the first plan's period
// to the as-of date's, with empty periods kept so a trend shows its gaps.
template <class PeriodOf>
std::vector<TimelinessCount> by_period(const std::vector<IssuedPlan>& plans, Date from, Date as_of, PeriodOf period_of) {
  std::vector<TimelinessCount> out;
  for (Period p = period_of(from); p.first <= as_of; p = period_of(p.last + Days{1})) {
    TimelinessCount count;
    count.period = p;
    count.label = p.label;
    out.push_back(count);
  }
  for (const auto& plan : plans)
    for (auto& count : out)
      if (count.period.contains(plan.issued)) add(count, plan);
  return out;
}

// The quarter ends inside an academic year at which the board reports it cumulatively.
std::vector<Date> cumulative_cut_offs(const Period& year) {
  const int y = year_of(year.first);
  return {make_date(y, 9, 30), make_date(y, 12, 31), make_date(y + 1, 3, 31), make_date(y + 1, 6, 30),
          make_date(y + 1, 8, 31)};
}

}  // namespace

TimelinessCount count_plans(const std::vector<IssuedPlan>& plans, Date from, Date to, std::string label) {
  TimelinessCount count;
  count.period = {from, to, label};
  count.label = std::move(label);
  for (const auto& p : plans)
    if (p.issued >= from && p.issued <= to) add(count, p);
  return count;
}

LocalTargetCount count_local_target(const std::vector<IssuedPlan>& plans, Date from, Date to, std::string label) {
  LocalTargetCount count;
  count.period = {from, to, label};
  count.label = std::move(label);
  for (const auto& p : plans) {
    if (!p.in_local_cohort || p.issued < from || p.issued > to) continue;
    ++count.issued;
    if (p.within_local_weeks) ++count.within;
  }
  return count;
}

EhcpTimelinessTally::EhcpTimelinessTally(Date as_of, const CalendarContext& calendars, const LocalTargetOptions& local)
    : calendars_(calendars) {
  out_.as_of = as_of;
  out_.local = local;
}

void EhcpTimelinessTally::add(const CaseAssessment& a) {
  if (a.case_data.workflow != kNeedsAssessment) return;
  if (auto p = issued_plan(a, out_.as_of, calendars_, out_.local, out_.notes)) out_.plans.push_back(std::move(*p));
}

EhcpTimeliness EhcpTimelinessTally::finish() && {
  EhcpTimeliness out = std::move(out_);
  const Date as_of = out.as_of;
  std::sort(out.plans.begin(), out.plans.end(), [](const IssuedPlan& a, const IssuedPlan& b) {
    return a.issued != b.issued ? a.issued < b.issued : a.case_id < b.case_id;
  });
  const Date first = out.plans.empty() ? as_of : out.plans.front().issued;

  out.by_calendar_year = by_period(out.plans, first, as_of, calendar_year_of);
  std::reverse(out.by_calendar_year.begin(), out.by_calendar_year.end());
  out.by_quarter = by_period(out.plans, first, as_of, quarter_of);
  out.by_month = by_period(out.plans, add_months(month_period_of(as_of).first, -23), as_of, month_period_of);

  for (Period year = academic_year_of(first); year.first <= as_of; year = academic_year_of(year.last + Days{1})) {
    for (Date cut : cumulative_cut_offs(year)) {
      const Date to = std::min(cut, as_of);
      const std::string label = year.label + " to " + to_day_month(to) + " " + std::to_string(year_of(to));
      out.academic_year_to_quarter_end.push_back(count_plans(out.plans, year.first, to, label));
      if (cut >= as_of) break;
    }
    const Date to = std::min(year.last, as_of);
    out.local_target_by_academic_year.push_back(count_local_target(
        out.plans, year.first, to, year.label + (to < year.last ? " to " + to_day_month(to) + " " + std::to_string(year_of(to)) : "")));
  }
  std::reverse(out.academic_year_to_quarter_end.begin(), out.academic_year_to_quarter_end.end());
  std::reverse(out.local_target_by_academic_year.begin(), out.local_target_by_academic_year.end());
  return out;
}

EhcpTimeliness compute_ehcp_timeliness(const std::vector<CaseAssessment>& cases, Date as_of,
                                       const CalendarContext& calendars, const LocalTargetOptions& local) {
  EhcpTimelinessTally tally(as_of, calendars, local);
  for (const auto& a : cases) tally.add(a);
  return std::move(tally).finish();
}

}  // namespace timescales::reports
