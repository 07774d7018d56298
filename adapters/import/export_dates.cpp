#include "adapters/import/export_dates.hpp"

#include <array>
#include <string>

namespace timescales {
namespace {


// Reads between min_digits and max_digits digits; false when there are not enough.
bool read_number(std::string_view text, size_t& pos, size_t min_digits, size_t max_digits,
                 int& out) {
  size_t n = 0;
  out = 0;
  while (pos < text.size() && n < max_digits && text[pos] >= '0' && text[pos] <= '9') {
    out = out * 10 + (text[pos] - '0');
    ++pos;
    ++n;
  }
  return n >= min_digits;
}

bool expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

Result<ExportDateFormat> parse_export_date_format(std::string_view name) {
  if (name == "yyyy-mm-dd") return ExportDateFormat::iso;
  if (name == "dd/mm/yyyy") return ExportDateFormat::day_month_year_padded;
  if (name == "d/m/yyyy") return ExportDateFormat::day_month_year;
  return Error{"unknown date format '" + std::string(name) +
               "' (use yyyy-mm-dd, dd/mm/yyyy or d/m/yyyy)"};
}

std::string_view export_date_format_name(ExportDateFormat format) {
  switch (format) {
    case ExportDateFormat::iso: return "yyyy-mm-dd";
    case ExportDateFormat::day_month_year_padded: return "dd/mm/yyyy";
    case ExportDateFormat::day_month_year: return "d/m/yyyy";
  }
  return "yyyy-mm-dd";
}

Result<Date> parse_export_date(std::string_view text, ExportDateFormat format) {
  int y = 0, m = 0, d = 0;
  size_t pos = 0;
  bool shaped = false;
  switch (format) {
    case ExportDateFormat::iso:
      shaped = read_number(text, pos, 4, 4, y) && expect(text, pos, '-') &&
               read_number(text, pos, 2, 2, m) && expect(text, pos, '-') &&
               read_number(text, pos, 2, 2, d);
      break;
    case ExportDateFormat::day_month_year_padded:
      shaped = read_number(text, pos, 2, 2, d) && expect(text, pos, '/') &&
               read_number(text, pos, 2, 2, m) && expect(text, pos, '/') &&
               read_number(text, pos, 4, 4, y);
      break;
    case ExportDateFormat::day_month_year:
      shaped = read_number(text, pos, 1, 2, d) && expect(text, pos, '/') &&
               read_number(text, pos, 1, 2, m) && expect(text, pos, '/') &&
               read_number(text, pos, 4, 4, y);
      break;
  }
  // Built only for a message: this runs for every row of an export.
  const auto quoted = [&] {
    std::string q = "'";
    q += text;
    q += '\'';
    return q;
  };
  if (!shaped || pos != text.size()) {
    return Error{quoted() + " is not a date in the form " +
                 std::string(export_date_format_name(format))};
  }
  if (m < 1 || m > 12)
    return Error{quoted() + " is not a date: there is no month " + std::to_string(m)};
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    const std::chrono::year_month_day_last last{
        std::chrono::year{y}, std::chrono::month_day_last{std::chrono::month{static_cast<unsigned>(m)}}};
    return Error{quoted() + " is not a date: " + month_abbreviation(m) + " " + std::to_string(y) + " has " +
                 std::to_string(static_cast<unsigned>(last.day())) + " days"};
  }
  if (y < 1900 || y > 2199) return Error{quoted() + " has an implausible year " + std::to_string(y)};
  return Date{ymd};
}

}  // namespace timescales
