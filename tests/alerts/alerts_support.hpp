// Shared by the alerts tests: the shipped England and Wales calendar and the digests the shipped
// rules/outputs.toml declares.
#pragma once

#include <catch2/catch.hpp>

#include "adapters/files/calendar_files.hpp"
#include "adapters/files/engine_data.hpp"
#include "adapters/files/output_files.hpp"

namespace timescales::test {

inline const DivisionCalendar& england_and_wales() {
  static CalendarFiles files(TIMESCALES_SOURCE_DIR);
  static auto schedule = files.shipped_schedule("england-and-wales");
  static DivisionCalendar c(std::move(*schedule));
  return c;
}

// The complaints officer and each team, fed the complaints workflows.
inline const std::vector<outputs::DigestAudience>& shipped_audiences() {
  static const auto audiences = [] {
    auto data = load_engine_data(TIMESCALES_SOURCE_DIR);
    if (!data) FAIL(data.error().to_string());
    auto declared = load_declared_outputs(TIMESCALES_SOURCE_DIR, data->workflows, data->rules);
    if (!declared) FAIL(declared.error().to_string());
    return declared->outputs.digests;
  }();
  return audiences;
}

}  // namespace timescales::test
