// The daily deadline digests: per recipient, what is overdue, due today, due in the next 5
// working days, and recently extended — each line with the case reference, stage, due date,
// working days left or over, and who owes the response.
//
// Who receives what is declared ([[digest]] in rules/outputs.toml): each audience names the
// workflows (and, if it wants fewer, the clocks) it sees, and its subject. The shipped file gives
// "complaints_officer" every open complaint's deadlines, and each team ("team:CIN Widnes", the
// audience "team") its own, for the managers who write the responses; "send_team" the EHC
// clocks, with annual reviews and phase transfers further ahead (`coming_up`), and each EHC
// coordinator ("owner:<owner>", the audience "owner") their own cases'.
//
// Thread-safety: the functions are pure and safe from any thread; a DigestBuilder is used by one
// thread at a time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "adapters/outputs/output_declarations.hpp"
#include "engine/calendar/clock_arithmetic.hpp"
#include "engine/calendar/time_of_day.hpp"
#include "engine/rules/case_assessment.hpp"

namespace timescales::alerts {

struct DigestLine {
  std::string case_id;
  std::string workflow;
  std::string stage;         // the case's state: "stage1"
  std::string timer;         // the clock's id, as its workflow names it
  std::string owes;          // who owes the response: the case's owner, else its team
  Date due{};
  // The hour it is due by, for a clock in hours from a recorded time (a return interview due by
  // 21:40); none for every other clock.
  std::optional<TimeOfDay> due_time;
  int working_days_left = 0;  // negative once overdue
  bool extended = false;
  std::string extension;      // "2026-01-05: complex", for recently extended lines
  std::string details;        // personal details, only when the council has turned them on
  // What else the officer should know about the case beside this line: "1 row rejected for this
  // case on 2026-12-01", which may be why a clock looks overdue (DigestBuilder::note_cases).
  std::string note;
  // " 21:40" where the line has a due time, else "": what follows the due date where it is shown.
  std::string due_time_suffix() const { return due_time ? " " + to_hh_mm(*due_time) : std::string(); }
};

// A section the audience declares (outputs::ComingUp): one clock's lines due after the next 5
// working days but within its window.
struct DigestSection {
  std::string heading;  // "Annual reviews due in the next 8 weeks"
  std::vector<DigestLine> lines;
};

struct Digest {
  std::string recipient;  // "complaints_officer", "team:CIN Widnes", "owner:A Coordinator"
  std::string subject;    // the audience's: "Complaint deadlines"
  Date as_of{};
  std::vector<DigestLine> overdue;
  std::vector<DigestLine> due_today;
  std::vector<DigestLine> due_soon;           // in the next 5 working days
  std::vector<DigestSection> coming_up;       // the audience's, in its order; often none
  std::vector<DigestLine> recently_extended;  // extended in the last 5 working days
  size_t line_count() const;                  // every line of every section
  bool empty() const { return line_count() == 0; }
};

struct DigestOptions {
  int due_soon_working_days = 5;
  // Names and notes stay out of e-mail unless the council turns this on.
  bool include_personal_details = false;
  std::vector<std::string> personal_attributes = {"name", "child_name", "complainant"};
};

// The digests built from cases given one at a time (in store order), so a nightly run can assess
// a chunk of cases, add them and let them go: the builder keeps digest lines (copies), nothing
// that refers to a case. The calendars `calendars` points to must outlive the builder. finish()
// once, after the last add(): every recipient's digest, each declared audience's always among
// them (a team's or an owner's only once it has a line).
class DigestBuilder {
 public:
  DigestBuilder(Date as_of, const CalendarContext& calendars, std::vector<outputs::DigestAudience> audiences,
                DigestOptions options = {});
  DigestBuilder(const DigestBuilder&) = delete;  // fixed_ points into by_recipient_
  DigestBuilder& operator=(const DigestBuilder&) = delete;
  // `working`: the division calendar the case's clocks count in (case_calendars.hpp), for its
  // working days left; null for the builder's own.
  void add(const CaseAssessment& a, const DivisionCalendar* working = nullptr);
  // Notes by case reference, each put on every line of its case (any alert of the case may be
  // explained by it: a rejected row could have stopped or started any of its clocks).
  void note_cases(std::map<std::string, std::string> notes) { notes_ = std::move(notes); }
  std::vector<Digest> finish();

 private:
  Digest& digest_for(const std::string& recipient, size_t audience);
  static DigestSection* section(Digest& d, const std::string& heading);  // none: nullptr

  Date as_of_;
  CalendarContext calendars_;
  std::vector<outputs::DigestAudience> audiences_;
  std::vector<Digest*> fixed_;  // each audience's own digest; null for "team" and "owner"
  // Per audience, per coming_up section: the last due date it lists (as_of + within).
  std::vector<std::vector<Date>> coming_up_until_;
  DigestOptions options_;
  std::map<std::string, Digest> by_recipient_;  // nodes stay put, so fixed_ may point into it
  std::vector<size_t> taking_;                  // the audiences the case being added goes to
  std::map<std::string, std::string> notes_;
};

// The same digests from every case at once.
std::vector<Digest> build_digests(const std::vector<CaseAssessment>& cases, Date as_of,
                                  const CalendarContext& calendars,
                                  const std::vector<outputs::DigestAudience>& audiences,
                                  const DigestOptions& options = {});

std::string render_digest_text(const Digest& digest);

}  // namespace timescales::alerts
