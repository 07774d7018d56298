// What the fuzz targets share: the input as text, the shipped workflows and calendar they parse
// against (loaded once, from the source tree), and a check that fails loudly under either driver.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "adapters/files/calendar_files.hpp"
#include "adapters/files/workflow_files.hpp"
#include "engine/calendar/division_calendar.hpp"

namespace timescales::fuzz {

inline std::string_view text_of(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A property of the parser that failed: abort, so libFuzzer saves the input and the replay fails.
#define FUZZ_CHECK(condition)                                                                   \
  do {                                                                                          \
    if (!(condition)) {                                                                         \
      std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                             \
    }                                                                                           \
  } while (0)

inline const WorkflowLibrary& shipped_workflows() {
  static const WorkflowLibrary library = WorkflowFiles(TIMESCALES_SOURCE_DIR).load().library;
  return library;
}

inline const DivisionCalendar& england_and_wales() {
  static const DivisionCalendar calendar(*CalendarFiles(TIMESCALES_SOURCE_DIR).shipped_schedule("england-and-wales"));
  return calendar;
}

}  // namespace timescales::fuzz
