// EHC plan timeliness as the DfE's SEN2 return and the board's PED04 01 measure count it, read
// from the clock rules/outputs.toml names ([report.plan_timeliness]: the final plan's).
//
// A plan counts in the period its clock stopped (the final plan issued, on or before the as-of
// date). It is "within 20 weeks" when the clock was met: stopped on or before the due date the
// engine gave it (the request + 20 weeks; weeks are 7 calendar days, no roll-forward). It is an
// "exception case" when the clock records a statutory exception: exempt, or carrying an
// exemption (which also covers the 2020 coronavirus version, where every limit was disapplied).
// Figures are given both including and excluding exception cases, as SEN2 asks.
//
// The local target (rules/*.toml [[target]], named by the section: EHC plans for children in
// care or on a child protection plan within 16 weeks; 003 L3200-3204) is its own clock, present
// only on the cohort's cases, and is counted whatever exceptions applied: the target is the
// council's promise to those children, not a statutory limit with exceptions.
//
// Thread-safety: the functions are pure over const inputs; safe from any thread. A tally is not
// thread-safe: one thread adds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapters/outputs/output_declarations.hpp"
#include "adapters/reports/report_periods.hpp"
#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/rules/case_assessment.hpp"

namespace timescales::reports {

struct IssuedPlan {
  std::string case_id;
  std::string team;
  std::string cohort;
  Date requested{};      // the clock's start
  Date issued{};         // its stop
  Date due_20_weeks{};   // its due date
  bool within_20_weeks = false;
  bool exception = false;
  std::string exception_reason;  // "school_closure", or the disapplying reason
  std::string delay_reason;      // the reason recorded on the declared delay_reason_event, if any
  bool in_local_cohort = false;     // the local target clock runs on the case
  bool within_local_weeks = false;  // ... and was met
};

// Plans issued in one period (or cumulatively to a date).
struct TimelinessCount {
  Period period;
  std::string label;             // "2023/24 to 31 Dec 2023", "Apr–Jun 2024"
  int issued = 0;
  int within = 0;
  int issued_excluding = 0;      // exception cases left out
  int within_excluding = 0;
  std::optional<int> percent_including() const { return percent_half_up(within, issued); }
  std::optional<int> percent_excluding() const { return percent_half_up(within_excluding, issued_excluding); }
};

struct LocalTargetCount {
  Period period;
  std::string label;
  int issued = 0;  // plans for the cohort
  int within = 0;  // within the local weeks
  std::optional<int> percent() const { return percent_half_up(within, issued); }
};

// What the local target's table is titled by: "plans for children in care or on a child protection
// plan" within "16 weeks" (the target's own limit).
struct LocalTargetNames {
  std::string cohort;
  std::string limit;
};

struct EhcpTimeliness {
  Date as_of{};
  LocalTargetNames local;
  std::vector<IssuedPlan> plans;                    // oldest issue first
  std::vector<TimelinessCount> by_calendar_year;    // newest first
  std::vector<TimelinessCount> by_quarter;          // oldest first: a trend reads left to right
  std::vector<TimelinessCount> by_month;            // the last 24 months, oldest first (the chart)
  // Each academic year cumulative to the end of each quarter inside it (30 Sep, 31 Dec, 31 Mar,
  // 30 Jun, then the year's end 31 Aug), and to the as-of date in the current year. Newest first.
  std::vector<TimelinessCount> academic_year_to_quarter_end;
  std::vector<LocalTargetCount> local_target_by_academic_year;  // newest first, current to date
  std::vector<std::string> notes;  // plans that could not be counted, and why
};

// No plans when the section is not declared.
EhcpTimeliness compute_ehcp_timeliness(const std::vector<CaseAssessment>& cases, Date as_of,
                                       const std::optional<outputs::PlanTimelinessSection>& section);

// compute_ehcp_timeliness one case at a time, so a run need not hold every case: keeps each issued
// plan's line and the notes, never the case. finish() once, after the last add.
class EhcpTimelinessTally {
 public:
  EhcpTimelinessTally(Date as_of, std::optional<outputs::PlanTimelinessSection> section);
  void add(const CaseAssessment& a);
  EhcpTimeliness finish() &&;

 private:
  std::optional<outputs::PlanTimelinessSection> section_;
  EhcpTimeliness out_;
};

// Plans issued from `from` to `to` inclusive (the measures' "year to date" and "same period last
// year").
TimelinessCount count_plans(const std::vector<IssuedPlan>& plans, Date from, Date to, std::string label = {});
LocalTargetCount count_local_target(const std::vector<IssuedPlan>& plans, Date from, Date to, std::string label = {});

}  // namespace timescales::reports
