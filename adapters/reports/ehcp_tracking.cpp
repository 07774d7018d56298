#include "adapters/reports/ehcp_tracking.hpp"

#include <algorithm>
#include <tuple>

#include "adapters/reports/case_facts.hpp"

namespace timescales::reports {
namespace {

bool still_to_come(const TimerResult& t) {
  return !t.stopped && t.status != TimerStatus::cancelled && t.status != TimerStatus::met &&
         t.status != TimerStatus::missed;
}

std::optional<int> days_between(Date from, Date to, const CalendarContext& calendars) {
  auto n = count_units(from, to, Unit::calendar_days, Convention::after, calendars);
  return n ? std::optional<int>(*n) : std::nullopt;
}

std::optional<OpenAssessmentLine> assessment_line(const CaseAssessment& a, Date as_of, const CalendarContext& calendars,
                                                  const outputs::AssessmentsSection& section,
                                                  std::vector<std::string>& notes) {
  const Case& c = a.case_data;
  const TimerResult* final_clock = section.timer.in(a.evaluation);
  if (!final_clock || !final_clock->start) {
    notes.push_back(c.id + ": open assessment with no " + section.timer.start_event + " date; not listed");
    return std::nullopt;
  }
  OpenAssessmentLine line;
  line.case_id = c.id;
  line.team = team_of(c);
  line.cohort = attribute_or(c, section.cohort_attribute);
  line.state = a.evaluation.state;
  line.requested = *final_clock->start;
  auto weeks = count_units(line.requested, as_of, Unit::weeks, Convention::after, calendars);
  line.week = weeks ? std::max(0, *weeks) + 1 : 1;
  for (const auto& m : section.milestones) {
    const TimerResult* t = m.timer.in(a.evaluation);
    if (t && still_to_come(*t)) {
      line.next_milestone = m.label;
      line.next_milestone_due = t->due;
      break;
    }
  }
  line.advice_outstanding = std::max(0, count_events(c, section.advice_requested.id, as_of) -
                                            count_events(c, section.advice_received.id, as_of));
  line.exception = final_clock->exemption;
  if (const CaseEvent* started = last_event(c, section.exception_started.id, as_of)) {
    if (line.exception.empty()) line.exception = started->reason;
    const CaseEvent* ended = last_event(c, section.exception_ended.id, as_of);
    line.exception_open = !ended || ended->date < started->date;
  }
  // The deadline stands even under an exception: the duty becomes "as soon as practicable", and
  // the team still wants to see how far past 20 weeks the child is.
  line.final_due = final_clock->due;
  if (line.final_due) line.days_to_final = days_between(as_of, *line.final_due, calendars);
  if (section.local_target.named())
    if (const TimerResult* local = section.local_target.in(a.evaluation)) {
      line.local_target = true;
      line.local_due = local->due;
      if (local->due) line.days_to_local = days_between(as_of, *local->due, calendars);
    }
  return line;
}

}  // namespace

EhcpTrackingTally::EhcpTrackingTally(Date as_of, const WorkflowLibrary& workflows, const CalendarContext& calendars,
                                     const outputs::OutputDeclarations& declared)
    : workflows_(workflows),
      calendars_(calendars),
      assessments_(declared.assessments),
      reviews_(declared.annual_reviews),
      transfers_(declared.phase_transfers) {
  out_.as_of = as_of;
  out_.by_week.assign(21, 0);
  if (reviews_)
    if (auto end = add_duration(as_of, {reviews_->due_within_weeks, Unit::weeks}, Convention::after, calendars))
      review_window_end_ = *end;
}

void EhcpTrackingTally::add(const CaseAssessment& a) {
  const std::string& workflow = a.case_data.workflow;
  const bool assessment = assessments_ && workflow == assessments_->workflow.id;
  const bool review = reviews_ && workflow == reviews_->workflow.id;
  const bool transfer = transfers_ && workflow == transfers_->workflow.id;
  // Each part lists open cases only; whether a case is open is asked once.
  if (!(assessment || review || transfer) || !is_open(a, workflows_)) return;
  if (assessment) add_assessment(a);
  if (review) add_annual_review(a);
  if (transfer) add_phase_transfer(a);
}

void EhcpTrackingTally::add_assessment(const CaseAssessment& a) {
  if (auto line = assessment_line(a, out_.as_of, calendars_, *assessments_, out_.notes)) {
    ++out_.by_week[static_cast<size_t>(std::min(line->week, 21) - 1)];
    out_.assessments.push_back(std::move(*line));
  }
}

void EhcpTrackingTally::add_annual_review(const CaseAssessment& a) {
  const Case& c = a.case_data;
  const TimerResult* review = reviews_->timer.in(a.evaluation);
  if (review && review->due &&
      (review->status == TimerStatus::overdue ||
       (review->status == TimerStatus::running && review_window_end_ && *review->due <= *review_window_end_)))
    out_.annual_reviews.push_back({c.id, team_of(c), review->start, *review->due, review->status,
                                   days_between(out_.as_of, *review->due, calendars_).value_or(0)});
}

void EhcpTrackingTally::add_phase_transfer(const CaseAssessment& a) {
  const Case& c = a.case_data;
  const TimerResult* transfer = transfers_->timer.in(a.evaluation);
  if (transfer && transfer->due &&
      (transfer->status == TimerStatus::running || transfer->status == TimerStatus::overdue))
    out_.phase_transfers.push_back({c.id, team_of(c), attribute_or(c, transfers_->year_attribute),
                                    transfers_->label_for(attribute_or(c, transfers_->kind_attribute)),
                                    *transfer->due, transfer->status,
                                    days_between(out_.as_of, *transfer->due, calendars_).value_or(0)});
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
                                   const outputs::OutputDeclarations& declared) {
  EhcpTrackingTally tally(as_of, workflows, calendars, declared);
  for (const auto& a : cases) tally.add(a);
  return std::move(tally).finish();
}

}  // namespace timescales::reports
