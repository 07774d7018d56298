// Every open deadline as an iCalendar feed (RFC 5545), so officers see them in Outlook: one
// all-day VEVENT per running or overdue deadline, with a stable UID per case and clock so a
// calendar client that subscribes updates events rather than duplicating them.
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "engine/rules/case_assessment.hpp"

namespace timescales::alerts {

// `workflows` empty: every workflow.
std::string render_deadline_calendar(const std::vector<CaseAssessment>& cases, Date as_of,
                                     const std::vector<std::string>& workflows = {});

// RFC 5545 §3.3.11 TEXT escaping and §3.1 folding of content lines at 75 octets.
std::string ical_escape(const std::string& text);
std::string ical_fold(const std::string& line);

}  // namespace timescales::alerts
