#include "adapters/reports/ehcp_timeliness.hpp"

#include <algorithm>

#include "adapters/reports/case_facts.hpp"

namespace timescales::reports {
namespace {

std::optional<IssuedPlan> issued_plan(const CaseAssessment& a, Date as_of, const outputs::PlanTimelinessSection& section,
                                      std::vector<std::string>& notes) {
  const Case& c = a.case_data;
  const TimerResult* t = section.timer.in(a.evaluation);
  if (!t || !t->stopped || *t->stopped > as_of) {
    // A clock that never started cannot have stopped: say so when the plan was issued anyway.
    if ((!t || !t->start) && !section.timer.stop_event.empty())
      if (const CaseEvent* issued = first_event(c, section.timer.stop_event, as_of))
        notes.push_back(c.id + ": final plan issued " + to_iso(issued->date) + " with no " + section.timer.start_event +
                        " date; not counted");
    return std::nullopt;
  }
  if (!t->start || !t->due) {
    notes.push_back(c.id + ": " + section.timer.id + " stopped " + to_iso(*t->stopped) + " with no due date; not counted");
    return std::nullopt;
  }
  IssuedPlan p;
  p.case_id = c.id;
  p.team = team_of(c);
  p.cohort = attribute_or(c, section.cohort_attribute);
  p.requested = *t->start;
  p.issued = *t->stopped;
  p.due_20_weeks = *t->due;
  p.within_20_weeks = t->status == TimerStatus::met;
  if (const CaseEvent* stopped = first_event(c, section.delay_reason.id, as_of)) p.delay_reason = stopped->reason;
  if (t->status == TimerStatus::exempt || !t->exemption.empty()) {
    p.exception = true;
    p.exception_reason = t->exemption;
  }
  if (section.local_target.named())
    if (const TimerResult* local = section.local_target.in(a.evaluation)) {
      p.in_local_cohort = true;
      p.within_local_weeks = local->status == TimerStatus::met;
    }
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

EhcpTimelinessTally::EhcpTimelinessTally(Date as_of, std::optional<outputs::PlanTimelinessSection> section)
    : section_(std::move(section)) {
  out_.as_of = as_of;
  if (section_ && section_->local_target.named())
    out_.local = {section_->local_target_label, section_->local_target.limit};
}

void EhcpTimelinessTally::add(const CaseAssessment& a) {
  if (!section_ || a.case_data.workflow != section_->workflow.id) return;
  if (auto p = issued_plan(a, out_.as_of, *section_, out_.notes)) out_.plans.push_back(std::move(*p));
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
                                       const std::optional<outputs::PlanTimelinessSection>& section) {
  EhcpTimelinessTally tally(as_of, section);
  for (const auto& a : cases) tally.add(a);
  return std::move(tally).finish();
}

}  // namespace timescales::reports
