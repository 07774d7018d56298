#include "adapters/reports/ehcp_tracking.hpp"

#include <algorithm>
#include <tuple>

#include "adapters/reports/case_facts.hpp"

namespace timescales::reports {
namespace {

struct Milestone {
  const char* timer;
  const char* label;
};
constexpr Milestone kMilestones[] = {
    {"decision_to_assess", "6 weeks: decision to assess"},
    {"issue_decision", "16 weeks: draft plan or decision not to issue"},
    {"final_plan", "20 weeks: final plan"},
};

bool still_to_come(const TimerResult& t) {
  return !t.stopped && t.status != TimerStatus::cancelled && t.status != TimerStatus::met &&
         t.status != TimerStatus::missed;
}

std::optional<int> days_between(Date from, Date to, const CalendarContext& calendars) {
  auto n = count_units(from, to, Unit::calendar_days, Convention::after, calendars);
  return n ? std::optional<int>(*n) : std::nullopt;
}

std::optional<OpenAssessmentLine> assessment_line(const CaseAssessment& a, Date as_of, const CalendarContext& calendars,
                                                  const TrackingOptions& options, std::vector<std::string>& notes) {
  const Case& c = a.case_data;
  const CaseEvent* requested = first_event(c, "request_received", as_of);
  if (!requested) {
    notes.push_back(c.id + ": open assessment with no request_received date; not listed");
    return std::nullopt;
  }
  OpenAssessmentLine line;
  line.case_id = c.id;
  line.team = team_of(c);
  line.cohort = attribute_or(c, "cohort");
  line.state = a.evaluation.state;
  line.requested = requested->date;
  auto weeks = count_units(requested->date, as_of, Unit::weeks, Convention::after, calendars);
  line.week = weeks ? std::max(0, *weeks) + 1 : 1;
  for (const auto& m : kMilestones) {
    const TimerResult* t = find_timer(a.evaluation, m.timer);
    if (t && still_to_come(*t)) {
      line.next_milestone = m.label;
      line.next_milestone_due = t->due;
      break;
    }
  }
  line.advice_outstanding = std::max(0, count_events(c, "advice_requested", as_of) - count_events(c, "advice_received", as_of));
  const TimerResult* final_plan = find_timer(a.evaluation, "final_plan");
  if (final_plan) line.exception = final_plan->exemption;
  if (const CaseEvent* started = last_event(c, "exception_started", as_of)) {
    if (line.exception.empty()) line.exception = started->reason;
    const CaseEvent* ended = last_event(c, "exception_ended", as_of);
    line.exception_open = !ended || ended->date < started->date;
  }
  // The deadline stands even under an exception: the duty becomes "as soon as practicable", and
  // the team still wants to see how far past 20 weeks the child is.
  auto due = add_duration(requested->date, {20, Unit::weeks}, Convention::after, calendars);
  if (final_plan && final_plan->due) line.final_due = final_plan->due;
  else if (due) line.final_due = *due;
  if (line.final_due) line.days_to_final = days_between(as_of, *line.final_due, calendars);
  line.local_target = std::find(options.local.cohorts.begin(), options.local.cohorts.end(), line.cohort) !=
                      options.local.cohorts.end();
  if (line.local_target) {
    if (auto local = add_duration(requested->date, {options.local.weeks, Unit::weeks}, Convention::after, calendars)) {
      line.local_due = *local;
      line.days_to_local = days_between(as_of, *local, calendars);
    }
  }
  return line;
}

std::string transfer_name(const Case& c) {
  return attribute_or(c, "transfer") == "secondary_to_post16" ? "into post-16 (31 March)" : "school phase (15 February)";
}

}  // namespace

EhcpTrackingTally::EhcpTrackingTally(Date as_of, const WorkflowLibrary& workflows, const CalendarContext& calendars,
                                     const TrackingOptions& options)
    : workflows_(workflows), calendars_(calendars), options_(options) {
  out_.as_of = as_of;
  out_.by_week.assign(21, 0);
  if (auto end = add_duration(as_of, {options.reviews_due_within_weeks, Unit::weeks}, Convention::after, calendars))
    review_window_end_ = *end;
}

void EhcpTrackingTally::add(const CaseAssessment& a) {
  const std::string& workflow = a.case_data.workflow;
  if (workflow == kNeedsAssessment) add_assessment(a);
  else if (workflow == kAnnualReview) add_annual_review(a);
}

void EhcpTrackingTally::add_assessment(const CaseAssessment& a) {
  if (!is_open(a, workflows_)) return;
  if (auto line = assessment_line(a, out_.as_of, calendars_, options_, out_.notes)) {
    ++out_.by_week[static_cast<size_t>(std::min(line->week, 21) - 1)];
    out_.assessments.push_back(std::move(*line));
  }
}

void EhcpTrackingTally::add_annual_review(const CaseAssessment& a) {
  if (!is_open(a, workflows_)) return;
  const Case& c = a.case_data;
  const Date as_of = out_.as_of;
  const TimerResult* review = find_timer(a.evaluation, "annual_review");
  if (review && review->due &&
      (review->status == TimerStatus::overdue ||
       (review->status == TimerStatus::running && review_window_end_ && *review->due <= *review_window_end_)))
    out_.annual_reviews.push_back({c.id, team_of(c), review->start, *review->due, review->status,
                                   days_between(as_of, *review->due, calendars_).value_or(0)});
  const TimerResult* transfer = find_timer(a.evaluation, "phase_transfer");
  if (transfer && transfer->due &&
      (transfer->status == TimerStatus::running || transfer->status == TimerStatus::overdue))
    out_.phase_transfers.push_back({c.id, team_of(c), attribute_or(c, "transfer_year"), transfer_name(c),
                                    *transfer->due, transfer->status,
                                    days_between(as_of, *transfer->due, calendars_).value_or(0)});
}

EhcpTracking EhcpTrackingTally::finish() && {
  EhcpTracking out = std::move(out_);
  std::sort(out.assessments.begin(), out.assessments.end(), [](const OpenAssessmentLine& a, const OpenAssessmentLine& b) {
    return std::tie(a.requested, a.case_id) < std::tie(b.requested, b.case_id);
  });
  std::sort(out.annual_reviews.begin(), out.annual_reviews.end(), [](const AnnualReviewLine& a, const AnnualReviewLine& b) {
    return std::tie(a.due, a.case_id) < std::tie(b.due, b.case_id);
  });
  std::sort(out.phase_transfers.begin(), out.phase_transfers.end(), [](const PhaseTransferLine& a, const PhaseTransferLine& b) {
    return std::tie(a.due, a.case_id) < std::tie(b.due, b.case_id);
  });
  return out;
}

EhcpTracking compute_ehcp_tracking(const std::vector<CaseAssessment>& cases, Date as_of,
                                   const WorkflowLibrary& workflows, const CalendarContext& calendars,
                                   const TrackingOptions& options) {
  EhcpTrackingTally tally(as_of, workflows, calendars, options);
  for (const auto& a : cases) tally.add(a);
  return std::move(tally).finish();
}

}  // namespace timescales::reports
