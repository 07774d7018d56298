#include "adapters/files/calendar_files.hpp"

#include <algorithm>
#include <cctype>

#include "adapters/files/text_files.hpp"
#include "engine/calendar/calendar_toml.hpp"

namespace timescales {

std::filesystem::path CalendarFiles::schedule_path(const std::string& id) const {
  return folder() / (id + ".toml");
}

std::filesystem::path CalendarFiles::local_changes_path(const std::string& id) const {
  return folder() / (id + ".local.toml");
}

std::vector<std::string> CalendarFiles::division_ids() const {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder(), ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".toml" && name.find(".local.") == std::string::npos)
      ids.push_back(entry.path().stem().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

namespace {

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 100) return false;
  for (unsigned char ch : name)
    if (!std::isalnum(ch) && ch != '-' && ch != '_') return false;
  return true;
}

}  // namespace

Result<HolidaySchedule> CalendarFiles::shipped_schedule(const std::string& id) const {
  const auto path = schedule_path(id);
  std::error_code ec;
  if (id.empty() || id.find('/') != std::string::npos || !std::filesystem::exists(path, ec)) {
    std::string known;
    for (const auto& k : division_ids()) known += (known.empty() ? "" : ", ") + k;
    return Error{"unknown calendar '" + id + "' (known: " + known + ")"};
  }
  auto text = read_text_file(path);
  if (!text) return text.error();
  auto schedule = parse_holiday_schedule(*text, path.string());
  if (!schedule) return schedule.error();
  if (schedule->id != id)
    return Error{path.string() + ": its [calendar] id is '" + schedule->id + "', not '" + id + "'"};
  return schedule;
}

Result<std::vector<HolidayChange>> CalendarFiles::local_changes(const std::string& id) const {
  const auto path = local_changes_path(id);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::vector<HolidayChange>{};
  auto text = read_text_file(path);
  if (!text) return text.error();
  return parse_holiday_changes(*text, path.string(), id);
}

Result<std::shared_ptr<const DivisionCalendar>> CalendarFiles::division(const std::string& id) {
  if (auto it = divisions_.find(id); it != divisions_.end()) return it->second;
  if (!valid_name(id)) return Error{"'" + id + "' is not a calendar's name (letters, digits, '-' and '_' only)"};
  auto schedule = shipped_schedule(id);
  if (!schedule) return schedule.error();
  auto local = local_changes(id);
  if (!local) return local.error();
  schedule->changes.insert(schedule->changes.end(), local->begin(), local->end());
  auto calendar = std::make_shared<const DivisionCalendar>(std::move(*schedule));
  divisions_[id] = calendar;
  return calendar;
}

Result<std::shared_ptr<const SchoolCalendar>> CalendarFiles::school(
    const std::filesystem::path& path) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  auto spec = parse_school_calendar(*text, path.string());
  if (!spec) return spec.error();
  auto division_calendar = division(spec->bank_holidays);
  if (!division_calendar) return Error{path.string() + ": " + division_calendar.error().message};
  auto built = SchoolCalendar::build(std::move(*spec), **division_calendar);
  if (!built) return Error{path.string() + ": " + built.error().message};
  return std::make_shared<const SchoolCalendar>(std::move(*built));
}

std::filesystem::path CalendarFiles::school_path(const std::string& name) const {
  return folder() / "schools" / (name + ".toml");
}

Result<std::shared_ptr<const SchoolCalendar>> CalendarFiles::school_named(const std::string& name) {
  if (auto it = schools_.find(name); it != schools_.end()) return it->second;
  // The name comes from case data: it must not reach outside the calendars folder.
  if (!valid_name(name))
    return Error{"'" + name + "' is not a school calendar's name (letters, digits, '-' and '_' only)"};
  const auto path = school_path(name);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return Error{ErrorKind::not_found, "no school calendar '" + name + "' (looked for " + path.string() + ")"};
  auto loaded = school(path);
  if (!loaded) return loaded.error();
  schools_[name] = *loaded;
  return *loaded;
}

}  // namespace timescales
