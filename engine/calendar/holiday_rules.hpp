// Bank holidays as rules plus dated one-off changes, per division (England and Wales, Scotland,
// Northern Ireland).
//
// The rules (fixed dates with weekend substitution, Easter-relative days, the first or last Monday
// of a month) generate any year; the changes record proclamations that moved, added or removed a
// day (8 May 2020, 2-3 June 2022, 19 September 2022, 8 May 2023) and override the rules.
//
// Thread-safety: values and pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/calendar/date.hpp"

namespace timescales {

struct HolidayRule {
  enum class Kind { fixed_date, easter_offset, nth_weekday };
  std::string name;
  Kind kind = Kind::fixed_date;
  unsigned month = 1;       // fixed_date, nth_weekday
  unsigned day = 1;         // fixed_date
  bool substitute = false;  // fixed_date: a weekend (or already-holiday) day moves to the next free weekday
  int easter_offset = 0;    // easter_offset: days from Easter Sunday (Good Friday = -2)
  unsigned weekday = 1;     // nth_weekday: ISO weekday, Monday = 1
  int nth = 1;              // nth_weekday: 1..5, or -1 for the last
  int from_year = 0;        // first year the rule applies (0: always)
  int to_year = 0;          // last year the rule applies (0: still in force)
  std::string basis;        // legal basis, e.g. "Banking and Financial Dealings Act 1971 Sch 1"
};

struct HolidayChange {
  enum class Action { add, remove };
  Date date{};
  Action action = Action::add;
  std::string name;
  std::string basis;  // the proclamation or feed it came from
};

struct Holiday {
  Date date{};
  std::string name;
  friend bool operator<(const Holiday& a, const Holiday& b) { return a.date < b.date; }
};

struct HolidaySchedule {
  std::string id;    // "england-and-wales"
  std::string name;  // "England and Wales"
  int first_year = 1990;
  int last_year = 2100;
  std::vector<HolidayRule> rules;      // applied in order: substitution sees earlier rules' days
  std::vector<HolidayChange> changes;  // one-offs; override the rules
};

// Gregorian Easter Sunday (the anonymous Gregorian algorithm). Written by hand: neither the
// standard library nor Boost.Date_Time computes Easter.
Date easter_sunday(int year);

// The holidays the rules give for one year, before one-off changes, in date order.
std::vector<Holiday> holidays_from_rules(const std::vector<HolidayRule>& rules, int year);

// Every holiday of the schedule's years, rules then changes, in date order.
std::vector<Holiday> generate_holidays(const HolidaySchedule& schedule);

}  // namespace timescales
