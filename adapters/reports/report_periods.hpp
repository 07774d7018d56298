// The reporting periods the council's papers use, and how they round percentages.
//
// Financial year 1 April–31 March (the complaints annual report, "2018-19"); academic year
// 1 September–31 August (EHCP timeliness, "2023/24"); calendar quarters and months for trends.
// Quarters are labelled by their months ("Apr–Jun 2024") rather than "Q1": the board's Q1 is
// April–June while a calendar Q1 is January–March, and a label that cannot be misread is worth
// the extra width.
//
// Periods are built from civil dates (year/month/day_last), not by counting days, so they need no
// calendar; counting working days or weeks stays in engine/calendar/clock_arithmetic.hpp.
//
// Thread-safety: pure functions over values; safe from any thread.
#pragma once

#include <optional>
#include <string>

#include "engine/calendar/date.hpp"

namespace timescales::reports {

struct Period {
  Date first{};
  Date last{};  // inclusive
  std::string label;
  bool contains(Date d) const { return d >= first && d <= last; }
  friend bool operator==(const Period& a, const Period& b) { return a.first == b.first && a.last == b.last; }
};

Period financial_year_of(Date d);   // "2018-19": 1 Apr 2018 – 31 Mar 2019
Period academic_year_of(Date d);    // "2023/24": 1 Sep 2023 – 31 Aug 2024
Period calendar_year_of(Date d);    // "2024"
Period quarter_of(Date d);          // "Apr–Jun 2024"
Period month_period_of(Date d);     // "Jan 2024"

// The last day of the month `d` is in.
Date last_day_of_month(Date d);
// The same span a year earlier (the comparison "direction of travel" makes); unlabelled.
Period year_before(const Period& p);

// Whole-number percentage of part/whole, rounded half up (22.5% -> 23%); none when whole is 0.
// Integer arithmetic, so 10/44 is 23 on every machine.
std::optional<int> percent_half_up(int part, int whole);
// "23%", or "–" when there is nothing to divide.
std::string percent_text(std::optional<int> percent);

}  // namespace timescales::reports
