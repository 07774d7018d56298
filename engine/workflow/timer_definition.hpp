// A statutory clock as a workflow declares it: when it starts, what stops, pauses, exempts or
// cancels it, how long it runs and in which unit, and the regulation that sets the limit.
//
// The definition is data only; engine/evaluate/ runs it against a case's events. The four kinds
// are those of the engine contract §3.
//
// Thread-safety: plain values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar/date.hpp"
#include "engine/calendar/duration.hpp"
#include "engine/core/result.hpp"

namespace timescales {

enum class TimerKind {
  deadline,   // the stopping event must come on or before `due`
  minimum,    // the stopping event must not come before `due`
  fixed,      // `due` is a date taken from the case's attributes
  recurring,  // restarts on each occurrence of its restarting event
};
std::string_view timer_kind_name(TimerKind kind);
Result<TimerKind> parse_timer_kind(std::string_view text);

// What sets a limit. Reports count the statutory limits apart from the others: issuing the draft
// EHC plan by week 16 is Code of Practice practice, while reg 10(1)'s 16 weeks is for a decision
// *not* to issue (issue 14).
enum class TimerBasis {
  statute,   // an Act, Regulations, or a "must" of a statutory Code
  guidance,  // a Code's "should", or a milestone it recommends
  council,   // the council's own standard
};
std::string_view timer_basis_name(TimerBasis basis);  // "statute", "guidance", "council"
Result<TimerBasis> parse_timer_basis(std::string_view text);

using Attributes = std::map<std::string, std::string>;

// "when the case's `round` attribute is `late` or `in_year`". An empty attribute always matches.
struct AttributeCondition {
  std::string attribute;
  std::vector<std::string> equals;
  bool matches(const Attributes& attributes) const;
};

// A day of the year held in an attribute: "28 February of admission_year - 1".
struct DateRule {
  AttributeCondition when;
  std::string year_attribute;
  int year_offset = 0;
  unsigned month = 1;
  unsigned day = 1;
  SourcePosition where;
};

// "Under 5 on the day of the assessment": the child's age in whole years on the day a cycle
// starts, from a date-of-birth attribute. The date of birth is personal data: the explanation
// says only "under 5 on <day>", never the date itself.
struct AgeCondition {
  std::string attribute;  // "date_of_birth"
  int under = 0;          // matches when the age that day is less than this
};

// An override chosen by the case's attributes (the appeal hearing runs 40 school days from the
// lodging deadline in the normal round, 30 from lodging otherwise). The first that matches wins.
struct TimerVariant {
  AttributeCondition when;
  // Matches only when the start event comes after this date attribute (an appeal lodged after
  // the lodging deadline); empty: always.
  std::string start_after_attribute;
  std::optional<Duration> limit;
  std::vector<Duration> limits;  // by cycle, as TimerDefinition::limits; instead of `limit`
  // Matches only a cycle that starts more than this long after the schedule began (a visit made
  // more than 12 months after the placement started: reg 28(2)'s "after the first year").
  std::optional<Duration> cycle_starts_after;
  std::optional<AgeCondition> age;   // matches only while the child is under this age
  std::string count_from_attribute;  // the clock counts from this date attribute, not the event
  // "Within 40 school days of the deadline where possible, or within 30 school days of the appeal
  // being lodged": either satisfies the Code, so `due` is the later of the two dates.
  std::optional<Duration> or_from_start;
  std::optional<TimerBasis> basis;  // overrides the timer's, for the cases this variant covers
  SourcePosition where;
};

// An exception that covers only the limits falling inside a window. SI 2020/471 relaxed the SEND
// limits, for a reason relating to coronavirus, while it was in force (1 May to 25 September
// 2020); a limit falling after it ceased is not relaxed.
struct ExemptionWindow {
  std::string reason;
  Date due_from{};
  Date due_to{};
  SourcePosition where;
};

// The law lets some limits be extended once, with a reason, to a stated maximum (complaints
// Stage 1: 10 working days, up to 20 for complex cases).
struct Extension {
  std::vector<std::string> on;  // the events that extend
  Duration limit;               // the whole limit once extended
  Duration maximum;             // the statutory cap; a council's `limit` may not exceed it
};

// Which of several start events a non-recurring timer counts from.
enum class StartOccurrence {
  each,    // every start event begins a new cycle (the review report after each review meeting)
  latest,  // the latest before the stop: a later one replaces the cycle, not a miss, and one
           // after the stop begins nothing (the initial conference runs from the last strategy
           // discussion held before it, WT2023 via statutory-timescales.md §D1.4)
};

struct TimerDefinition {
  std::string id;
  TimerKind kind = TimerKind::deadline;
  std::string description;
  std::vector<std::string> start;    // empty: starts when the case begins
  std::vector<std::string> stop;
  std::vector<std::string> restart;  // recurring: each occurrence ends a cycle and starts the next
  std::vector<std::string> pause;
  std::vector<std::string> resume;
  std::vector<std::string> exempt;       // events that start a statutory exception
  std::vector<std::string> exempt_end;   // events that end it
  std::vector<std::string> exempt_reasons;  // reasons that disapply this limit; empty: any
  std::vector<ExemptionWindow> exempt_windows;  // reasons that excuse only limits due in a window
  std::vector<std::string> cancel;
  std::optional<Duration> limit;  // negative: "at least N before" the start event
  // Instead of `limit`, a limit for each cycle of a schedule, the last repeating for every cycle
  // after: a children in care review within 20 working days, the next within 3 months, then
  // every 6 months (reg 33). A cycle is the n-th since the schedule's start event.
  std::vector<Duration> limits;
  // A limit in hours counts from the start event's time of day. Where the record has only a date,
  // this limit (in days) is used instead, and the explanation says so: 72 hours from a return
  // recorded without a time is read as 3 days after that day (the council's choice, ⚠).
  std::optional<Duration> date_only_limit;
  StartOccurrence start_occurrence = StartOccurrence::each;
  Convention convention = Convention::after;
  std::optional<Extension> extension;
  std::vector<DateRule> due_date;      // fixed: first matching rule gives `due`
  std::vector<DateRule> window_opens;  // fixed: the start event must not come before this date
  std::vector<DateRule> stop_window_opens;  // fixed: stopping events before this date do not count
  std::vector<TimerVariant> variants;
  std::string count_from_attribute;
  // The clock starts on its start event but counts from the latest earlier occurrence of this
  // one (12 weeks from the review meeting, once an amendment notice is sent).
  std::string count_from_event;
  std::string stop_attribute;  // the stopping "event" is a date attribute (a lodging deadline)
  std::string disapplied;      // non-empty: the limit is disapplied from the start, for this reason
  bool lapses = false;         // the stopping event is someone else's right; no breach if it never comes
  bool attributes_optional = false;  // a missing attribute leaves the timer pending, not a problem
  bool configurable = false;   // an unconfirmed (⚠) figure a council may override
  std::string source;          // the regulation; required
  // The limit in the law's (or Code's) own words, so that a reviewer can check the arithmetic
  // against them: "within 20 weeks of the local authority receiving a request". `check` warns
  // when it is missing.
  std::string wording;
  TimerBasis basis = TimerBasis::statute;
  SourcePosition where;
};

}  // namespace timescales
