// Bar charts as inline SVG: no scripts, fonts or files from elsewhere, so the report opens
// offline and prints as drawn. Stacked bars (plans within / after 20 weeks by month) and a
// histogram (open assessments by week of the 20) are both a BarChart.
//
// Every chart carries a <title> and <desc> for screen readers, a legend in words, and the
// numbers on the bars, so it reads in black and white too.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

namespace timescales::reports {

struct Series {
  std::string name;    // "Within 20 weeks"
  std::string colour;  // "#2e7d32"
};

struct Bar {
  std::string label;       // under the bar: "Jan"
  std::string sublabel;    // second line: "2025" (shown when it changes)
  std::vector<int> values; // one per series, stacked bottom up
  std::string annotation;  // above the bar: "80%"
};

// A dashed line drawn before bar `before` with a caption: "6 weeks".
struct Marker {
  size_t before = 0;
  std::string caption;
};

struct BarChart {
  std::string title;
  std::string description;
  std::string y_label;
  std::vector<Series> series;
  std::vector<Bar> bars;
  std::vector<Marker> markers;
  int width = 900;
  int height = 296;
};

std::string render_bar_chart_svg(const BarChart& chart);

}  // namespace timescales::reports
