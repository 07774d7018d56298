#include "adapters/reports/svg_charts.hpp"

#include <algorithm>
#include <cstdio>

#include "adapters/alerts/digest_email.hpp"

namespace timescales::reports {
namespace {

using alerts::html_escape;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A round step for the y axis giving about five gridlines.
int axis_step(int max) {
  if (max <= 5) return 1;
  for (int step : {2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000})
    if (max / step <= 6) return step;
  return max / 5;
}

}  // namespace

std::string render_bar_chart_svg(const BarChart& chart) {
  const double left = 48, right = 16, top = 52, bottom = 52;
  const double plot_w = chart.width - left - right;
  const double plot_h = chart.height - top - bottom;
  int max = 0;
  for (const auto& b : chart.bars) {
    int total = 0;
    for (int v : b.values) total += v;
    max = std::max(max, total);
  }
  const int step = axis_step(std::max(max, 1));
  const int y_max = std::max(step, (max + step - 1) / step * step);
  const double slot = chart.bars.empty() ? plot_w : plot_w / static_cast<double>(chart.bars.size());
  const double bar_w = std::max(2.0, slot * 0.7);
  auto y_of = [&](double v) { return top + plot_h - plot_h * v / y_max; };

  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 " +
                  std::to_string(chart.width) + " " + std::to_string(chart.height) + "\" width=\"100%\" " +
                  "preserveAspectRatio=\"xMinYMin meet\">\n";
  s += "<title>" + html_escape(chart.title) + "</title>\n<desc>" + html_escape(chart.description) + "</desc>\n";
  // Legend, in words.
  double lx = left;
  for (const auto& series : chart.series) {
    s += "<rect x=\"" + num(lx) + "\" y=\"10\" width=\"12\" height=\"12\" fill=\"" + series.colour + "\"/>";
    s += "<text x=\"" + num(lx + 16) + "\" y=\"20\" class=\"legend\">" + html_escape(series.name) + "</text>\n";
    lx += 30 + 7.0 * static_cast<double>(series.name.size());
  }
  // Axis and gridlines.
  for (int v = 0; v <= y_max; v += step) {
    const double y = y_of(v);
    s += "<line x1=\"" + num(left) + "\" x2=\"" + num(left + plot_w) + "\" y1=\"" + num(y) + "\" y2=\"" + num(y) +
         "\" class=\"grid\"/><text x=\"" + num(left - 6) + "\" y=\"" + num(y + 4) + "\" class=\"axis\" text-anchor=\"end\">" +
         std::to_string(v) + "</text>\n";
  }
  if (!chart.y_label.empty())
    s += "<text x=\"12\" y=\"" + num(top + plot_h / 2) + "\" class=\"axis\" text-anchor=\"middle\" transform=\"rotate(-90 12 " +
         num(top + plot_h / 2) + ")\">" + html_escape(chart.y_label) + "</text>\n";
  // Bars.
  std::string last_sublabel;
  for (size_t i = 0; i < chart.bars.size(); ++i) {
    const Bar& b = chart.bars[i];
    const double x = left + slot * static_cast<double>(i) + (slot - bar_w) / 2;
    double base = 0;
    for (size_t k = 0; k < b.values.size() && k < chart.series.size(); ++k) {
      if (b.values[k] <= 0) continue;
      const double y0 = y_of(base), y1 = y_of(base + b.values[k]);
      s += "<rect x=\"" + num(x) + "\" y=\"" + num(y1) + "\" width=\"" + num(bar_w) + "\" height=\"" + num(y0 - y1) +
           "\" fill=\"" + chart.series[k].colour + "\"><title>" + html_escape(b.label + " " + b.sublabel) + ": " +
           std::to_string(b.values[k]) + " " + html_escape(chart.series[k].name) + "</title></rect>\n";
      base += b.values[k];
    }
    const double cx = x + bar_w / 2;
    if (!b.annotation.empty())
      s += "<text x=\"" + num(cx) + "\" y=\"" + num(y_of(base) - 4) + "\" class=\"value\" text-anchor=\"middle\">" +
           html_escape(b.annotation) + "</text>\n";
    s += "<text x=\"" + num(cx) + "\" y=\"" + num(top + plot_h + 16) + "\" class=\"axis\" text-anchor=\"middle\">" +
         html_escape(b.label) + "</text>\n";
    if (!b.sublabel.empty() && b.sublabel != last_sublabel)
      s += "<text x=\"" + num(cx) + "\" y=\"" + num(top + plot_h + 32) + "\" class=\"axis\" text-anchor=\"middle\">" +
           html_escape(b.sublabel) + "</text>\n";
    last_sublabel = b.sublabel;
  }
  for (const auto& m : chart.markers) {
    const double x = left + slot * static_cast<double>(m.before);
    s += "<line x1=\"" + num(x) + "\" x2=\"" + num(x) + "\" y1=\"" + num(top - 6) + "\" y2=\"" + num(top + plot_h) +
         "\" class=\"marker\"/><text x=\"" + num(x - 3) + "\" y=\"" + num(top - 8) + "\" class=\"axis\" text-anchor=\"end\">" +
         html_escape(m.caption) + "</text>\n";
  }
  s += "<line x1=\"" + num(left) + "\" x2=\"" + num(left + plot_w) + "\" y1=\"" + num(top + plot_h) + "\" y2=\"" +
       num(top + plot_h) + "\" class=\"baseline\"/>\n</svg>\n";
  return s;
}

}  // namespace timescales::reports
