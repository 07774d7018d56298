#include "adapters/reports/performance_measures.hpp"

#include <algorithm>

#include "engine/core/toml_fields.hpp"

namespace timescales::reports {
namespace {

Result<MeasureKind> parse_kind(const std::string& s) {
  if (s == "ehcp_within_20_weeks") return MeasureKind::ehcp_within_20_weeks;
  if (s == "ehcp_local_target") return MeasureKind::ehcp_local_target;
  if (s == "complaints_stage1_within") return MeasureKind::complaints_stage1_within;
  return Error{"unknown kind '" + s + "' (ehcp_within_20_weeks, ehcp_local_target, complaints_stage1_within)"};
}

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
  auto kind_text = f.string("kind");
  if (!kind_text) return kind_text.error();
  auto kind = parse_kind(*kind_text);
  if (!kind) return f.error("kind", kind.error().message);
  m.kind = *kind;
  auto period = f.string_or("period", m.kind == MeasureKind::complaints_stage1_within ? "financial_year" : "academic_year");
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
  auto weeks = f.integer_or("weeks", m.kind == MeasureKind::ehcp_local_target ? 16 : 20);
  if (!weeks) return weeks.error();
  if (*weeks <= 0) return f.error("weeks", "weeks must be positive");
  if (m.kind == MeasureKind::ehcp_within_20_weeks && *weeks != 20)
    return f.error("weeks", "ehcp_within_20_weeks is the statutory 20 weeks; use kind ehcp_local_target for another figure");
  m.weeks = static_cast<int>(*weeks);
  auto working_days = f.integer_or("working_days", 10);
  if (!working_days) return working_days.error();
  if (*working_days <= 0) return f.error("working_days", "working_days must be positive");
  if (m.kind == MeasureKind::complaints_stage1_within && *working_days != 10 && *working_days != 20)
    return f.error("working_days", "complaints Stage 1 is counted within 10 or within 20 working days");
  m.working_days = static_cast<int>(*working_days);
  if (const toml::node* cohorts = t.get("cohorts")) {
    const toml::array* arr = cohorts->as_array();
    if (!arr) return f.error("cohorts", "cohorts must be a list of strings");
    for (const auto& c : *arr) {
      auto s = c.value<std::string>();
      if (!s) return Error::at(position_of(c, file), "cohorts must be a list of strings");
      m.cohorts.push_back(*s);
    }
  }
  if (m.kind == MeasureKind::ehcp_local_target && m.cohorts.empty())
    return f.error("kind", "an ehcp_local_target measure needs its cohorts");
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
    static const std::vector<std::string> known = {"ref", "measure", "kind", "period", "target_percent",
                                                   "configurable", "exceptions", "weeks", "working_days",
                                                   "cohorts", "amber_margin", "minimum_cases", "source"};
    if (std::find(known.begin(), known.end(), std::string(key.str())) == known.end())
      return Error::at(position_of(node, file), "unknown key '" + std::string(key.str()) + "' in [[measure]]");
  }
  return m;
}

Period period_of(PeriodKind kind, Date d) {
  return kind == PeriodKind::academic_year ? academic_year_of(d) : financial_year_of(d);
}

Ratio value_of(const MeasureDefinition& m, const EhcpTimeliness& ehcp, const ComplaintsFigures& complaints,
               Date from, Date to, Date known_by, const CalendarContext& calendars) {
  switch (m.kind) {
    case MeasureKind::ehcp_within_20_weeks: {
      const TimelinessCount c = count_plans(ehcp.plans, from, to);
      return m.include_exceptions ? Ratio{c.within, c.issued} : Ratio{c.within_excluding, c.issued_excluding};
    }
    case MeasureKind::ehcp_local_target: {
      Ratio r;
      for (const auto& p : ehcp.plans) {
        if (p.issued < from || p.issued > to) continue;
        if (std::find(m.cohorts.begin(), m.cohorts.end(), p.cohort) == m.cohorts.end()) continue;
        if (!m.include_exceptions && p.exception) continue;
        ++r.whole;
        auto due = add_duration(p.requested, {m.weeks, Unit::weeks}, Convention::after, calendars);
        if (due && p.issued <= *due) ++r.part;
      }
      return r;
    }
    case MeasureKind::complaints_stage1_within: {
      Ratio r;
      for (const auto& s : complaints.responses) {
        // A response counts once it is known: by the end of the same period last year, for that
        // comparison; by today, for a year already over.
        if (s.received < from || s.received > to || s.responded > known_by) continue;
        ++r.whole;
        if (s.working_days <= m.working_days) ++r.part;
      }
      return r;
    }
  }
  return {};
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

std::vector<PerformanceRow> compute_performance(const MeasureSet& measures, const EhcpTimeliness& ehcp,
                                                const ComplaintsFigures& complaints, Date as_of,
                                                const CalendarContext& calendars) {
  std::vector<PerformanceRow> out;
  for (const auto& m : measures.measures) {
    PerformanceRow row;
    row.measure = m;
    const Period now = period_of(m.period, as_of);
    row.current = {now.first, as_of, label_to(now, as_of)};
    row.last_year = period_of(m.period, add_months(now.first, -12));
    const Date a_year_ago = add_months(as_of, -12);
    row.same_period_last_year = {row.last_year.first, a_year_ago, label_to(row.last_year, a_year_ago)};
    row.current_value = value_of(m, ehcp, complaints, row.current.first, row.current.last, as_of, calendars);
    row.last_year_actual = value_of(m, ehcp, complaints, row.last_year.first, row.last_year.last, as_of, calendars);
    row.same_period_value = value_of(m, ehcp, complaints, row.same_period_last_year.first,
                                     row.same_period_last_year.last, a_year_ago, calendars);

    const auto current = row.current_value.percent();
    const auto before = row.same_period_value.percent();
    if (current && before) {
      const int change = m.polarity == Polarity::increase ? *current - *before : *before - *current;
      row.direction = change > 0 ? Direction::better : change < 0 ? Direction::worse : Direction::same;
    }

    const std::string so_far = std::to_string(row.current_value.part) + " of " + std::to_string(row.current_value.whole);
    if (!current || row.current_value.whole < m.minimum_cases || as_of < add_months(now.first, 3)) {
      row.rag = Rag::amber;
      row.rag_reason = "too early to say: " + so_far + " so far this year";
    } else {
      const int gap = m.polarity == Polarity::increase ? *current - m.target_percent : m.target_percent - *current;
      row.rag = gap >= 0 ? Rag::green : gap >= -m.amber_margin ? Rag::amber : Rag::red;
      row.rag_reason = std::to_string(*current) + "% so far (" + so_far + ") against a target of " +
                       std::to_string(m.target_percent) + "%";
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace timescales::reports
