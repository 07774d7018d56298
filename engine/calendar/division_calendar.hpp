// The working-day calendar of one bank-holiday division: Monday to Friday less its bank holidays.
//
// "Working day" in the Children Act 1989 Representations Procedure (England) Regulations 2006:
// not a Saturday, Sunday, Christmas Day, Boxing Day, Good Friday or BFDA 1971 bank holiday.
// Good Friday and Christmas Day are in every shipped schedule, so one calendar serves both.
//
// Thread-safety: immutable after construction; safe to share between threads.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/calendar/holiday_rules.hpp"
#include "engine/calendar/open_day_index.hpp"

namespace timescales {

class DivisionCalendar {
 public:
  explicit DivisionCalendar(HolidaySchedule schedule);

  const std::string& id() const { return schedule_.id; }
  const std::string& name() const { return schedule_.name; }
  const HolidaySchedule& schedule() const { return schedule_; }
  Date first() const { return working_days_.first(); }
  Date last() const { return working_days_.last(); }
  bool covers(Date d) const { return working_days_.covers(d); }

  bool is_working_day(Date d) const { return working_days_.is_open(d); }
  bool is_bank_holiday(Date d) const;
  const std::vector<Holiday>& holidays() const { return holidays_; }
  // The bank holidays falling in (from, to], in date order: a view of holidays(), so valid as long
  // as the calendar is (every timer's explanation asks, and a copy would allocate their names).
  std::span<const Holiday> holidays_between(Date from, Date to) const;

  const OpenDayIndex& working_days() const { return working_days_; }

 private:
  HolidaySchedule schedule_;
  std::vector<Holiday> holidays_;  // sorted by date
  OpenDayIndex working_days_;
};

}  // namespace timescales
