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

// --- Open cases --------------------------------------------------------------------------------

OpenCasesTally::OpenCasesTally(const WorkflowLibrary& workflows, std::optional<outputs::OpenCasesSection> section)
    : workflows_(workflows), section_(std::move(section)) {
  out_.total.team = "All";
  out_.total.workflow = "All";
}

void OpenCasesTally::add(const CaseAssessment& a) {
  if (!section_ || !section_->feed.has_workflow(a.case_data.workflow) || !is_open(a, workflows_)) return;
  const Case& c = a.case_data;
  // Looked up by view: most cases find their team and workflow already counted.
  const std::string_view team = team_view(c);
  auto by_team = counts_.find(team);
  if (by_team == counts_.end()) by_team = counts_.emplace(std::string(team), decltype(by_team->second){}).first;
  auto by_workflow = by_team->second.find(c.workflow);
  if (by_workflow == by_team->second.end()) {
    OpenCaseCount fresh;
    fresh.team = by_team->first;
    fresh.workflow = c.workflow;
    by_workflow = by_team->second.emplace(c.workflow, std::move(fresh)).first;
  }
  OpenCaseCount& count = by_workflow->second;
  ++count.open;
  ++out_.total.open;
  auto line = concern_for(a);
  if (!line) return;
  if (line->concern == Concern::overdue) {
    ++count.overdue;
    ++out_.total.overdue;
  } else {
    ++count.at_risk;
    ++out_.total.at_risk;
  }
  out_.cases.push_back(std::move(*line));
}

OpenCaseFigures OpenCasesTally::finish() && {
  for (auto& [team, by_workflow] : counts_)
    for (auto& [workflow, count] : by_workflow) out_.by_team_workflow.push_back(std::move(count));
  // Overdue first, then by due date (none last), then case id; the key refers to the id rather
  // than copying it, as the list can be long.
  auto key = [](const OpenCaseLine& l) {
    return std::tuple<bool, Date, const std::string&>(l.concern != Concern::overdue, l.due.value_or(Date::max()),
                                                      l.case_id);
  };
  std::sort(out_.cases.begin(), out_.cases.end(),
            [&](const OpenCaseLine& a, const OpenCaseLine& b) { return key(a) < key(b); });
  return std::move(out_);
}

OpenCaseFigures compute_open_cases(const std::vector<CaseAssessment>& cases, const WorkflowLibrary& workflows,
                                   const std::optional<outputs::OpenCasesSection>& section) {
  OpenCasesTally tally(workflows, section);
  for (const auto& a : cases) tally.add(a);
  return std::move(tally).finish();
}

// --- Complaints --------------------------------------------------------------------------------

ComplaintsTally::ComplaintsTally(std::optional<outputs::ComplaintsSection> section) : section_(std::move(section)) {}

ComplaintsYear& ComplaintsTally::year_for(Date d) {
  Period fy = financial_year_of(d);
  ComplaintsYear& y = years_[fy.first];
  y.year = std::move(fy);
  return y;
}

void ComplaintsTally::add(const CaseAssessment& a) {
  const Case& c = a.case_data;
  if (!section_ || c.workflow != section_->workflow.id) return;
  const Evaluation& e = a.evaluation;
  const TimerResult* stage1 = section_->stage1.in(e);
  if (stage1 && stage1->start) {
    ComplaintsYear& y = year_for(*stage1->start);
    ++y.received;
    if (stage1->extended) ++y.extended;
    // Answered once the clock stopped; the clock's own verdict, which honours its pauses and
    // extension, says whether in time. A clock cancelled (the complainant went straight to Stage
    // 2, or withdrew) was never answered at Stage 1.
    if (stage1->stopped) {
      const bool met = stage1->status == TimerStatus::met;
      ++y.responded;
      if (met && !stage1->extended) ++y.within_10;
      if (met) ++y.within_20;
      else ++y.over_20;
      out_.responses.push_back({c.id, team_of(c), *stage1->start, *stage1->stopped, met, stage1->extended});
    }
  } else if (!c.events.empty()) {
    out_.notes.push_back(c.id + ": no " + section_->stage1.start_event + " date; not counted");
  }
  if (const TimerResult* s2 = section_->stage2.in(e); s2 && s2->start) count_stage(year_for(*s2->start).stage2, s2);
  if (const TimerResult* s3 = section_->stage3.in(e); s3 && s3->start) count_stage(year_for(*s3->start).stage3, s3);
}

ComplaintsFigures ComplaintsTally::finish() && {
  for (auto it = years_.rbegin(); it != years_.rend(); ++it) out_.years.push_back(std::move(it->second));
  std::sort(out_.responses.begin(), out_.responses.end(), [](const Stage1Response& a, const Stage1Response& b) {
    return std::tie(a.received, a.case_id) < std::tie(b.received, b.case_id);
  });
  return std::move(out_);
}

ComplaintsFigures compute_complaints(const std::vector<CaseAssessment>& cases,
                                     const std::optional<outputs::ComplaintsSection>& section) {
  ComplaintsTally tally(section);
  for (const auto& a : cases) tally.add(a);
  return std::move(tally).finish();
}

// --- Admissions cycle --------------------------------------------------------------------------

AdmissionsCycleTally::AdmissionsCycleTally(std::optional<outputs::AdmissionsCycleSection> section)
    : section_(std::move(section)) {}

void AdmissionsCycleTally::add(const CaseAssessment& a) {
  if (!section_ || !section_->feed.has_workflow(a.case_data.workflow)) return;
  const std::string year = attribute_or(a.case_data, section_->year_attribute);
  for (const auto& t : a.evaluation.timers)
    if (section_->feed.has_timer(t.id)) steps_.push_back({a.case_data.id, year, t.id, t.due, t.stopped, t.status});
}

std::vector<AdmissionsStep> AdmissionsCycleTally::finish() && {
  // Newest intake first; a stable sort keeps each case's timers in the workflow's order.
  std::stable_sort(steps_.begin(), steps_.end(), [](const AdmissionsStep& a, const AdmissionsStep& b) {
    return std::tie(b.admission_year, b.case_id) < std::tie(a.admission_year, a.case_id);
  });
  return std::move(steps_);
}

std::vector<AdmissionsStep> compute_admissions_cycle(const std::vector<CaseAssessment>& cases,
                                                     const std::optional<outputs::AdmissionsCycleSection>& section) {
  AdmissionsCycleTally tally(section);
  for (const auto& a : cases) tally.add(a);
  return std::move(tally).finish();
}

// --- Reasons recorded for delays ---------------------------------------------------------------

DelayReasonsTally::DelayReasonsTally(Date as_of, const outputs::OutputDeclarations& declared)
    : as_of_(as_of), complaints_(declared.complaints), late_plans_(declared.plans ? declared.plans->late_label : "") {}

void DelayReasonsTally::count(const std::string& process, const Period& year, const std::string& reason) {
  const std::string r = reason.empty() ? "(no reason recorded)" : reason;
  DelayReasonCount& c = counts_[{process, year.first, r}];
  if (c.count == 0) {
    c.process = process;
    c.year = year.label;
    c.reason = r;
  }
  ++c.count;
}

void DelayReasonsTally::add(const CaseAssessment& a) {
  const Case& c = a.case_data;
  if (!complaints_ || c.workflow != complaints_->workflow.id) return;
  const std::string& extended = complaints_->extension.id;
  auto extension = [&](const CaseEvent& e) { return e.type == extended && e.date <= as_of_; };
  // Most complaints are never extended: their clock is not needed.
  if (std::none_of(c.events.begin(), c.events.end(), extension)) return;
  const TimerResult* stage1 = complaints_->stage1.in(a.evaluation);
  if (!stage1 || !stage1->start) return;
  const Period year = financial_year_of(*stage1->start);
  for (const auto& e : c.events)
    if (extension(e)) count(complaints_->extension_label, year, e.reason);
}

void DelayReasonsTally::add_plans(const std::vector<IssuedPlan>& plans) {
  for (const auto& p : plans)
    if (!p.within_20_weeks) count(late_plans_, academic_year_of(p.issued), p.delay_reason);
}

std::vector<DelayReasonCount> DelayReasonsTally::finish() && {
  std::vector<std::pair<Date, DelayReasonCount>> rows;
  rows.reserve(counts_.size());
  for (auto& [key, count] : counts_) rows.push_back({std::get<1>(key), std::move(count)});
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second.process, b.first, b.second.count, a.second.reason) <
           std::tie(b.second.process, a.first, a.second.count, b.second.reason);
  });
  std::vector<DelayReasonCount> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back(std::move(r.second));
  return out;
}

std::vector<DelayReasonCount> compute_delay_reasons(const std::vector<IssuedPlan>& plans,
                                                    const std::vector<CaseAssessment>& cases, Date as_of,
                                                    const outputs::OutputDeclarations& declared) {
  DelayReasonsTally tally(as_of, declared);
  tally.add_plans(plans);
  for (const auto& a : cases) tally.add(a);
  return std::move(tally).finish();
}

}  // namespace timescales::reports
