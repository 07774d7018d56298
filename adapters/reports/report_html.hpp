// The managers' compliance report and the SEND team's tracking view as self-contained HTML:
// inline CSS and inline SVG, no scripts and nothing fetched, so the file opens offline, can be
// mailed as an attachment, and prints to PDF cleanly (@media print: A4, no navigation, rows and
// charts kept whole, colours kept).
//
// Every value is HTML-escaped (alerts::html_escape). Only case ids, teams, cohorts, dates and
// statuses appear: the tables (report_tables.hpp) never carry names or notes.
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "adapters/reports/report_figures.hpp"
#include "adapters/reports/report_table.hpp"

namespace timescales::reports {

struct HtmlOptions {
  std::string council = "Children's services";  // shown in the heading: "Halton Borough Council"
  std::string generated_by = "timescales";
};

std::string render_compliance_html(const ReportFigures& f, const HtmlOptions& options = {});
std::string render_tracking_html(const ReportFigures& f, const HtmlOptions& options = {});

// One table as an HTML <section> fragment (used by both reports).
std::string render_table_html(const Table& table);

}  // namespace timescales::reports
