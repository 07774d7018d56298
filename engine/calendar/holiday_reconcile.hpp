// Reconciling a division's bank holidays with a published list (GOV.UK's bank-holidays.json).
//
// The feed is a convenience copy, not the law (the proclamations are), but it is how a newly
// announced bank holiday reaches a council within the week. A day the feed lists is added. A day
// the feed lacks is not removed unless the caller says so: a copy saved before a proclamation
// lacks the proclaimed day (a feed saved in 2025 has no Scotland 15 June 2026), so a missing day
// is evidence only that the copy is old. Such removals are reported as `withheld`. Local changes
// for years the feed does not cover are kept.
//
// Thread-safety: pure function; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "engine/calendar/holiday_rules.hpp"

namespace timescales {

struct Reconciliation {
  std::vector<HolidayChange> local_changes;  // the new contents of the local change file
  std::vector<Holiday> added;                // holidays in force now that were not before
  std::vector<Holiday> removed;              // holidays no longer in force
  std::vector<Holiday> withheld;             // in force, not in the feed, kept: removals not applied
  int first_year = 0;                        // the years the feed covered
  int last_year = 0;
};

enum class Removals { withhold, apply };

// `published` is the feed's list for this division (any order); `basis` is recorded on every
// change made ("GOV.UK bank-holidays.json, imported 2026-11-22").
Reconciliation reconcile_holidays(const HolidaySchedule& shipped,
                                  const std::vector<HolidayChange>& current_local,
                                  std::vector<Holiday> published, const std::string& basis,
                                  Removals removals = Removals::withhold);

}  // namespace timescales
