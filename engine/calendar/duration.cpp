#include "engine/calendar/duration.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace timescales {
namespace {

struct UnitSpelling {
  std::string_view text;
  Unit unit;
};

// Singular and plural spellings; "days" alone means calendar days, as in the statutes.
constexpr std::array<UnitSpelling, 10> kSpellings = {{
    {"working days", Unit::working_days},
    {"working day", Unit::working_days},
    {"school days", Unit::school_days},
    {"school day", Unit::school_days},
    {"calendar days", Unit::calendar_days},
    {"calendar day", Unit::calendar_days},
    {"days", Unit::calendar_days},
    {"day", Unit::calendar_days},
    {"weeks", Unit::weeks},
    {"week", Unit::weeks},
}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Collapses runs of spaces so "10  working   days" reads like "10 working days".
std::string squeeze(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\t') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

Result<Unit> parse_unit(std::string_view text) {
  const std::string t = squeeze(trim(text));
  for (const auto& s : kSpellings)
    if (t == s.text) return s.unit;
  if (t == "months" || t == "month") return Unit::months;
  if (t == "hours" || t == "hour") return Unit::hours;
  return Error{"unknown unit '" + std::string(text) +
               "' (expected working days, school days, calendar days, days, weeks, months or hours)"};
}

Result<Duration> parse_duration(std::string_view text) {
  const std::string t = squeeze(trim(text));
  const auto space = t.find(' ');
  if (space == std::string::npos)
    return Error{"'" + std::string(text) + "' is not a duration such as \"10 working days\""};
  int count = 0;
  const auto* begin = t.data();
  const auto* end = t.data() + space;
  // One sign at most: from_chars takes a '-' of its own, so "+-5 days" would otherwise be -5.
  if (*begin == '+') {
    ++begin;
    if (begin == end || *begin == '-' || *begin == '+')
      return Error{"'" + std::string(text) + "' does not start with a whole number"};
  }
  const auto [ptr, ec] = std::from_chars(begin, end, count);
  if (ec != std::errc{} || ptr != end)
    return Error{"'" + std::string(text) + "' does not start with a whole number"};
  auto unit = parse_unit(std::string_view(t).substr(space + 1));
  if (!unit) return unit.error();
  if (count > kMaxDurationCount || count < -kMaxDurationCount)
    return Error{"'" + std::string(text) + "' is too long: at most " + std::to_string(kMaxDurationCount) + " units"};
  return Duration{count, *unit};
}

Result<Convention> parse_convention(std::string_view text) {
  if (text == "after") return Convention::after;
  if (text == "beginning_with") return Convention::beginning_with;
  return Error{"unknown counting convention '" + std::string(text) +
               "' (expected after or beginning_with)"};
}

std::string_view unit_name(Unit unit) {
  switch (unit) {
    case Unit::working_days: return "working days";
    case Unit::school_days: return "school days";
    case Unit::calendar_days: return "calendar days";
    case Unit::weeks: return "weeks";
    case Unit::months: return "months";
    case Unit::hours: return "hours";
  }
  return "?";
}

std::string_view convention_name(Convention c) {
  return c == Convention::after ? "after" : "beginning_with";
}

std::string to_string(const Duration& d) {
  std::string name(unit_name(d.unit));
  if (d.count == 1 || d.count == -1) name.pop_back();  // "1 working day", "1 month"
  return std::to_string(d.count) + " " + name;
}

}  // namespace timescales
