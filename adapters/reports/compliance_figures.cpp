#include "adapters/reports/compliance_figures.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "adapters/reports/case_facts.hpp"

namespace timescales::reports {
namespace {

std::string left_text(const TimerResult& t) {
  if (!t.remaining) return {};
  const int n = *t.remaining;
  std::string unit(unit_name(t.unit));
  if (n == 1 || n == -1) unit.pop_back();  // "1 working day"
  return std::to_string(n) + " " + unit;
}

OpenCaseLine line_for(const CaseAssessment& a, Concern concern, const TimerResult* t, const std::string& rule) {
  OpenCaseLine line;
  line.case_id = a.case_data.id;
  line.team = team_of(a.case_data);
  line.workflow = a.case_data.workflow;
  line.state = a.evaluation.state;
  line.concern = concern;
  line.rule = rule;
  if (t) {
    line.timer = t->id;
    line.due = t->due;
    line.left = left_text(*t);
  }
  return line;
}

// The case's worst concern, with the clock it is about; none when it is on track.
std::optional<OpenCaseLine> concern_for(const CaseAssessment& a) {
  const Evaluation& e = a.evaluation;
  const TimerResult* overdue = nullptr;
  for (const auto& t : e.timers)
    if (t.status == TimerStatus::overdue && (!overdue || (t.due && overdue->due && *t.due < *overdue->due)))
      overdue = &t;
  if (overdue) return line_for(a, Concern::overdue, overdue, {});
  for (const auto& f : a.flags)
    if (f.severity == rules::Severity::overdue) return line_for(a, Concern::overdue, find_timer(e, f.timer), f.rule);
  for (const auto& f : a.flags)
    if (f.severity == rules::Severity::at_risk) return line_for(a, Concern::at_risk, find_timer(e, f.timer), f.rule);
  return std::nullopt;
}

void count_stage(StageCount& s, const TimerResult* t) {
  ++s.requested;
  if (!t) {
    ++s.in_progress;
    return;
  }
  switch (t->status) {
    case TimerStatus::met: ++s.in_time; break;
    case TimerStatus::missed:
    case TimerStatus::overdue: ++s.late; break;
    case TimerStatus::cancelled: ++s.withdrawn; break;
    // exempt does not arise for complaints; if a council adds an exception it is not late.
    case TimerStatus::exempt:
    case TimerStatus::pending:
    case TimerStatus::running:
    case TimerStatus::paused: ++s.in_progress; break;
  }
}

}  // namespace

std::string_view concern_name(Concern c) { return c == Concern::overdue ? "overdue" : "at risk"; }

OpenCaseFigures compute_open_cases(const std::vector<CaseAssessment>& cases, const WorkflowLibrary& workflows) {
  OpenCaseFigures out;
  out.total.team = "All";
  out.total.workflow = "All";
  std::map<std::pair<std::string, std::string>, OpenCaseCount> counts;
  for (const auto& a : cases) {
    if (!is_open(a, workflows)) continue;
    OpenCaseCount& count = counts[{team_of(a.case_data), a.case_data.workflow}];
    count.team = team_of(a.case_data);
    count.workflow = a.case_data.workflow;
    ++count.open;
    ++out.total.open;
    auto line = concern_for(a);
    if (!line) continue;
    if (line->concern == Concern::overdue) {
      ++count.overdue;
      ++out.total.overdue;
    } else {
      ++count.at_risk;
      ++out.total.at_risk;
    }
    out.cases.push_back(std::move(*line));
  }
  for (auto& [key, count] : counts) out.by_team_workflow.push_back(count);
  std::sort(out.cases.begin(), out.cases.end(), [](const OpenCaseLine& a, const OpenCaseLine& b) {
    const Date far = Date::max();
    return std::tuple(a.concern != Concern::overdue, a.due.value_or(far), a.case_id) <
           std::tuple(b.concern != Concern::overdue, b.due.value_or(far), b.case_id);
  });
  return out;
}

ComplaintsFigures compute_complaints(const std::vector<CaseAssessment>& cases, Date as_of,
                                     const CalendarContext& calendars) {
  ComplaintsFigures out;
  std::map<Date, ComplaintsYear> years;  // by first day
  auto year_for = [&](Date d) -> ComplaintsYear& {
    const Period fy = financial_year_of(d);
    ComplaintsYear& y = years[fy.first];
    y.year = fy;
    return y;
  };
  for (const auto& a : cases) {
    const Case& c = a.case_data;
    if (c.workflow != kComplaints) continue;
    const CaseEvent* received = first_event(c, "received", as_of);
    if (received) {
      ComplaintsYear& y = year_for(received->date);
      ++y.received;
      if (first_event(c, "stage1_extended", as_of)) ++y.extended;
      if (const CaseEvent* responded = first_event(c, "stage1_responded", as_of)) {
        auto days = count_units(received->date, responded->date, Unit::working_days, Convention::after, calendars);
        if (!days) {
          out.notes.push_back(c.id + ": " + days.error().message);
        } else {
          ++y.responded;
          if (*days <= 10) ++y.within_10;
          if (*days <= 20) ++y.within_20; else ++y.over_20;
          out.responses.push_back({c.id, team_of(c), received->date, responded->date, *days});
        }
      }
    } else if (!c.events.empty()) {
      out.notes.push_back(c.id + ": no received date; not counted");
    }
    if (const CaseEvent* s2 = first_event(c, "stage2_requested", as_of))
      count_stage(year_for(s2->date).stage2, find_timer(a.evaluation, "stage2_response"));
    if (const CaseEvent* s3 = first_event(c, "stage3_requested", as_of))
      count_stage(year_for(s3->date).stage3, find_timer(a.evaluation, "stage3_panel"));
  }
  for (auto it = years.rbegin(); it != years.rend(); ++it) out.years.push_back(it->second);
  std::sort(out.responses.begin(), out.responses.end(), [](const Stage1Response& a, const Stage1Response& b) {
    return std::tie(a.received, a.case_id) < std::tie(b.received, b.case_id);
  });
  return out;
}

std::vector<AdmissionsStep> compute_admissions_cycle(const std::vector<CaseAssessment>& cases) {
  std::vector<AdmissionsStep> out;
  for (const auto& a : cases) {
    if (a.case_data.workflow != kAdmissions) continue;
    for (const auto& t : a.evaluation.timers)
      out.push_back({a.case_data.id, attribute_or(a.case_data, "admission_year"), t.id, t.due, t.stopped, t.status});
  }
  // Newest intake first; a stable sort keeps each case's timers in the workflow's order.
  std::stable_sort(out.begin(), out.end(), [](const AdmissionsStep& a, const AdmissionsStep& b) {
    return std::tie(b.admission_year, b.case_id) < std::tie(a.admission_year, a.case_id);
  });
  return out;
}

std::vector<DelayReasonCount> compute_delay_reasons(const std::vector<IssuedPlan>& plans,
                                                    const std::vector<CaseAssessment>& cases, Date as_of) {
  const std::string no_reason = "(no reason recorded)";
  // (process, year first day, reason) -> count; the year label is kept beside.
  std::map<std::tuple<std::string, Date, std::string>, DelayReasonCount> counts;
  auto add = [&](const std::string& process, const Period& year, const std::string& reason) {
    const std::string r = reason.empty() ? no_reason : reason;
    DelayReasonCount& c = counts[{process, year.first, r}];
    c.process = process;
    c.year = year.label;
    c.reason = r;
    ++c.count;
  };
  for (const auto& p : plans)
    if (!p.within_20_weeks) add("EHC plan issued after 20 weeks", academic_year_of(p.issued), p.delay_reason);
  for (const auto& a : cases) {
    const Case& c = a.case_data;
    if (c.workflow != kComplaints) continue;
    const CaseEvent* received = first_event(c, "received", as_of);
    if (!received) continue;
    for (const auto& e : c.events)
      if (e.type == "stage1_extended" && e.date <= as_of)
        add("Complaint Stage 1 extended", financial_year_of(received->date), e.reason);
  }
  std::vector<std::pair<Date, DelayReasonCount>> rows;
  for (auto& [key, count] : counts) rows.push_back({std::get<1>(key), count});
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tuple(a.second.process, b.first, b.second.count, a.second.reason) <
           std::tuple(b.second.process, a.first, a.second.count, b.second.reason);
  });
  std::vector<DelayReasonCount> out;
  for (auto& r : rows) out.push_back(std::move(r.second));
  return out;
}

}  // namespace timescales::reports
