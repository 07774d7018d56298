#include "adapters/reports/report_tables.hpp"

namespace timescales::reports {
namespace {

std::string n(int v) { return std::to_string(v); }
std::string date(const std::optional<Date>& d) { return d ? to_iso(*d) : ""; }
std::string opt(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }

std::string ratio_text(const Ratio& r) {
  if (r.whole == 0) return "– (none)";
  return percent_text(r.percent()) + " (" + n(r.part) + " of " + n(r.whole) + ")";
}

// Open clocks as the team says them: "due" before the date, "overdue" after.
std::string open_status(TimerStatus s) { return s == TimerStatus::overdue ? "overdue" : "due"; }

Table timeliness_table(std::string file, std::string title, std::string first_column,
                       const std::vector<TimelinessCount>& counts) {
  Table t{std::move(file), std::move(title),
          "Final EHC plans issued in the period; within 20 weeks = the final plan's clock met: issued on or before "
          "its due date, the request date + 20 weeks. "
          "Exception cases are those where a statutory exception applied (SEN2 counts both ways).",
          {{std::move(first_column)}, {"Plans issued", ColumnKind::number}, {"Within 20 weeks", ColumnKind::number},
           {"% within 20 weeks (including exceptions)", ColumnKind::number},
           {"Plans issued excluding exceptions", ColumnKind::number},
           {"Within 20 weeks excluding exceptions", ColumnKind::number},
           {"% within 20 weeks (excluding exceptions)", ColumnKind::number}},
          {}};
  for (const auto& c : counts)
    t.rows.push_back({c.label, n(c.issued), n(c.within), percent_text(c.percent_including()), n(c.issued_excluding),
                      n(c.within_excluding), percent_text(c.percent_excluding())});
  return t;
}

}  // namespace

Table performance_table(const ReportFigures& f) {
  Table t{"performance", "Quarterly performance",
          "Direction of travel compares the current figure with the same period last year; RAG is a forecast: "
          "Green = target on course to be achieved, Amber = uncertain or too early to say, Red = will not be "
          "achieved without intervention.",
          {{"Ref"}, {"Measure"}, {"Last year's actual"}, {"Target", ColumnKind::number}, {"Current"},
           {"Same period last year"}, {"Direction of travel", ColumnKind::direction},
           {"Quarterly progress (RAG)", ColumnKind::rag}, {"RAG basis"}, {"Source"}},
          {}};
  for (const auto& r : f.performance) {
    t.rows.push_back({r.measure.ref, r.measure.wording, ratio_text(r.last_year_actual) + " in " + r.last_year.label,
                      n(r.measure.target_percent) + "%" + (r.measure.configurable ? " (configurable)" : ""),
                      r.current.label + ": " + ratio_text(r.current_value), ratio_text(r.same_period_value),
                      std::string(direction_name(r.direction)), std::string(rag_name(r.rag)), r.rag_reason,
                      r.measure.source});
  }
  return t;
}

Table open_cases_by_team_table(const ReportFigures& f) {
  Table t{"open-cases-by-team", "Open cases overdue and at risk, by team and workflow",
          "Overdue: a clock past its due date (or a rule's overdue alert). At risk: a rule's at-risk alert and "
          "nothing overdue. Each case counted once, under the worse.",
          {{"Team"}, {"Workflow"}, {"Open", ColumnKind::number}, {"At risk", ColumnKind::number},
           {"Overdue", ColumnKind::number}},
          {}};
  for (const auto& c : f.open_cases.by_team_workflow)
    t.rows.push_back({c.team, c.workflow, n(c.open), n(c.at_risk), n(c.overdue)});
  const auto& all = f.open_cases.total;
  t.rows.push_back({all.team, all.workflow, n(all.open), n(all.at_risk), n(all.overdue)});
  return t;
}

Table open_cases_list_table(const ReportFigures& f) {
  Table t{"open-cases-overdue-at-risk", "Cases overdue or at risk",
          "Overdue first, then at risk; earliest due first. 'Left' counts in the clock's own unit.",
          {{"Case"}, {"Team"}, {"Workflow"}, {"Stage"}, {"Concern", ColumnKind::status}, {"Clock"}, {"Due"},
           {"Left", ColumnKind::number}, {"Rule"}},
          {}};
  for (const auto& c : f.open_cases.cases)
    t.rows.push_back({c.case_id, c.team, c.workflow, c.state, std::string(concern_name(c.concern)), c.timer, date(c.due),
                      c.left, c.rule});
  return t;
}

Table complaints_stage1_table(const ReportFigures& f) {
  Table t{"complaints-stage1", "How quickly do we respond to complaints (Stage 1)",
          "By financial year of receipt. From the Stage 1 clock, not recounted: 'within 10 days' = the clock met "
          "without an extension (10 working days); 'within 20 days' = the clock met, extended or not (an "
          "extension allows up to 20 working days); 'over 20 days' = the clock missed. Pauses while an advocate "
          "is found are honoured, as the clock honours them. 'Within 20 days' includes the 10; within 20 + "
          "over 20 = 100%.",
          {{"Year"}, {"% within 10 days", ColumnKind::number}, {"% within 20 days", ColumnKind::number},
           {"% over 20 days", ColumnKind::number}, {"Received", ColumnKind::number}, {"Responses", ColumnKind::number},
           {"Within 10 days", ColumnKind::number}, {"Within 20 days", ColumnKind::number},
           {"Over 20 days", ColumnKind::number}, {"Extended", ColumnKind::number}},
          {}};
  for (const auto& y : f.complaints.years)
    t.rows.push_back({y.year.label, percent_text(y.percent_within_10()), percent_text(y.percent_within_20()),
                      percent_text(y.percent_over_20()), n(y.received), n(y.responded), n(y.within_10),
                      n(y.within_20), n(y.over_20), n(y.extended)});
  return t;
}

Table complaints_stage2_3_table(const ReportFigures& f) {
  Table t{"complaints-stage2-3", "Stage 2 investigations and Stage 3 review panels",
          "By financial year of the request. In timescale: Stage 2 response within 25 working days (65 if "
          "extended); Stage 3 panel within 30 working days.",
          {{"Year"}, {"Stage 2 requested", ColumnKind::number}, {"Stage 2 in timescale", ColumnKind::number},
           {"Stage 2 outside timescale", ColumnKind::number}, {"Stage 2 in progress", ColumnKind::number},
           {"Stage 2 withdrawn", ColumnKind::number}, {"Stage 3 requested", ColumnKind::number},
           {"Stage 3 in timescale", ColumnKind::number}, {"Stage 3 outside timescale", ColumnKind::number},
           {"Stage 3 in progress", ColumnKind::number}, {"Stage 3 withdrawn", ColumnKind::number}},
          {}};
  for (const auto& y : f.complaints.years)
    t.rows.push_back({y.year.label, n(y.stage2.requested), n(y.stage2.in_time), n(y.stage2.late), n(y.stage2.in_progress),
                      n(y.stage2.withdrawn), n(y.stage3.requested), n(y.stage3.in_time), n(y.stage3.late),
                      n(y.stage3.in_progress), n(y.stage3.withdrawn)});
  return t;
}

Table ehcp_by_calendar_year_table(const ReportFigures& f) {
  return timeliness_table("ehcp-timeliness-calendar-year", "EHC plans issued within 20 weeks, by calendar year",
                          "Year", f.ehcp.by_calendar_year);
}

Table ehcp_by_quarter_table(const ReportFigures& f) {
  return timeliness_table("ehcp-timeliness-quarter", "EHC plans issued within 20 weeks, by quarter", "Quarter",
                          f.ehcp.by_quarter);
}

Table ehcp_by_month_table(const ReportFigures& f) {
  return timeliness_table("ehcp-timeliness-month", "EHC plans issued within 20 weeks, by month (last 24 months)",
                          "Month", f.ehcp.by_month);
}

Table ehcp_academic_year_table(const ReportFigures& f) {
  Table t = timeliness_table("ehcp-timeliness-academic-year",
                             "EHC plans within 20 weeks: academic year cumulative to end of quarter (PED04 01)",
                             "Academic year to", f.ehcp.academic_year_to_quarter_end);
  return t;
}

Table ehcp_local_target_table(const ReportFigures& f) {
  Table t{"ehcp-local-target",
          "Local target: " + f.ehcp.local.cohort + " within " + f.ehcp.local.limit,
          "By academic year of issue; every plan for the cohort, whatever exceptions applied.",
          {{"Academic year"}, {"Plans issued (cohort)", ColumnKind::number},
           {"Within " + f.ehcp.local.limit, ColumnKind::number},
           {"% within " + f.ehcp.local.limit, ColumnKind::number}},
          {}};
  for (const auto& c : f.ehcp.local_target_by_academic_year)
    t.rows.push_back({c.label, n(c.issued), n(c.within), percent_text(c.percent())});
  return t;
}

Table delay_reasons_table(const ReportFigures& f) {
  Table t{"delay-reasons", "Reasons recorded for delays",
          "EHC plans: the reason recorded when a final plan was issued after 20 weeks (academic year of issue). "
          "Complaints: the reason given for extending Stage 1 (financial year of receipt).",
          {{"Process"}, {"Year"}, {"Reason"}, {"Cases", ColumnKind::number}},
          {}};
  for (const auto& r : f.delay_reasons) t.rows.push_back({r.process, r.year, r.reason, n(r.count)});
  return t;
}

Table admissions_cycle_table(const ReportFigures& f) {
  Table t{"admissions-cycle", "Admission arrangements: the yearly cycle",
          "Each step's statutory date, the date it was done, and whether it was met (School Admissions Code 2021).",
          {{"Case"}, {"Admission year"}, {"Step"}, {"Due"}, {"Done"}, {"Status", ColumnKind::status}},
          {}};
  for (const auto& s : f.admissions)
    t.rows.push_back({s.case_id, s.admission_year, s.timer, date(s.due), date(s.done), std::string(timer_status_name(s.status))});
  return t;
}

Table tracking_assessments_table(const ReportFigures& f) {
  Table t{"ehcp-tracking-assessments", "Open EHC needs assessments",
          "Week n = whole weeks since the request + 1. Days are calendar days, negative once past. The local "
          "target applies to children in care or on a child protection plan.",
          {{"Case"}, {"Team"}, {"Cohort"}, {"Stage"}, {"Requested"}, {"Week", ColumnKind::number},
           {"Next milestone"}, {"Milestone due"}, {"Advice outstanding", ColumnKind::number}, {"Exception"},
           {"Final plan due (20 weeks)"}, {"Days to final deadline", ColumnKind::number}, {"Local target due"},
           {"Days to local target", ColumnKind::number}},
          {}};
  for (const auto& a : f.tracking.assessments)
    t.rows.push_back({a.case_id, a.team, a.cohort, a.state, to_iso(a.requested), n(a.week), a.next_milestone,
                      date(a.next_milestone_due), n(a.advice_outstanding),
                      a.exception.empty() ? "" : a.exception + (a.exception_open ? " (open)" : " (ended)"),
                      date(a.final_due), opt(a.days_to_final), a.local_target ? date(a.local_due) : "",
                      a.local_target ? opt(a.days_to_local) : ""});
  return t;
}

Table tracking_weeks_table(const ReportFigures& f) {
  Table t{"ehcp-tracking-by-week", "Open assessments by week of the 20", "",
          {{"Week"}, {"Open assessments", ColumnKind::number}}, {}};
  for (size_t i = 0; i < f.tracking.by_week.size(); ++i)
    t.rows.push_back({i < 20 ? n(static_cast<int>(i) + 1) : "past 20", n(f.tracking.by_week[i])});
  return t;
}

Table tracking_annual_reviews_table(const ReportFigures& f) {
  Table t{"ehcp-tracking-annual-reviews", "Annual reviews overdue or due soon",
          "Review due in the period of 12 months starting with the day the plan was made or last reviewed (CFA 2014 s.44(1)).",
          {{"Case"}, {"Team"}, {"Plan or last review"}, {"Review due"}, {"Status", ColumnKind::status},
           {"Days left", ColumnKind::number}},
          {}};
  for (const auto& r : f.tracking.annual_reviews)
    t.rows.push_back({r.case_id, r.team, date(r.since), to_iso(r.due), open_status(r.status), n(r.days_left)});
  return t;
}

Table tracking_phase_transfers_table(const ReportFigures& f) {
  Table t{"ehcp-tracking-phase-transfers", "Phase transfers",
          "The plan must be reviewed and amended to name the next school before 15 February (before 31 March into "
          "post-16) of the transfer year (reg 18(1)): the last days are 14 February and 30 March.",
          {{"Case"}, {"Team"}, {"Transfer year"}, {"Transfer"}, {"Deadline"}, {"Status", ColumnKind::status},
           {"Days left", ColumnKind::number}},
          {}};
  for (const auto& p : f.tracking.phase_transfers)
    t.rows.push_back({p.case_id, p.team, p.transfer_year, p.transfer, to_iso(p.due), open_status(p.status), n(p.days_left)});
  return t;
}

std::vector<Table> compliance_tables(const ReportFigures& f) {
  return {performance_table(f),        open_cases_by_team_table(f),    open_cases_list_table(f),
          complaints_stage1_table(f),  complaints_stage2_3_table(f),   ehcp_academic_year_table(f),
          ehcp_by_calendar_year_table(f), ehcp_by_quarter_table(f),    ehcp_by_month_table(f),
          ehcp_local_target_table(f),  delay_reasons_table(f),         admissions_cycle_table(f)};
}

std::vector<Table> tracking_tables(const ReportFigures& f) {
  return {tracking_assessments_table(f), tracking_weeks_table(f), tracking_annual_reviews_table(f),
          tracking_phase_transfers_table(f)};
}

}  // namespace timescales::reports
