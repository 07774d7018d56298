// The SEND assessment team's tracking view: every open EHC needs assessment with its week of the
// 20, next statutory milestone, advice outstanding, exception, and days to the final deadline
// (and to the local 16-week target for children in care or on a child protection plan); annual
// reviews due and overdue; phase transfers due before 15 February / 31 March.
//
// What each part reads is declared in rules/outputs.toml ([tracking.assessments],
// [tracking.annual_reviews], [tracking.phase_transfers]): the workflow, the clocks, the events
// counted (advice requested and received, exceptions) and the attributes (cohort, transfer).
//
// Week n of an assessment is whole weeks since its final deadline's clock started (the request)
// + 1, counted by the engine's calendar (request on Monday 5 Jan: week 1 runs 5-11 Jan, week 21
// begins on the 20-week deadline day). Milestones are the declared clocks in order (6 weeks
// decision to assess, 16 weeks draft plan or decision not to issue, 20 weeks final plan); the
// next is the first not yet stopped or cancelled. Due dates are the clocks' own; days are
// calendar days from the as-of date to them, negative once past.
//
// Thread-safety: compute_ehcp_tracking is pure over const inputs; safe from any thread. A tally is
// not thread-safe: one thread adds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapters/outputs/output_declarations.hpp"
#include "adapters/reports/case_facts.hpp"
#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/rules/case_assessment.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales::reports {

struct OpenAssessmentLine {
  std::string case_id;
  std::string team;
  std::string cohort;
  std::string state;
  Date requested{};
  int week = 1;                       // 1-20, then 21, 22... past the deadline
  std::string next_milestone;         // "6 weeks: decision to assess"; empty when none is left
  std::optional<Date> next_milestone_due;
  int advice_outstanding = 0;         // advice requested less advice received, never below 0
  std::string exception;              // the exception's reason, when one applies to the final plan
  bool exception_open = false;        // still running (no end of the exception recorded after it)
  std::optional<Date> final_due;
  std::optional<int> days_to_final;
  bool local_target = false;          // the local target clock runs on the case
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
  std::string transfer;  // the declared label: "into post-16 (before 31 March)"
  Date due{};
  TimerStatus status = TimerStatus::running;
  int days_left = 0;
};

struct EhcpTracking {
  Date as_of{};
  std::vector<OpenAssessmentLine> assessments;  // longest-running first
  std::vector<int> by_week;                     // 21 buckets: weeks 1-20, then "past 20"
  std::vector<AnnualReviewLine> annual_reviews; // by due date
  std::vector<PhaseTransferLine> phase_transfers;
  std::vector<std::string> notes;
};

// Each part from its declared section; a part not declared lists nothing.
EhcpTracking compute_ehcp_tracking(const std::vector<CaseAssessment>& cases, Date as_of,
                                   const WorkflowLibrary& workflows, const CalendarContext& calendars,
                                   const outputs::OutputDeclarations& declared);

// compute_ehcp_tracking one case at a time, so a run need not hold every case: keeps the lines
// listed and the notes, never the case. Holds a reference to `workflows`, which must outlive the
// tally; copies `calendars`, whose calendars must too, and the sections it reads. finish() once,
// after the last add.
class EhcpTrackingTally {
 public:
  EhcpTrackingTally(Date as_of, const WorkflowLibrary& workflows, const CalendarContext& calendars,
                    const outputs::OutputDeclarations& declared);
  void add(const CaseAssessment& a);
  EhcpTracking finish() &&;

 private:
  void add_assessment(const CaseAssessment& a);
  void add_annual_review(const CaseAssessment& a);
  void add_phase_transfer(const CaseAssessment& a);

  const WorkflowLibrary& workflows_;
  CalendarContext calendars_;
  std::optional<outputs::AssessmentsSection> assessments_;
  std::optional<outputs::AnnualReviewsSection> reviews_;
  std::optional<outputs::PhaseTransfersSection> transfers_;
  std::optional<Date> review_window_end_;  // reviews due on or before this are listed
  EhcpTracking out_;
};

}  // namespace timescales::reports
