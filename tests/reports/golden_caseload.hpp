// A small caseload whose report figures are worked out by hand (see golden_figures_test.cpp), run
// through the real path: the shipped workflows and rules, the England and Wales calendar, and
// assess_case. As of Friday 28 June 2019.
//
// Bank holidays that matter: Good Friday 30 Mar 2018, Spring 28 May 2018, Summer 27 Aug 2018,
// 25-26 Dec 2018, 1 Jan 2019, Good Friday 19 Apr 2019, Easter Monday 22 Apr 2019, Spring 27 May 2019.
#pragma once

#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "adapters/files/calendar_files.hpp"
#include "adapters/files/output_files.hpp"
#include "adapters/files/rule_files.hpp"
#include "adapters/files/workflow_files.hpp"
#include "engine/rules/case_assessment.hpp"

namespace timescales::golden {

inline Date d(const char* iso) { return *parse_iso_date(iso); }
inline const Date kAsOf = d("2019-06-28");

struct Ev {
  const char* type;
  const char* date;
  const char* reason = "";
};

inline Case make(std::string id, std::string workflow, std::map<std::string, std::string> attributes,
                 std::vector<Ev> events) {
  Case c;
  c.id = std::move(id);
  c.workflow = std::move(workflow);
  c.attributes = std::move(attributes);
  int seq = 0;
  for (const auto& e : events) c.events.push_back({e.type, d(e.date), e.reason, seq++});
  return c;
}

struct Engine {
  WorkflowLibrary workflows;
  rules::RuleSet rules;
  std::shared_ptr<const DivisionCalendar> division;
  DeclaredOutputs declared;  // the shipped rules/outputs.toml and rules/measures.toml
  CalendarContext calendars() const { return {division.get(), nullptr}; }
};

inline const Engine& engine() {
  static const Engine e = [] {
    Engine out;
    WorkflowFilesLoad load = WorkflowFiles{TIMESCALES_SOURCE_DIR}.load();
    for (const auto& err : load.errors) FAIL(err.to_string());
    out.workflows = std::move(load.library);
    RuleFilesLoad rules = load_rule_files(TIMESCALES_SOURCE_DIR, out.workflows);
    for (const auto& err : rules.errors) FAIL(err.to_string());
    out.rules = std::move(rules.rules);
    static CalendarFiles files{TIMESCALES_SOURCE_DIR};
    auto division = files.division("england-and-wales");
    if (!division) FAIL(division.error().to_string());
    out.division = *division;
    auto declared = load_declared_outputs(TIMESCALES_SOURCE_DIR, out.workflows, out.rules);
    if (!declared) FAIL(declared.error().to_string());
    out.declared = std::move(*declared);
    return out;
  }();
  return e;
}

inline std::vector<Case> golden_cases() {
  std::vector<Case> cases;
  const std::map<std::string, std::string> widnes = {{"team", "CIN Widnes"}, {"child_name", "Alice Example"}};
  const std::map<std::string, std::string> runcorn = {{"team", "CIN Runcorn"}, {"complainant", "Bob Example"}};
  int n = 0;
  auto complaint = [&](const std::map<std::string, std::string>& team, std::vector<Ev> events) {
    char id[32];
    std::snprintf(id, sizeof id, "CMP-%03d", ++n);
    cases.push_back(make(id, "complaints-statutory", team, std::move(events)));
  };
  // FY 2018-19: 44 Stage 1 responses. Received Mon 4 Jun 2018 (no bank holiday until 27 Aug):
  //   Mon 11 Jun = 5 working days; Mon 2 Jul = 20; Tue 3 Jul = 21.
  for (int i = 0; i < 9; ++i)  // 9 within 10
    complaint(widnes, {{"received", "2018-06-04"}, {"stage1_responded", "2018-06-11"}, {"closed", "2018-06-11"}});
  // Thu 20 Dec 2018: 21 Dec=1, 24=2, (25, 26), 27=3, 28=4, 31=5, (1 Jan), 2=6, 3=7, 4=8, 7=9, 8 Jan=10, 9 Jan=11.
  complaint(runcorn, {{"received", "2018-12-20"}, {"stage1_responded", "2019-01-08"}, {"closed", "2019-01-08"}});  // 10
  for (int i = 0; i < 18; ++i)  // 18 in 11-20 (20 exactly)
    complaint(widnes, {{"received", "2018-06-04"}, {"stage1_responded", "2018-07-02"}, {"closed", "2018-07-02"}});
  complaint(runcorn, {{"received", "2018-12-20"}, {"stage1_responded", "2019-01-09"}, {"closed", "2019-01-09"}});  // 11
  // 14 over 20 (21 working days): 9 plain, 4 extended (one going on to Stage 2), and one more
  // going on to Stage 2 and 3 below.
  for (int i = 0; i < 9; ++i)
    complaint(runcorn, {{"received", "2018-06-04"}, {"stage1_responded", "2018-07-03"}, {"closed", "2018-07-03"}});
  for (const char* reason : {"complex", "complex", "awaiting information"})
    complaint(runcorn, {{"received", "2018-06-04"}, {"stage1_extended", "2018-06-14", reason},
                        {"stage1_responded", "2018-07-03"}, {"closed", "2018-07-03"}});
  complaint(runcorn, {{"received", "2018-06-04"}, {"stage1_extended", "2018-06-14", "complex"},
                      {"stage1_responded", "2018-07-03"}, {"stage2_requested", "2018-07-09"},
                      // 25 working days from Mon 9 Jul 2018 end Mon 13 Aug: in timescale.
                      {"stage2_responded", "2018-08-13"}, {"closed", "2018-08-20"}});
  // Fri 29 Mar 2019 to Wed 1 May: Apr 1-5 = 1-5, 8-12 = 6-10, 15-18 = 11-14, (19, 22 Easter),
  // 23-26 = 15-18, 29 = 19, 30 = 20, 1 May = 21: over 20.
  complaint(widnes, {{"received", "2019-03-29"}, {"stage1_responded", "2019-05-01"}, {"closed", "2019-05-01"}});
  complaint(runcorn, {{"received", "2018-06-04"}, {"stage1_responded", "2018-07-03"}, {"stage2_requested", "2018-07-09"},
                      {"stage2_responded", "2018-08-14"},  // 26 working days: outside
                      // 30 working days from Mon 20 Aug 2018 (27 Aug a bank holiday) end Tue 2 Oct.
                      {"stage3_requested", "2018-08-20"}, {"panel_held", "2018-10-03"},
                      {"panel_reported", "2018-10-10"}, {"panel_response_sent", "2018-10-19"},
                      {"closed", "2018-10-22"}});
  // Received 11 Mar 2019, never answered: due Mon 25 Mar, overdue (FY 2018-19: received, not responded).
  complaint(runcorn, {{"received", "2019-03-11"}, {"acknowledged", "2019-03-12"}});
  // FY 2019-20: Tue 23 Apr -> Tue 30 Apr = 5; Mon 3 Jun -> Mon 17 Jun = 10.
  complaint(widnes, {{"received", "2019-04-23"}, {"stage1_responded", "2019-04-30"}, {"closed", "2019-04-30"}});
  complaint(widnes, {{"received", "2019-06-03"}, {"stage1_responded", "2019-06-17"}, {"closed", "2019-06-17"}});
  // Tue 18 Jun 2019: due Tue 2 Jul; on Fri 28 Jun 2 working days remain: at risk (rule: <= 3).
  complaint(widnes, {{"received", "2019-06-18"}, {"acknowledged", "2019-06-19"}});

  // EHC needs assessments. 20 weeks = 140 days; plans P1-P10 issued, A1-A4 open.
  const std::map<std::string, std::string> none = {{"team", "SEND Assessment"}, {"cohort", "none"}};
  const std::map<std::string, std::string> cic = {{"team", "SEND Assessment"}, {"cohort", "child_in_care"}, {"child_name", "Carol Example"}};
  const std::map<std::string, std::string> cpp = {{"team", "SEND Assessment"}, {"cohort", "child_protection_plan"}};
  auto plan = [&](const char* id, const std::map<std::string, std::string>& attrs, const char* request,
                  const char* draft, const char* final, const char* reason = "", std::vector<Ev> extra = {}) {
    std::vector<Ev> events = {{"request_received", request}};
    for (const auto& e : extra) events.push_back(e);
    events.push_back({"decision_to_assess", request});  // same day: keeps the 6-week clock out of the way
    events.push_back({"draft_plan_issued", draft});
    events.push_back({"final_plan_issued", final, reason});
    cases.push_back(make(id, "ehcp-needs-assessment", attrs, events));
  };
  // AY 2017/18.
  plan("EHC-P1", none, "2017-10-02", "2018-01-22", "2018-02-16");  // due Mon 19 Feb 2018: within
  plan("EHC-P2", none, "2017-10-02", "2018-01-22", "2018-02-20", "finding suitable provision");  // late
  plan("EHC-P3", none, "2018-01-08", "2018-05-01", "2018-05-28");  // due Mon 28 May (bank holiday): within
  plan("EHC-P4", none, "2018-03-05", "2018-06-25", "2018-08-06", "finding suitable provision",  // due 23 Jul: late,
       {{"exception_started", "2018-07-16", "school_closure"}, {"exception_ended", "2018-09-03"}});  // exception
  // AY 2018/19.
  plan("EHC-P5", none, "2018-05-07", "2018-09-03", "2018-09-24");  // due Mon 24 Sep 2018: within
  plan("EHC-P6", cic, "2018-06-04", "2018-10-15", "2018-11-12", "discussions with parents about the draft plan");  // due 22 Oct: late; 16 wk 24 Sep
  plan("EHC-P7", cpp, "2018-09-03", "2018-11-26", "2018-12-14");  // due 21 Jan 2019; 16 weeks 24 Dec: within both
  plan("EHC-P8", cic, "2019-01-07", "2019-04-29", "2019-05-24");  // due 27 May 2019: within; 16 weeks 29 Apr: not
  plan("EHC-P9", none, "2018-11-05", "2019-03-11", "2019-04-08", "",  // due 25 Mar 2019: late, exception
       {{"exception_started", "2019-03-04", "exceptional_personal_circumstances"}, {"exception_ended", "2019-04-01"}});
  plan("EHC-P10", none, "2018-11-05", "2019-02-25", "2019-03-18", "",  // due 25 Mar: within, exception
       {{"exception_started", "2018-12-10", "school_closure"}, {"exception_ended", "2019-01-07"}});
  cases.push_back(make("EHC-N1", "ehcp-needs-assessment", none,
                       {{"request_received", "2019-01-07"}, {"decision_not_to_assess", "2019-02-11"}}));
  // Open on 28 Jun 2019.
  cases.push_back(make("EHC-A1", "ehcp-needs-assessment", cic,
                       {{"request_received", "2019-04-01"}, {"decision_to_assess", "2019-05-06"},
                        {"advice_requested", "2019-05-07"}, {"advice_requested", "2019-05-07"},
                        {"advice_requested", "2019-05-07"}, {"advice_received", "2019-06-03"}}));
  cases.push_back(make("EHC-A2", "ehcp-needs-assessment", none,
                       {{"request_received", "2019-01-28"}, {"decision_to_assess", "2019-03-08"},
                        {"draft_plan_issued", "2019-06-10"}}));
  cases.push_back(make("EHC-A3", "ehcp-needs-assessment", none, {{"request_received", "2019-06-17"}}));
  cases.push_back(make("EHC-A4", "ehcp-needs-assessment", none,
                       {{"request_received", "2019-03-04"}, {"decision_to_assess", "2019-04-15"},
                        {"exception_started", "2019-06-03", "exceptional_personal_circumstances"}}));

  // Annual reviews.
  const std::map<std::string, std::string> reviews = {{"team", "SEND Reviews"}};
  cases.push_back(make("EHCP-R1", "ehcp-annual-review", reviews, {{"plan_issued", "2018-07-02"}}));
  cases.push_back(make("EHCP-R2", "ehcp-annual-review", reviews, {{"plan_issued", "2018-03-05"}}));
  cases.push_back(make("EHCP-R3", "ehcp-annual-review", {{"team", "SEND Reviews"}, {"transfer_year", "2020"}},
                       {{"plan_issued", "2018-12-03"}}));
  cases.push_back(make("EHCP-R4", "ehcp-annual-review",
                       {{"team", "SEND Reviews"}, {"transfer_year", "2019"}, {"transfer", "secondary_to_post16"}},
                       {{"plan_issued", "2017-09-01"}, {"review_meeting_held", "2018-08-31"},
                        {"review_report_sent", "2018-09-07"}, {"review_decision_notified", "2018-09-14"}}));

  // Admissions.
  const std::map<std::string, std::string> adm = {{"team", "School Admissions"}};
  auto with_year = [&](const char* year) { auto a = adm; a["admission_year"] = year; return a; };
  cases.push_back(make("ADM-2019", "admissions-arrangements", with_year("2019"),
                       {{"consultation_started", "2017-10-02"}, {"consultation_ended", "2017-11-03"},
                        {"arrangements_determined", "2018-03-01"}, {"arrangements_published", "2018-03-14"}}));
  cases.push_back(make("ADM-2020", "admissions-arrangements", with_year("2020"),
                       {{"consultation_started", "2018-10-01"}, {"consultation_ended", "2018-11-16"},
                        {"arrangements_determined", "2019-02-26"}, {"arrangements_published", "2019-03-15"}}));
  return cases;
}

inline std::vector<CaseAssessment> golden_assessments() {
  const Engine& e = engine();
  std::vector<CaseAssessment> out;
  for (auto& c : golden_cases()) out.push_back(assess_case(e.workflows, e.rules, std::move(c), kAsOf, e.calendars()));
  return out;
}

}  // namespace timescales::golden
