// The SEND assessment team's tracking view: every open EHC needs assessment with its week of the
// 20, next statutory milestone, advice outstanding, exception, and days to the final deadline
// (and to the local 16-week target for children in care or on a child protection plan); annual
// reviews due and overdue; phase transfers due by 15 February / 31 March.
//
// Week n of an assessment is whole weeks since the request + 1 (request on Monday 5 Jan: week 1
// runs 5-11 Jan, week 21 begins on the 20-week deadline day). Milestones are the workflow's
// timers: 6 weeks `decision_to_assess`, 16 weeks `issue_decision` (draft plan or decision not to
// issue), 20 weeks `final_plan`; the next is the first not yet stopped or cancelled. Days are
// calendar days, negative once past.
//
// Thread-safety: compute_ehcp_tracking is pure over const inputs; safe from any thread. A tally is
// not thread-safe: one thread adds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapters/reports/case_facts.hpp"
#include "adapters/reports/ehcp_timeliness.hpp"
#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/rules/case_assessment.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales::reports {

inline constexpr const char* kAnnualReview = "ehcp-annual-review";

struct OpenAssessmentLine {
  std::string case_id;
  std::string team;
  std::string cohort;
  std::string state;
  Date requested{};
  int week = 1;                       // 1-20, then 21, 22... past the deadline
  std::string next_milestone;         // "6 weeks: decision to assess"; empty when none is left
  std::optional<Date> next_milestone_due;
  int advice_outstanding = 0;         // advice_requested less advice_received, never below 0
  std::string exception;              // the exception's reason, when one applies to the final plan
  bool exception_open = false;        // still running (no exception_ended after it)
  std::optional<Date> final_due;
  std::optional<int> days_to_final;
  bool local_target = false;          // in a cohort with the local target
  std::optional<Date> local_due;
  std::optional<int> days_to_local;
};

struct AnnualReviewLine {
  std::string case_id;
  std::string team;
  std::optional<Date> since;  // the plan or the last review meeting
  Date due{};
  TimerStatus status = TimerStatus::running;  // running (due soon) or overdue
  int days_left = 0;
};

struct PhaseTransferLine {
  std::string case_id;
  std::string team;
  std::string transfer_year;
  std::string transfer;  // "into post-16 (31 March)" or "school phase (15 February)"
  Date due{};
  TimerStatus status = TimerStatus::running;
  int days_left = 0;
};

struct TrackingOptions {
  int reviews_due_within_weeks = 8;  // annual reviews listed when due this soon, or overdue
  LocalTargetOptions local;
};

struct EhcpTracking {
  Date as_of{};
  std::vector<OpenAssessmentLine> assessments;  // longest-running first
  std::vector<int> by_week;                     // 21 buckets: weeks 1-20, then "past 20"
  std::vector<AnnualReviewLine> annual_reviews; // by due date
  std::vector<PhaseTransferLine> phase_transfers;
  std::vector<std::string> notes;
};

EhcpTracking compute_ehcp_tracking(const std::vector<CaseAssessment>& cases, Date as_of,
                                   const WorkflowLibrary& workflows, const CalendarContext& calendars,
                                   const TrackingOptions& options = {});

// compute_ehcp_tracking one case at a time, so a run need not hold every case: keeps the lines
// listed and the notes, never the case. Holds a reference to `workflows`, which must outlive the
// tally; copies `calendars`, whose calendars must too. finish() once, after the last add.
class EhcpTrackingTally {
 public:
  EhcpTrackingTally(Date as_of, const WorkflowLibrary& workflows, const CalendarContext& calendars,
                    const TrackingOptions& options = {});
  void add(const CaseAssessment& a);
  EhcpTracking finish() &&;

 private:
  void add_assessment(const CaseAssessment& a);
  void add_annual_review(const CaseAssessment& a);

  const WorkflowLibrary& workflows_;
  CalendarContext calendars_;
  TrackingOptions options_;
  std::optional<Date> review_window_end_;  // reviews due on or before this are listed
  EhcpTracking out_;
};

}  // namespace timescales::reports
