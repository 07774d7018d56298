#include "adapters/reports/report_charts.hpp"

namespace timescales::reports {

namespace {
// Colours readable by people with the common colour-vision deficiencies (blue/orange rather than
// green/red), and distinct in greyscale.
constexpr const char* kOnTime = "#1f6fb2";
constexpr const char* kLate = "#e07b00";
constexpr const char* kEarly = "#9cc3e6";
constexpr const char* kPast = "#b23b00";
}  // namespace

BarChart timeliness_by_month_chart(const ReportFigures& f) {
  BarChart c;
  c.title = "EHC plans issued each month: within and after 20 weeks";
  c.description = "Stacked bars for the last 24 months; the figure above each bar is the percentage within "
                  "20 weeks, including exception cases.";
  c.y_label = "Plans issued";
  c.series = {{"Within 20 weeks", kOnTime}, {"After 20 weeks", kLate}};
  for (const auto& m : f.ehcp.by_month) {
    Bar b;
    b.label = m.label.substr(0, m.label.find(' '));
    b.sublabel = m.label.substr(m.label.find(' ') + 1);
    b.values = {m.within, m.issued - m.within};
    if (auto p = m.percent_including()) b.annotation = std::to_string(*p) + "%";
    c.bars.push_back(b);
  }
  return c;
}

BarChart assessments_by_week_chart(const ReportFigures& f) {
  BarChart c;
  c.title = "Open EHC needs assessments by week of the 20";
  c.description = "How many open assessments are in each week since the request; the dashed lines mark the "
                  "6-week decision, the 16-week draft and the 20-week final plan deadlines.";
  c.y_label = "Open assessments";
  c.series = {{"Weeks 1-16", kEarly}, {"Weeks 17-20", kOnTime}, {"Past 20 weeks", kPast}};
  for (size_t i = 0; i < f.tracking.by_week.size(); ++i) {
    Bar b;
    const int week = static_cast<int>(i) + 1;
    b.label = week <= 20 ? std::to_string(week) : "20+";
    const int v = f.tracking.by_week[i];
    b.values = {week <= 16 ? v : 0, week > 16 && week <= 20 ? v : 0, week > 20 ? v : 0};
    if (v > 0) b.annotation = std::to_string(v);
    c.bars.push_back(b);
  }
  // Week 7 begins on the 6-week deadline day, and so on.
  c.markers = {{6, "6 weeks"}, {16, "16 weeks"}, {20, "20 weeks"}};
  return c;
}

}  // namespace timescales::reports
