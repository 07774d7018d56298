// Every open deadline as an iCalendar feed (RFC 5545), so officers see them in Outlook: one
// all-day VEVENT per running or overdue deadline or local target, with a stable UID per case and
// clock so a calendar client that subscribes updates events rather than duplicating them. Which
// workflows (and clocks) go in is declared: [calendar_feed] in rules/outputs.toml.
//
// Thread-safety: the functions are pure and safe from any thread; a DeadlineCalendarBuilder is
// used by one thread at a time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "adapters/outputs/output_declarations.hpp"
#include "engine/rules/case_assessment.hpp"

namespace timescales::alerts {

// The feed built from cases given one at a time (in store order), so a nightly run can assess a
// chunk of cases, add them and let them go: the builder keeps the feed's text, nothing of the
// case. The feed's workflows and clocks (TimerFeed: its timers, or every deadline and local
// target); `workflows` empty: every workflow. finish() once, after the last add().
class DeadlineCalendarBuilder {
 public:
  DeadlineCalendarBuilder(Date as_of, outputs::TimerFeed feed);
  explicit DeadlineCalendarBuilder(Date as_of, const std::vector<std::string>& workflows = {});
  void add(const CaseAssessment& a);
  std::string finish();

 private:
  outputs::TimerFeed feed_;
  std::string stamp_;  // DTSTAMP: the as-of date, so a rerun of the same night is byte-identical
  std::string out_;
  std::string line_;  // the content line being made, reused: a national feed has millions
};

// The same feed from every case at once.
std::string render_deadline_calendar(const std::vector<CaseAssessment>& cases, Date as_of,
                                     const std::vector<std::string>& workflows = {});
std::string render_deadline_calendar(const std::vector<CaseAssessment>& cases, Date as_of,
                                     const outputs::TimerFeed& feed);

// RFC 5545 §3.3.11 TEXT escaping and §3.1 folding of content lines at 75 octets (with the line's
// CRLF). The append_ forms add to `out`, for a builder that makes millions of lines.
std::string ical_escape(const std::string& text);
std::string ical_fold(const std::string& line);
void append_ical_escaped(std::string& out, std::string_view text);
void append_ical_folded(std::string& out, std::string_view line);

}  // namespace timescales::alerts
