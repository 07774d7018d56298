// The quarterly performance table in the board's layout (003 L5175-5196): Ref, Measure, last
// year's actual, target, current, direction of travel, RAG.
//
// What each measure is (its ref, wording, polarity, target, period, source) and what it counts
// is data, in rules/measures.toml, so a council can change a target, or measure a new process,
// without a rebuild. A measure names a workflow and one of its clocks (or a rules' local target)
// and counts that clock's results, never days: the whole is the cases whose clock stopped (the
// plan issued, the response sent), counted in the period of the clock's `start` or `stop`
// (`counted_in`); the part is those whose clock was `met` (`within = "met"`) or met without an
// extension (`within = "met_without_extension"`: complaints' "within 10 working days", the
// clock's first limit). `exceptions = "exclude"` leaves out the cases the clock records a
// statutory exception on (SEN2's headline figure), "include" keeps them.
// A schedule's clock (a recurring timer: children in care reviews, visits) counts every cycle it
// has finished, each in the period of its own start or stop, so the row is "reviews held in
// timescale", not "children whose latest review was".
//
// Periods: "current" is the measure's period (academic or financial year) from its first day to
// the as-of date; "last year's actual" is the whole previous period; direction of travel compares
// the current figure with the SAME PERIOD last year (first day of the previous period to the
// as-of date a year earlier), as the board's symbol key says.
//
// RAG is a forecast (003 L5648-5690). Rule chosen here, as the papers give none:
//   Amber "too early to say" while fewer than `minimum_cases` have been counted this period, or
//   the period is less than 3 months old; otherwise, for an "increase" measure, Green when the
//   current percentage meets the target, Amber when it is within `amber_margin` percentage points
//   below it (uncertain: a few cases either way decide it), Red when further below (will not be
//   achieved without intervention). A "reduce" measure is the mirror image.
//
// Thread-safety: a parsed MeasureSet is immutable; functions are pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/outputs/output_declarations.hpp"
#include "adapters/reports/report_periods.hpp"
#include "engine/core/result.hpp"
#include "engine/rules/case_assessment.hpp"

namespace timescales::reports {

enum class Polarity { increase, reduce };
enum class PeriodKind { academic_year, financial_year };
enum class CountedIn { start, stop };            // the period of the clock's start, or of its stop
enum class Within { met, met_without_extension };

struct MeasureDefinition {
  std::string ref;       // "PED04 01"
  std::string wording;   // "Increase the percentage of EHCP assessments completed within 20 weeks ..."
  outputs::WorkflowName workflow;  // as rules/measures.toml names it
  outputs::TimerName timer;        // one of its timers, or a local target for it
  CountedIn counted_in = CountedIn::stop;
  Within within = Within::met;
  Polarity polarity = Polarity::increase;
  PeriodKind period = PeriodKind::academic_year;
  int target_percent = 0;
  bool configurable = false;     // a target the council has not confirmed
  bool include_exceptions = false;
  int amber_margin = 5;          // percentage points below target that are still Amber
  int minimum_cases = 10;        // fewer than this so far: too early to say
  std::string source;
  SourcePosition where;
};

struct MeasureSet {
  std::vector<MeasureDefinition> measures;
};

// Parses rules/measures.toml; every error at file:line:column.
Result<MeasureSet> parse_measures(std::string_view text, const std::string& file);
// Checks each measure's workflow and timer, and fixes where the timer sits (TimerName); every
// unknown name at its position.
std::vector<Error> resolve_measures(MeasureSet& measures, const outputs::Vocabulary& names);

enum class Direction { better, same, worse, not_available };
enum class Rag { green, amber, red };
std::string_view direction_name(Direction d);  // "better", "same", "worse", "N/A"
std::string_view rag_name(Rag r);              // "Green", "Amber", "Red"

struct Ratio {
  int part = 0;
  int whole = 0;
  std::optional<int> percent() const { return percent_half_up(part, whole); }
};

struct PerformanceRow {
  MeasureDefinition measure;
  Period last_year;                // the whole previous period
  Ratio last_year_actual;
  Period current;                  // first day of this period to the as-of date
  Ratio current_value;
  Period same_period_last_year;
  Ratio same_period_value;
  Direction direction = Direction::not_available;
  Rag rag = Rag::amber;
  std::string rag_reason;          // "80% so far against 75%", "too early to say: 3 plans so far"
};

// The performance table one case at a time: each measure's three figures (last year, this year
// so far, the same period last year) are counted as the cases pass, so nothing of a case is
// kept. Copies `measures`. finish() once, after the last add.
class PerformanceTally {
 public:
  PerformanceTally(const MeasureSet& measures, Date as_of);
  void add(const CaseAssessment& a);
  std::vector<PerformanceRow> finish() &&;

 private:
  Date as_of_;
  std::vector<PerformanceRow> rows_;  // one per measure, periods set, figures counted as cases pass
};

std::vector<PerformanceRow> compute_performance(const MeasureSet& measures, const std::vector<CaseAssessment>& cases,
                                                Date as_of);

}  // namespace timescales::reports
