// The managers' compliance figures, computed from assessed cases and nothing else, so they always
// add up: open cases overdue and at risk by team and workflow; complaints Stage 1 response times
// by financial year with Stage 2 and Stage 3 counts; the admissions cycle's dates; and the
// reasons recorded for delays. Rendering is elsewhere (report_tables.hpp, compliance_html.hpp).
//
// Definitions (users-and-reports.md, engine contract §2):
// - An open case (case_facts.hpp) is OVERDUE when any of its timers is `overdue` (running past its
//   due date: the engine's fact, whatever rules are loaded) or a rule raised an `overdue` flag on
//   it; else AT RISK when a rule raised an `at_risk` flag. Each case is counted once, under the
//   worse. `breach` flags are not counted here: they record a limit already missed, which the
//   timeliness tables report; `info` and `data_quality` are not concerns about time.
// - Complaint Stage 1 time is working days from `received` to the first `stage1_responded`
//   (count_units, Unit::working_days, Convention::after), counted in the financial year of
//   `received`, as the annual report does. "Within 20" includes the 10; "% over 20" is 100 minus
//   "% within 20", so the two always make 100% (rounding each separately could give 101%).
//   Extensions and advocacy pauses do not change these figures: the report asks how quickly the
//   council answered, not whether it was lawful (the timers say that).
// - Stage 2 and Stage 3 are counted in the financial year of their request; "in timescale" is the
//   timer `stage2_response` / `stage3_panel` met, "late" missed or overdue, "in progress"
//   running, paused or pending, "withdrawn" cancelled. The four always sum to the requests.
//
// Each part is a tally (OpenCasesTally, ComplaintsTally, ...) fed one assessed case at a time, so
// the nightly run can count a million cases without holding them; the compute_* functions are a
// loop over a tally, so the two ways give the same figures. A tally keeps the slim lines its part
// reports and its counts, never the case.
//
// Thread-safety: the compute_* functions are pure over const inputs; safe from any thread. A
// tally is not thread-safe: one thread adds.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "adapters/reports/case_facts.hpp"
#include "adapters/reports/ehcp_timeliness.hpp"
#include "adapters/reports/report_periods.hpp"
#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/rules/case_assessment.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales::reports {

inline constexpr const char* kComplaints = "complaints-statutory";
inline constexpr const char* kAdmissions = "admissions-arrangements";

// --- Open cases overdue and at risk -----------------------------------------------------------

enum class Concern { overdue, at_risk };
std::string_view concern_name(Concern c);  // "overdue", "at risk"

struct OpenCaseLine {
  std::string case_id;
  std::string team;
  std::string workflow;
  std::string state;
  Concern concern = Concern::at_risk;
  std::string timer;        // the clock concerned
  std::optional<Date> due;
  std::string left;         // "-3 working days", from the timer's own unit
  std::string rule;         // the rule that raised it, when a rule did
};

struct OpenCaseCount {
  std::string team;
  std::string workflow;
  int open = 0;
  int at_risk = 0;
  int overdue = 0;
};

struct OpenCaseFigures {
  std::vector<OpenCaseCount> by_team_workflow;  // sorted by team, then workflow
  OpenCaseCount total;                          // team and workflow "All"
  std::vector<OpenCaseLine> cases;              // overdue first, then at risk; by due date
};

OpenCaseFigures compute_open_cases(const std::vector<CaseAssessment>& cases, const WorkflowLibrary& workflows);

// compute_open_cases one case at a time. Holds a reference to `workflows`: it must outlive the
// tally. finish() once, after the last add.
class OpenCasesTally {
 public:
  explicit OpenCasesTally(const WorkflowLibrary& workflows);
  void add(const CaseAssessment& a);
  OpenCaseFigures finish() &&;

 private:
  const WorkflowLibrary& workflows_;
  // By team, then workflow: the order the table lists them in.
  std::map<std::string, std::map<std::string, OpenCaseCount, std::less<>>, std::less<>> counts_;
  OpenCaseFigures out_;
};

// --- Complaints --------------------------------------------------------------------------------

struct Stage1Response {
  std::string case_id;
  std::string team;
  Date received{};
  Date responded{};
  int working_days = 0;
};

struct StageCount {
  int requested = 0;
  int in_time = 0;
  int late = 0;
  int in_progress = 0;
  int withdrawn = 0;
};

struct ComplaintsYear {
  Period year;          // financial year
  int received = 0;
  int responded = 0;    // Stage 1 responses to complaints received this year
  int within_10 = 0;
  int within_20 = 0;    // includes the within_10
  int over_20 = 0;
  int extended = 0;     // Stage 1 extended (reg 14)
  StageCount stage2;
  StageCount stage3;
  std::optional<int> percent_within_10() const { return percent_half_up(within_10, responded); }
  std::optional<int> percent_within_20() const { return percent_half_up(within_20, responded); }
  std::optional<int> percent_over_20() const {
    auto w = percent_within_20();
    return w ? std::optional<int>(100 - *w) : std::nullopt;
  }
};

struct ComplaintsFigures {
  std::vector<ComplaintsYear> years;       // newest first
  std::vector<Stage1Response> responses;   // every Stage 1 response, oldest first
  std::vector<std::string> notes;          // complaints that could not be counted, and why
};

ComplaintsFigures compute_complaints(const std::vector<CaseAssessment>& cases, Date as_of,
                                     const CalendarContext& calendars);

// compute_complaints one case at a time. Copies `calendars`; the calendars it points to must
// outlive the tally. finish() once, after the last add.
class ComplaintsTally {
 public:
  ComplaintsTally(Date as_of, const CalendarContext& calendars);
  void add(const CaseAssessment& a);
  ComplaintsFigures finish() &&;

 private:
  ComplaintsYear& year_for(Date d);

  Date as_of_;
  CalendarContext calendars_;
  std::map<Date, ComplaintsYear> years_;  // by first day
  ComplaintsFigures out_;
};

// --- Admissions cycle --------------------------------------------------------------------------

struct AdmissionsStep {
  std::string case_id;
  std::string admission_year;
  std::string timer;
  std::optional<Date> due;
  std::optional<Date> done;
  TimerStatus status = TimerStatus::pending;
};

// Every timer of every admissions-arrangements case, newest admission year first, in the order
// the workflow declares its timers.
std::vector<AdmissionsStep> compute_admissions_cycle(const std::vector<CaseAssessment>& cases);

// compute_admissions_cycle one case at a time. finish() once, after the last add.
class AdmissionsCycleTally {
 public:
  void add(const CaseAssessment& a);
  std::vector<AdmissionsStep> finish() &&;

 private:
  std::vector<AdmissionsStep> steps_;  // in the order added, until finish sorts them
};

// --- Reasons recorded for delays ---------------------------------------------------------------

struct DelayReasonCount {
  std::string process;  // "EHC plan issued after 20 weeks", "Complaint Stage 1 extended"
  std::string year;     // academic year of issue / financial year of receipt
  std::string reason;   // as recorded, or "(no reason recorded)"
  int count = 0;
};

// EHC plans: the reason on `final_plan_issued` for each plan issued after 20 weeks, by academic
// year of issue. Complaints: the reason on each `stage1_extended`, by financial year of receipt.
// Newest year first, then most frequent reason first.
std::vector<DelayReasonCount> compute_delay_reasons(const std::vector<IssuedPlan>& plans,
                                                    const std::vector<CaseAssessment>& cases, Date as_of);

// compute_delay_reasons one case at a time: add() counts a complaint's Stage 1 extensions as it
// passes, add_plans() the plans once the EHC timeliness tally has them. What is added in which
// order does not change the result. finish() once, after the last add.
class DelayReasonsTally {
 public:
  explicit DelayReasonsTally(Date as_of);
  void add(const CaseAssessment& a);
  void add_plans(const std::vector<IssuedPlan>& plans);
  std::vector<DelayReasonCount> finish() &&;

 private:
  void count(const char* process, const Period& year, const std::string& reason);

  Date as_of_;
  // (process, year first day, reason) -> count; the year label is kept beside.
  std::map<std::tuple<std::string, Date, std::string>, DelayReasonCount> counts_;
};

}  // namespace timescales::reports
