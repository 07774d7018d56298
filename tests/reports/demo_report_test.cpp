// Not run by default (hidden tag): writes the reports for the generated demonstration caseload so
// a person can open them. ./reports_tests "[.demo]"; folder from $TIMESCALES_REPORT_DIR.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "adapters/demo/demo_caseload.hpp"
#include "adapters/reports/report_files.hpp"
#include "golden_caseload.hpp"

using namespace timescales;

TEST_CASE("write the demo caseload's reports", "[.demo]") {
  const Date as_of = golden::d("2025-11-21");
  demo::DemoOptions options;
  options.as_of = as_of;
  const auto& e = golden::engine();
  std::vector<CaseAssessment> cases;
  for (auto& c : demo::generate_demo_caseload(options))
    cases.push_back(assess_case(e.workflows, e.rules, std::move(c), as_of, e.calendars()));
  const auto start = std::chrono::steady_clock::now();
  const auto figures = reports::compute_report_figures(cases, as_of, e.workflows, e.calendars(), e.declared.outputs,
                                                       e.declared.measures);
  const char* env = std::getenv("TIMESCALES_REPORT_DIR");
  auto written = reports::write_reports(figures, env ? env : "/tmp/timescales-demo-report");
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  REQUIRE(written.ok());
  std::cout << cases.size() << " cases; figures and files in " << ms.count() << " ms\n";
  for (const auto& n : figures.notes) std::cout << "note: " << n << "\n";
  for (const auto& p : *written) std::cout << p.string() << "\n";
}
