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
// - Complaints read the clocks rules/outputs.toml names ([report.complaints]), never the dates:
//   a complaint is counted in the financial year its Stage 1 clock started (the complaint
//   received), and answered once that clock stopped. "Within 10 days" is the clock met without
//   an extension (its first limit, 10 working days); "within 20 days" is the clock met, extended
//   or not (an extension takes the limit to 20 working days at most); "over 20" the rest, the
//   clock missed. Pauses for an advocate are honoured because the clock honours them. "Within
//   20" includes the 10; "% over 20" is 100 minus "% within 20", so the two always make 100%
//   (rounding each separately could give 101%).
// - Stage 2 and Stage 3 are counted in the financial year their clocks started (the request);
//   "in timescale" is the clock met, "late" missed or overdue, "in progress" running, paused or
//   pending, "withdrawn" cancelled. The four always sum to the requests.
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

#include "adapters/outputs/output_declarations.hpp"
#include "adapters/reports/case_facts.hpp"
#include "adapters/reports/ehcp_timeliness.hpp"
#include "adapters/reports/report_periods.hpp"
#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/rules/case_assessment.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales::reports {

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

// The open cases of the section's workflows; none when the section is not declared.
OpenCaseFigures compute_open_cases(const std::vector<CaseAssessment>& cases, const WorkflowLibrary& workflows,
                                   const std::optional<outputs::OpenCasesSection>& section);

// compute_open_cases one case at a time. Holds a reference to `workflows`: it must outlive the
// tally. finish() once, after the last add.
class OpenCasesTally {
 public:
  OpenCasesTally(const WorkflowLibrary& workflows, std::optional<outputs::OpenCasesSection> section);
  void add(const CaseAssessment& a);
  OpenCaseFigures finish() &&;

 private:
  const WorkflowLibrary& workflows_;
  std::optional<outputs::OpenCasesSection> section_;
  // By team, then workflow: the order the table lists them in.
  std::map<std::string, std::map<std::string, OpenCaseCount, std::less<>>, std::less<>> counts_;
  OpenCaseFigures out_;
};

// --- Complaints --------------------------------------------------------------------------------

struct Stage1Response {
  std::string case_id;
  std::string team;
  Date received{};   // the Stage 1 clock's start
  Date responded{};  // its stop
  bool met = false;
  bool extended = false;
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
  int within_10 = 0;    // the clock met without an extension
  int within_20 = 0;    // the clock met, extended or not: includes the within_10
  int over_20 = 0;      // the clock missed
  int extended = 0;     // Stage 1 clocks extended (reg 14)
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

// None when the section is not declared.
ComplaintsFigures compute_complaints(const std::vector<CaseAssessment>& cases,
                                     const std::optional<outputs::ComplaintsSection>& section);

// compute_complaints one case at a time. finish() once, after the last add.
class ComplaintsTally {
 public:
  explicit ComplaintsTally(std::optional<outputs::ComplaintsSection> section);
  void add(const CaseAssessment& a);
  ComplaintsFigures finish() &&;

 private:
  ComplaintsYear& year_for(Date d);

  std::optional<outputs::ComplaintsSection> section_;
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

// The section's timers (all, when it names none) of every case of its workflow, newest year first,
// in the order the workflow declares its timers.
std::vector<AdmissionsStep> compute_admissions_cycle(const std::vector<CaseAssessment>& cases,
                                                     const std::optional<outputs::AdmissionsCycleSection>& section);

// compute_admissions_cycle one case at a time. finish() once, after the last add.
class AdmissionsCycleTally {
 public:
  explicit AdmissionsCycleTally(std::optional<outputs::AdmissionsCycleSection> section);
  void add(const CaseAssessment& a);
  std::vector<AdmissionsStep> finish() &&;

 private:
  std::optional<outputs::AdmissionsCycleSection> section_;
  std::vector<AdmissionsStep> steps_;  // in the order added, until finish sorts them
};

// --- Reasons recorded for delays ---------------------------------------------------------------

struct DelayReasonCount {
  std::string process;  // "EHC plan issued after 20 weeks", "Complaint Stage 1 extended"
  std::string year;     // academic year of issue / financial year of receipt
  std::string reason;   // as recorded, or "(no reason recorded)"
  int count = 0;
};

// EHC plans: the reason recorded for each plan not issued in time ([report.plan_timeliness]
// delay_reason_event), by academic year of issue, under its `late_label`. Complaints: the reason
// on each extension ([report.complaints] extension_event), by financial year of receipt (the
// Stage 1 clock's start), under its `extension_label`. Newest year first, then most frequent
// reason first.
std::vector<DelayReasonCount> compute_delay_reasons(const std::vector<IssuedPlan>& plans,
                                                    const std::vector<CaseAssessment>& cases, Date as_of,
                                                    const outputs::OutputDeclarations& declared);

// compute_delay_reasons one case at a time: add() counts a complaint's Stage 1 extensions as it
// passes, add_plans() the plans once the EHC timeliness tally has them. What is added in which
// order does not change the result. finish() once, after the last add.
class DelayReasonsTally {
 public:
  DelayReasonsTally(Date as_of, const outputs::OutputDeclarations& declared);
  void add(const CaseAssessment& a);
  void add_plans(const std::vector<IssuedPlan>& plans);
  std::vector<DelayReasonCount> finish() &&;

 private:
  void count(const std::string& process, const Period& year, const std::string& reason);

  Date as_of_;
  std::optional<outputs::ComplaintsSection> complaints_;
  std::string late_plans_;  // the label of plans issued late; empty when plans are not declared
  // (process, year first day, reason) -> count; the year label is kept beside.
  std::map<std::tuple<std::string, Date, std::string>, DelayReasonCount> counts_;
};

}  // namespace timescales::reports
