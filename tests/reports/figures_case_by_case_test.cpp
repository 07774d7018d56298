// ReportFiguresBuilder, fed one assessed case at a time as the nightly run feeds it chunk by
// chunk, gives exactly the figures the per-part functions give over the whole caseload. Each
// assessment is scribbled over and destroyed right after add(), so a builder that kept a pointer,
// reference or view into a case would show the scribble here (or a use after free under the
// sanitizer).
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <sstream>

#include "adapters/demo/demo_caseload.hpp"
#include "adapters/reports/report_figures.hpp"
#include "adapters/reports/report_files.hpp"
#include "adapters/reports/report_tables.hpp"
#include "golden_caseload.hpp"

using namespace timescales;
using namespace timescales::reports;

namespace {

std::string date(const std::optional<Date>& d) { return d ? to_iso(*d) : "-"; }
std::string number(const std::optional<int>& n) { return n ? std::to_string(*n) : "-"; }
std::string period(const Period& p) { return p.label + " " + to_iso(p.first) + ".." + to_iso(p.last); }

// Every field of the figures as text: the rendered tables, then what the tables leave out.
std::string describe(const ReportFigures& f) {
  std::ostringstream o;
  o << "as of " << to_iso(f.as_of) << "\n";
  for (const auto& tables : {compliance_tables(f), tracking_tables(f)})
    for (const auto& t : tables) o << "## " << t.file << "\n" << to_csv(t);
  o << "## complaint years\n";
  for (const auto& y : f.complaints.years) o << period(y.year) << "\n";
  o << "## stage 1 responses\n";
  for (const auto& r : f.complaints.responses)
    o << r.case_id << "|" << r.team << "|" << to_iso(r.received) << "|" << to_iso(r.responded) << "|" << r.met
      << r.extended << "\n";
  o << "## plans\n";
  for (const auto& p : f.ehcp.plans)
    o << p.case_id << "|" << p.team << "|" << p.cohort << "|" << to_iso(p.requested) << "|" << to_iso(p.issued)
      << "|" << to_iso(p.due_20_weeks) << "|" << p.within_20_weeks << p.exception << "|" << p.exception_reason
      << "|" << p.delay_reason << "|" << p.in_local_cohort << p.within_local_weeks << "\n";
  o << "## periods\n";
  for (const auto* counts : {&f.ehcp.by_calendar_year, &f.ehcp.by_quarter, &f.ehcp.by_month,
                             &f.ehcp.academic_year_to_quarter_end})
    for (const auto& c : *counts) o << period(c.period) << "\n";
  for (const auto& c : f.ehcp.local_target_by_academic_year) o << period(c.period) << "\n";
  o << "## local target\n" << f.ehcp.local.cohort << " " << f.ehcp.local.limit;
  o << "\n## open assessments\n";
  for (const auto& a : f.tracking.assessments)
    o << a.case_id << "|" << a.exception_open << a.local_target << "|" << date(a.local_due) << "|"
      << number(a.days_to_local) << "\n";
  o << "## reviews and transfers\n";
  for (const auto& r : f.tracking.annual_reviews) o << r.case_id << "|" << timer_status_name(r.status) << "\n";
  for (const auto& p : f.tracking.phase_transfers) o << p.case_id << "|" << timer_status_name(p.status) << "\n";
  o << "## notes\n";
  for (const auto& n : f.complaints.notes) o << "complaints: " << n << "\n";
  for (const auto& n : f.ehcp.notes) o << "ehcp: " << n << "\n";
  for (const auto& n : f.tracking.notes) o << "tracking: " << n << "\n";
  for (const auto& n : f.notes) o << n << "\n";
  return o.str();
}

// The figures from the per-part functions over the whole caseload, put together as the report
// has always put them.
ReportFigures by_parts(const std::vector<CaseAssessment>& cases, Date as_of) {
  const auto& e = golden::engine();
  const auto& declared = e.declared.outputs;
  ReportFigures f;
  f.as_of = as_of;
  f.open_cases = compute_open_cases(cases, e.workflows, declared.open_cases);
  f.complaints = compute_complaints(cases, declared.complaints);
  f.ehcp = compute_ehcp_timeliness(cases, as_of, declared.plans);
  f.admissions = compute_admissions_cycle(cases, declared.admissions);
  f.delay_reasons = compute_delay_reasons(f.ehcp.plans, cases, as_of, declared);
  f.tracking = compute_ehcp_tracking(cases, as_of, e.workflows, e.calendars(), declared);
  f.performance = compute_performance(e.declared.measures, cases, as_of);
  for (const auto* notes : {&f.complaints.notes, &f.ehcp.notes, &f.tracking.notes})
    f.notes.insert(f.notes.end(), notes->begin(), notes->end());
  return f;
}

constexpr char kScribble = '\x7f';  // in no name, date or label

void scribble(std::string& s) { std::fill(s.begin(), s.end(), kScribble); }

void scribble(CaseAssessment& a) {
  Case& c = a.case_data;
  scribble(c.id);
  scribble(c.workflow);
  for (auto& [key, value] : c.attributes) scribble(value);
  for (auto& e : c.events) {
    scribble(e.type);
    scribble(e.reason);
  }
  Evaluation& e = a.evaluation;
  for (auto* s : {&e.case_id, &e.workflow, &e.workflow_version, &e.state}) scribble(*s);
  for (auto& t : e.timers)
    for (auto* s : {&t.id, &t.exemption, &t.explanation, &t.source}) scribble(*s);
  for (auto& f : a.flags)
    for (auto* s : {&f.rule, &f.timer, &f.message, &f.why}) scribble(*s);
}

// Cases whose figures cannot all be counted, so the notes are compared too.
std::vector<Case> awkward_cases() {
  using golden::make;
  return {
      make("ODD-1", "complaints-statutory", {{"team", "CIN Widnes"}}, {{"acknowledged", "2019-03-12"}}),
      make("ODD-2", "ehcp-needs-assessment", {{"cohort", "child_in_care"}}, {{"final_plan_issued", "2019-03-12"}}),
      make("ODD-3", "no-such-workflow", {{"team", ""}}, {{"received", "2019-03-12"}}),
      make("ODD-4", "complaints-statutory", {{"team", ""}},
           {{"received", "2019-03-11"}, {"stage1_extended", "2019-03-15"},
            {"stage1_extended", "2019-03-18", "complex"}}),
  };
}

struct Compared {
  std::string one_at_a_time;
  std::string by_parts;
  std::string all_at_once;
  ReportFigures figures;  // one at a time
};

Compared compare(std::vector<Case> cases, Date as_of) {
  const auto& e = golden::engine();
  const auto& declared = e.declared;
  std::vector<CaseAssessment> whole;
  for (const auto& c : cases) whole.push_back(assess_case(e.workflows, e.rules, c, as_of, e.calendars()));

  ReportFiguresBuilder builder(as_of, e.workflows, e.calendars(), declared.outputs, declared.measures);
  for (auto& c : cases) {
    auto a = std::make_unique<CaseAssessment>(assess_case(e.workflows, e.rules, std::move(c), as_of, e.calendars()));
    builder.add(*a);
    scribble(*a);
  }
  Compared out;
  out.figures = builder.finish();
  out.one_at_a_time = describe(out.figures);
  out.by_parts = describe(by_parts(whole, as_of));
  out.all_at_once = describe(
      compute_report_figures(whole, as_of, e.workflows, e.calendars(), declared.outputs, declared.measures));
  return out;
}

}  // namespace

TEST_CASE("the golden caseload given one case at a time gives the figures of the whole caseload", "[reports]") {
  auto cases = golden::golden_cases();
  for (auto& c : awkward_cases()) cases.push_back(std::move(c));
  const Compared r = compare(std::move(cases), golden::kAsOf);
  CHECK(r.one_at_a_time == r.by_parts);
  CHECK(r.one_at_a_time == r.all_at_once);
  CHECK(r.one_at_a_time.find(kScribble) == std::string::npos);

  // Not vacuous: every part has something in it, and the complaints' extensions were counted
  // from cases long gone by the time the plans were known.
  const ReportFigures& f = r.figures;
  CHECK(!f.open_cases.cases.empty());
  CHECK(!f.complaints.responses.empty());
  CHECK(!f.ehcp.plans.empty());
  CHECK(!f.admissions.empty());
  CHECK(!f.tracking.assessments.empty());
  CHECK(!f.tracking.annual_reviews.empty());
  // Complaints' notes, then the EHC plans', then tracking's; ODD-3's workflow is no report's.
  CHECK(f.notes == std::vector<std::string>{
                       "ODD-1: no received date; not counted",
                       "ODD-2: final plan issued 2019-03-12 with no request_received date; not counted",
                       "ODD-2: open assessment with no request_received date; not listed"});
  auto extended = [&](const std::string& year, const std::string& reason) {
    for (const auto& d : f.delay_reasons)
      if (d.process == "Complaint Stage 1 extended" && d.year == year && d.reason == reason) return d.count;
    return 0;
  };
  CHECK(extended("2018-19", "complex") == 4);  // 3 golden and ODD-4's second
  CHECK(extended("2018-19", "awaiting information") == 1);
  CHECK(extended("2018-19", "(no reason recorded)") == 1);  // ODD-4's first
}

TEST_CASE("the demonstration caseload given one case at a time gives the figures of the whole caseload", "[reports]") {
  demo::DemoOptions options;
  options.as_of = golden::d("2025-11-21");
  auto cases = demo::generate_demo_caseload(options);
  REQUIRE(cases.size() > 100);
  const Compared r = compare(std::move(cases), options.as_of);
  CHECK(r.one_at_a_time == r.by_parts);
  CHECK(r.one_at_a_time == r.all_at_once);
  CHECK(r.one_at_a_time.find(kScribble) == std::string::npos);
  CHECK(!r.figures.open_cases.cases.empty());
  CHECK(!r.figures.tracking.phase_transfers.empty());
}
