// One school's (or one authority's) school days: inside a term, not a weekend, not a bank holiday
// of its division, not a listed closure (INSET) day. Outside its terms it knows nothing, so asking
// for school days beyond its last term is an error, never a guess.
//
// Thread-safety: immutable after construction; safe to share between threads.
#pragma once

#include <string>
#include <vector>

#include "engine/calendar/division_calendar.hpp"
#include "engine/calendar/open_day_index.hpp"
#include "engine/core/result.hpp"

namespace timescales {

struct Term {
  Date first_day{};
  Date last_day{};
};

struct Closure {
  Date date{};
  std::string reason;  // "INSET day"
};

struct SchoolCalendarSpec {
  std::string id;             // "example-primary-2025-26"
  std::string bank_holidays;  // division id, "england-and-wales"
  std::vector<Term> terms;
  std::vector<Closure> closures;
};

class SchoolCalendar {
 public:
  // Terms must be in order and not overlap; every closure must fall inside a term; the division
  // calendar must cover the terms.
  static Result<SchoolCalendar> build(SchoolCalendarSpec spec, const DivisionCalendar& division);

  const std::string& id() const { return spec_.id; }
  const SchoolCalendarSpec& spec() const { return spec_; }
  Date first() const { return school_days_.first(); }
  Date last() const { return school_days_.last(); }
  bool is_school_day(Date d) const { return school_days_.is_open(d); }
  const OpenDayIndex& school_days() const { return school_days_; }

 private:
  SchoolCalendar(SchoolCalendarSpec spec, OpenDayIndex index)
      : spec_(std::move(spec)), school_days_(std::move(index)) {}
  SchoolCalendarSpec spec_;
  OpenDayIndex school_days_;
};

}  // namespace timescales
