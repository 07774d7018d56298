// The complaints officer's daily deadline digest: per recipient, what is overdue, due today, due
// in the next 5 working days, and recently extended — each line with the case reference, stage,
// due date, working days left or over, and who owes the response.
//
// Recipients: "complaints_officer" sees every open complaint; each team ("team:CIN Widnes") sees
// its own, for the managers who write the responses.
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/rules/case_assessment.hpp"

namespace timescales::alerts {

struct DigestLine {
  std::string case_id;
  std::string workflow;
  std::string stage;         // the case's state: "stage1"
  std::string timer;         // "stage1_response"
  std::string owes;          // who owes the response: the case's owner, else its team
  Date due{};
  int working_days_left = 0;  // negative once overdue
  bool extended = false;
  std::string extension;      // "2026-01-05: complex", for recently extended lines
  std::string details;        // personal details, only when the council has turned them on
};

struct Digest {
  std::string recipient;
  Date as_of{};
  std::vector<DigestLine> overdue;
  std::vector<DigestLine> due_today;
  std::vector<DigestLine> due_soon;           // in the next 5 working days
  std::vector<DigestLine> recently_extended;  // extended in the last 5 working days
  bool empty() const {
    return overdue.empty() && due_today.empty() && due_soon.empty() && recently_extended.empty();
  }
};

struct DigestOptions {
  std::vector<std::string> workflows = {"complaints-statutory", "complaints-corporate"};
  int due_soon_working_days = 5;
  // Names and notes stay out of e-mail unless the council turns this on.
  bool include_personal_details = false;
  std::vector<std::string> personal_attributes = {"name", "child_name", "complainant"};
};

std::vector<Digest> build_digests(const std::vector<CaseAssessment>& cases, Date as_of,
                                  const CalendarContext& calendars, const DigestOptions& options = {});

std::string render_digest_text(const Digest& digest);

}  // namespace timescales::alerts
