#include "adapters/reports/performance_measures.hpp"

#include <algorithm>

#include "engine/core/toml_fields.hpp"

namespace timescales::reports {
namespace {

// The wording sets the polarity ("Increase the percentage...", "Reduce the number...").
std::optional<Polarity> polarity_of_wording(const std::string& wording) {
  auto starts = [&](std::string_view w) { return wording.rfind(w, 0) == 0; };
  if (starts("Increase") || starts("Improve") || starts("Maintain")) return Polarity::increase;
  if (starts("Reduce") || starts("Decrease")) return Polarity::reduce;
  return std::nullopt;
}

Result<MeasureDefinition> parse_measure(const toml::table& t, const std::string& file) {
  TomlFields f(t, file);
  MeasureDefinition m;
  m.where = position_of(t, file);
  auto ref = f.string("ref");
  if (!ref) return ref.error();
  m.ref = *ref;
  auto wording = f.string("measure");
  if (!wording) return wording.error();
  m.wording = *wording;
  auto polarity = polarity_of_wording(m.wording);
  if (!polarity)
    return f.error("measure", "the measure's wording must start with \"Increase\" or \"Reduce\" (it sets the polarity)");
  m.polarity = *polarity;
  auto workflow = f.string("workflow");
  if (!workflow) return workflow.error();
  m.workflow = {*workflow, position_of(*t.get("workflow"), file)};
  auto timer = f.string("timer");
  if (!timer) return timer.error();
  m.timer.id = *timer;
  m.timer.where = position_of(*t.get("timer"), file);
  auto counted_in = f.string("counted_in");
  if (!counted_in) return counted_in.error();
  if (*counted_in == "start") m.counted_in = CountedIn::start;
  else if (*counted_in == "stop") m.counted_in = CountedIn::stop;
  else return f.error("counted_in", "counted_in must be \"start\" (the period the clock started in) or \"stop\"");
  auto within = f.string("within");
  if (!within) return within.error();
  if (*within == "met") m.within = Within::met;
  else if (*within == "met_without_extension") m.within = Within::met_without_extension;
  else return f.error("within", "within must be \"met\" or \"met_without_extension\"");
  auto period = f.string("period");
  if (!period) return period.error();
  if (*period == "academic_year") m.period = PeriodKind::academic_year;
  else if (*period == "financial_year") m.period = PeriodKind::financial_year;
  else return f.error("period", "period must be \"academic_year\" or \"financial_year\"");
  auto target = f.integer("target_percent");
  if (!target) return target.error();
  if (*target < 0 || *target > 100) return f.error("target_percent", "target_percent must be 0 to 100");
  m.target_percent = static_cast<int>(*target);
  auto configurable = f.boolean_or("configurable", false);
  if (!configurable) return configurable.error();
  m.configurable = *configurable;
  auto exceptions = f.string_or("exceptions", "exclude");
  if (!exceptions) return exceptions.error();
  if (*exceptions != "include" && *exceptions != "exclude")
    return f.error("exceptions", "exceptions must be \"include\" or \"exclude\"");
  m.include_exceptions = *exceptions == "include";
  auto margin = f.integer_or("amber_margin", 5);
  if (!margin) return margin.error();
  if (*margin < 0 || *margin > 100) return f.error("amber_margin", "amber_margin must be 0 to 100 percentage points");
  m.amber_margin = static_cast<int>(*margin);
  auto minimum = f.integer_or("minimum_cases", 10);
  if (!minimum) return minimum.error();
  if (*minimum < 0) return f.error("minimum_cases", "minimum_cases must not be negative");
  m.minimum_cases = static_cast<int>(*minimum);
  auto source = f.string("source");
  if (!source) return source.error();
  m.source = *source;
  for (const auto& [key, node] : t) {
    static const std::vector<std::string> known = {"ref", "measure", "workflow", "timer", "counted_in", "within",
                                                   "period", "target_percent", "configurable", "exceptions",
                                                   "amber_margin", "minimum_cases", "source"};
    if (std::find(known.begin(), known.end(), std::string(key.str())) == known.end())
      return Error::at(position_of(node, file), "unknown key '" + std::string(key.str()) + "' in [[measure]]");
  }
  return m;
}

Period period_of(PeriodKind kind, Date d) {
  return kind == PeriodKind::academic_year ? academic_year_of(d) : financial_year_of(d);
}

// One case's clock in one of a row's figures: counted when it stopped by `known_by` (a response
// counts once it is known: by the end of the same period last year, for that comparison; by
// today, for a year already over) and its start or stop falls in [from, to].
void count(Ratio& r, const MeasureDefinition& m, std::optional<Date> start, std::optional<Date> stopped,
           TimerStatus status, bool extended, const Period& p, Date known_by) {
  if (!stopped || *stopped > known_by) return;
  const std::optional<Date>& counted = m.counted_in == CountedIn::start ? start : stopped;
  if (!counted || !p.contains(*counted)) return;
  ++r.whole;
  if (status == TimerStatus::met && (m.within == Within::met || !extended)) ++r.part;
}

// The clock as it stands, and every cycle a schedule has finished (each children in care review
// held, each visit made): a board counts each review, not only the latest.
void count(Ratio& r, const MeasureDefinition& m, const TimerResult& t, const Period& p, Date known_by) {
  count(r, m, t.start, t.stopped, t.status, t.extended, p, known_by);
  for (const TimerCycle& c : t.previous_cycles) {
    if (!m.include_exceptions && c.status == TimerStatus::exempt) continue;
    count(r, m, c.start, c.stopped, c.status, false, p, known_by);
  }
}

std::string label_to(const Period& p, Date to) {
  return p.label + " to " + to_day_month(to) + " " + std::to_string(year_of(to));
}

}  // namespace

Result<MeasureSet> parse_measures(std::string_view text, const std::string& file) {
  auto doc = parse_toml(text, file);
  if (!doc) return doc.error();
  TomlFields top(*doc, file);
  for (const auto& [key, node] : *doc)
    if (key.str() != "measure")
      return Error::at(position_of(node, file), "unknown table '" + std::string(key.str()) + "' (expected [[measure]])");
  auto list = top.table_array("measure");
  if (!list) return list.error();
  MeasureSet out;
  if (!*list) return out;
  for (const auto& node : **list) {
    auto m = parse_measure(*node.as_table(), file);
    if (!m) return m.error();
    for (const auto& seen : out.measures)
      if (seen.ref == m->ref)
        return Error::at(m->where, "measure '" + m->ref + "' is defined twice (first at line " +
                                       std::to_string(seen.where.line) + ")");
    out.measures.push_back(std::move(*m));
  }
  return out;
}

std::string_view direction_name(Direction d) {
  switch (d) {
    case Direction::better: return "better";
    case Direction::same: return "same";
    case Direction::worse: return "worse";
    case Direction::not_available: return "N/A";
  }
  return "N/A";
}

std::string_view rag_name(Rag r) {
  switch (r) {
    case Rag::green: return "Green";
    case Rag::amber: return "Amber";
    case Rag::red: return "Red";
  }
  return "Amber";
}

std::vector<Error> resolve_measures(MeasureSet& measures, const outputs::Vocabulary& names) {
  std::vector<Error> errors;
  for (auto& m : measures.measures)
    if (auto s = names.resolve(m.timer, m.workflow); !s) errors.push_back(s.error());
  return errors;
}

PerformanceTally::PerformanceTally(const MeasureSet& measures, Date as_of) : as_of_(as_of) {
  for (const auto& m : measures.measures) {
    PerformanceRow row;
    row.measure = m;
    const Period now = period_of(m.period, as_of);
    row.current = {now.first, as_of, label_to(now, as_of)};
    row.last_year = period_of(m.period, add_months(now.first, -12));
    const Date a_year_ago = add_months(as_of, -12);
    row.same_period_last_year = {row.last_year.first, a_year_ago, label_to(row.last_year, a_year_ago)};
    rows_.push_back(std::move(row));
  }
}

void PerformanceTally::add(const CaseAssessment& a) {
  for (auto& row : rows_) {
    const MeasureDefinition& m = row.measure;
    if (a.case_data.workflow != m.workflow.id) continue;
    const TimerResult* t = m.timer.in(a.evaluation);
    if (!t) continue;
    if (!m.include_exceptions && (t->status == TimerStatus::exempt || !t->exemption.empty())) continue;
    count(row.current_value, m, *t, row.current, as_of_);
    count(row.last_year_actual, m, *t, row.last_year, as_of_);
    // Known by the same day a year ago: the period's own end.
    count(row.same_period_value, m, *t, row.same_period_last_year, row.same_period_last_year.last);
  }
}

std::vector<PerformanceRow> PerformanceTally::finish() && {
  for (auto& row : rows_) {
    const MeasureDefinition& m = row.measure;
    const Period now = period_of(m.period, as_of_);
    const auto current = row.current_value.percent();
    const auto before = row.same_period_value.percent();
    if (current && before) {
      const int change = m.polarity == Polarity::increase ? *current - *before : *before - *current;
      row.direction = change > 0 ? Direction::better : change < 0 ? Direction::worse : Direction::same;
    }

    const std::string so_far = std::to_string(row.current_value.part) + " of " + std::to_string(row.current_value.whole);
    if (!current || row.current_value.whole < m.minimum_cases || as_of_ < add_months(now.first, 3)) {
      row.rag = Rag::amber;
      row.rag_reason = "too early to say: " + so_far + " so far this year";
    } else {
      const int gap = m.polarity == Polarity::increase ? *current - m.target_percent : m.target_percent - *current;
      row.rag = gap >= 0 ? Rag::green : gap >= -m.amber_margin ? Rag::amber : Rag::red;
      row.rag_reason = std::to_string(*current) + "% so far (" + so_far + ") against a target of " +
                       std::to_string(m.target_percent) + "%";
    }
  }
  return std::move(rows_);
}

std::vector<PerformanceRow> compute_performance(const MeasureSet& measures, const std::vector<CaseAssessment>& cases,
                                                Date as_of) {
  PerformanceTally tally(measures, as_of);
  for (const auto& a : cases) tally.add(a);
  return std::move(tally).finish();
}

}  // namespace timescales::reports
