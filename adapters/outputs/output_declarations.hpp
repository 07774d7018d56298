// What each output reads, as the council declares it in rules/outputs.toml: which workflows and
// clocks feed each digest audience and the calendar feed, and what each section of the managers'
// report and of the SEND tracking reads (its workflow, clocks, events and attributes). The
// reports and alerts name no workflow, timer or event of their own: they take these, so a new
// statutory process reaches them through TOML, not C++.
//
// parse_output_declarations checks the file's shape; resolve_output_declarations then checks
// every name against the workflows and the rules' local targets (an unknown workflow, timer or
// event is an error at the name's file:line:column) and fixes, once, where each named clock sits
// in an evaluation, so that a report finds it in each of a million cases without a search.
//
// Thread-safety: plain values; immutable once resolved, and then safe to share const.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/calendar/duration.hpp"
#include "engine/core/result.hpp"
#include "engine/evaluate/evaluation.hpp"
#include "engine/rules/rule.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales::outputs {

struct WorkflowName {
  std::string id;
  SourcePosition where;
};

struct EventName {
  std::string id;
  SourcePosition where;
  bool named() const { return !id.empty(); }
};

// A clock named by a declaration. `slot` is where it sits in an evaluation's timers under the
// newest version of its workflow (the engine lists a version's timers in definition order, then
// the local targets that apply); in() checks the id there and searches only when the case
// follows another version or a local target before it did not apply.
struct TimerName {
  std::string id;
  SourcePosition where;
  size_t slot = 0;
  std::string start_event;  // the first event that starts it, for notes: "no received date"
  std::string stop_event;   // the first event that stops it
  std::string limit;        // its limit as the law words it, "16 weeks" (empty when it has none)
  bool named() const { return !id.empty(); }
  const TimerResult* in(const Evaluation& e) const;
};

// Which workflows, and which of their clocks, an output lists. When it names no timers, every
// clock of the kinds the output lists (a digest lists deadlines).
struct TimerFeed {
  std::vector<WorkflowName> workflows;
  std::vector<TimerName> timers;
  bool every_workflow = false;  // made only in code (tests); a declaration names its workflows
  SourcePosition where;
  // Filled in by resolving: the events that extend any clock of these workflows, so a digest can
  // say when a deadline was extended without knowing the events' names.
  std::vector<std::string> extension_events;

  static TimerFeed every();
  static TimerFeed of(const std::vector<std::string>& workflows);  // empty: every workflow
  bool has_workflow(std::string_view id) const;
  bool has_timer(std::string_view id) const;  // true when it names none
};

// The audience "team" stands for each team's manager: one digest per team, "team:<team>".
inline constexpr std::string_view kEachTeam = "team";
// The audience "owner" stands for each case's recorded owner (an EHC coordinator, an
// investigating officer): one digest per owner, "owner:<owner>"; cases with no owner go to none.
inline constexpr std::string_view kEachOwner = "owner";

// A digest section for one clock whose due dates are worth knowing further ahead than the
// digest's next 5 working days (an annual review due in the next 8 weeks, a phase transfer's
// amended plan due by 15 February): the timer, how far ahead, and the section's heading. The
// engine's calendar counts `within` from the as-of date; the digest counts nothing itself.
struct ComingUp {
  TimerName timer;
  Duration within;
  std::string heading;  // "Annual reviews due in the next 8 weeks"
};

struct DigestAudience {
  std::string audience;  // "complaints_officer", or kEachTeam, or kEachOwner
  std::string subject;   // "Complaint deadlines": the e-mail's subject and the digest's heading
  TimerFeed feed;
  // Clocks listed further ahead, each in its own section. A clock named here or in `timers` is
  // listed whatever its kind (a recurring review, a fixed date); otherwise only deadlines are.
  std::vector<ComingUp> coming_up;
  SourcePosition where;           // of its [[digest]]
  SourcePosition audience_where;  // of the audience's name
  bool each_team() const { return audience == kEachTeam; }
  bool each_owner() const { return audience == kEachOwner; }
  // "team" or "owner": one digest per value of that attribute of the case.
  bool per_case_attribute() const { return each_team() || each_owner(); }
  // Whether `timer` is named by `timers` or `coming_up` (so any kind of clock is listed).
  bool names_timer(std::string_view timer) const;
  const ComingUp* coming_up_for(std::string_view timer) const;
};

// The managers' report: open cases overdue and at risk.
struct OpenCasesSection {
  TimerFeed feed;  // its workflows
};

// The managers' report: complaints. "% within 10 days" is `stage1` met without an extension,
// "% within 20 days" met, extended or not; Stage 2 and 3 "in timescale" are their clocks met.
struct ComplaintsSection {
  WorkflowName workflow;
  TimerName stage1;
  TimerName stage2;
  TimerName stage3;
  EventName extension;          // its reasons go in the delay reasons table
  std::string extension_label;  // "Complaint Stage 1 extended"
};

// The managers' report: EHC plan timeliness. A plan is counted when `timer` stops, "within" when
// it is met; an exception case is one the clock records an exemption on.
struct PlanTimelinessSection {
  WorkflowName workflow;
  TimerName timer;
  EventName delay_reason;       // the reason recorded on this event, for late plans
  std::string late_label;       // "EHC plan issued after 20 weeks"
  std::string cohort_attribute;
  TimerName local_target;       // optional: the local target clock beside `timer`
  std::string local_target_label;  // "plans for children in care or on a child protection plan"
};

// The managers' report: each step of a yearly cycle.
struct AdmissionsCycleSection {
  TimerFeed feed;  // one workflow; its timers, or every one
  std::string year_attribute;
};

struct Milestone {
  TimerName timer;
  std::string label;  // "6 weeks: decision to assess"
};

// The SEND tracking: open assessments.
struct AssessmentsSection {
  WorkflowName workflow;
  TimerName timer;  // the final deadline; week n counts from its start
  std::vector<Milestone> milestones;  // in order; the next is the first still to come
  EventName advice_requested;
  EventName advice_received;
  EventName exception_started;
  EventName exception_ended;
  std::string cohort_attribute;
  TimerName local_target;  // optional
};

// The SEND tracking: annual reviews overdue or due within `due_within_weeks`.
struct AnnualReviewsSection {
  WorkflowName workflow;
  TimerName timer;
  int due_within_weeks = 8;
};

// The SEND tracking: phase transfers running or overdue, labelled by an attribute's value.
struct PhaseTransfersSection {
  WorkflowName workflow;
  TimerName timer;
  std::string year_attribute;
  std::string kind_attribute;
  std::vector<std::pair<std::string, std::string>> labels;  // attribute value, label
  std::string other_label;
  const std::string& label_for(std::string_view value) const;
};

struct OutputDeclarations {
  std::vector<DigestAudience> digests;
  std::optional<TimerFeed> calendar_feed;
  std::optional<OpenCasesSection> open_cases;
  std::optional<ComplaintsSection> complaints;
  std::optional<PlanTimelinessSection> plans;
  std::optional<AdmissionsCycleSection> admissions;
  std::optional<AssessmentsSection> assessments;
  std::optional<AnnualReviewsSection> annual_reviews;
  std::optional<PhaseTransfersSection> phase_transfers;
};

// The names a declaration may use: the workflows (every version), their timers and events, the
// rules' local targets and the audiences the rules name. Holds references: both must outlive it.
class Vocabulary {
 public:
  Vocabulary(const WorkflowLibrary& workflows, const rules::RuleSet& rules);
  Status check(const WorkflowName& w) const;
  Status check(const EventName& e, const WorkflowName& w) const;
  // Fills in the timer's slot, start and stop events and limit.
  Status resolve(TimerName& t, const WorkflowName& w) const;
  // Each timer must be one of at least one of the feed's workflows.
  std::vector<Error> resolve(TimerFeed& feed) const;
  Status check_audience(const std::string& audience, const SourcePosition& where) const;

 private:
  const WorkflowLibrary& workflows_;
  const rules::RuleSet& rules_;
};

// Parses rules/outputs.toml; errors at file:line:column.
Result<OutputDeclarations> parse_output_declarations(std::string_view text, const std::string& file);

// Every unknown name, each at its position; none when all resolve.
std::vector<Error> resolve_output_declarations(OutputDeclarations& d, const Vocabulary& names);

}  // namespace timescales::outputs
