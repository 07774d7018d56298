// Loading calendars from the data folder: rules/calendars/<division>.toml, then the optional
// <division>.local.toml of changes imported from GOV.UK; and school calendars from any path.
//
// Thread-safety: CalendarFiles caches what it loads; use one instance per thread.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "application/calendars/calendar_source.hpp"
#include "engine/calendar/division_calendar.hpp"
#include "engine/calendar/school_calendar.hpp"
#include "engine/core/result.hpp"

namespace timescales {

class CalendarFiles final : public CalendarSource {
 public:
  explicit CalendarFiles(std::filesystem::path data_dir) : data_dir_(std::move(data_dir)) {}

  std::filesystem::path folder() const { return data_dir_ / "rules" / "calendars"; }
  std::filesystem::path schedule_path(const std::string& id) const;
  std::filesystem::path local_changes_path(const std::string& id) const;
  std::vector<std::string> division_ids() const;

  // The schedule as shipped (rules and one-offs), without local changes.
  Result<HolidaySchedule> shipped_schedule(const std::string& id) const;
  // Local changes from the .local.toml file (empty when there is none).
  Result<std::vector<HolidayChange>> local_changes(const std::string& id) const;

  // The division calendar in force: shipped schedule plus local changes. Loaded once and kept.
  Result<std::shared_ptr<const DivisionCalendar>> division(const std::string& id) override;

  Result<std::shared_ptr<const SchoolCalendar>> school(const std::filesystem::path& path);
  // rules/calendars/schools/<name>.toml, loaded once and kept.
  std::filesystem::path school_path(const std::string& name) const;
  Result<std::shared_ptr<const SchoolCalendar>> school_named(const std::string& name) override;

 private:
  std::filesystem::path data_dir_;
  std::map<std::string, std::shared_ptr<const DivisionCalendar>> divisions_;
  std::map<std::string, std::shared_ptr<const SchoolCalendar>> schools_;
};

}  // namespace timescales
