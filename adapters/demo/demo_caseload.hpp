// A realistic demonstration caseload for a council of Halton's size (users-and-reports.md):
// about 45 statutory complaints and 250 EHC needs assessment requests a year, 1,000+ EHC plans
// under annual review, and the yearly admissions cycle, over several years — with the late
// responses, extensions, exceptions and late advice such caseloads have. Deterministic for a
// seed, so demos and tests are repeatable; `scale` multiplies it for benchmarks.
//
// No real person is in it: case references are made up and no names are generated.
//
// Thread-safety: pure function; safe from any thread.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/case/case.hpp"

namespace timescales::demo {

struct DemoOptions {
  Date as_of{};              // events after this day have not happened yet
  int years = 4;             // how many years of history before as_of
  double scale = 1.0;        // 1.0 = one council of Halton's size
  uint64_t seed = 20261122;
};

std::vector<Case> generate_demo_caseload(const DemoOptions& options);

}  // namespace timescales::demo
