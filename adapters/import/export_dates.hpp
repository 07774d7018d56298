// Dates as case systems export them. The native layout is ISO (2025-12-19); a mapping may say
// dd/mm/yyyy (19/12/2025, the British day-first order Liquidlogic and Mosaic reports use) or
// d/m/yyyy (9/1/2026, as Excel re-saves them). Month-first American dates are deliberately not
// offered: 03/04/2025 would silently mean a different day.
//
// Thread-safety: free functions over values.
#pragma once

#include <string_view>

#include "engine/calendar/date.hpp"
#include "engine/core/result.hpp"

namespace timescales {

enum class ExportDateFormat { iso, day_month_year_padded, day_month_year };

// "yyyy-mm-dd", "dd/mm/yyyy" or "d/m/yyyy"; an error naming the three otherwise.
Result<ExportDateFormat> parse_export_date_format(std::string_view name);
std::string_view export_date_format_name(ExportDateFormat format);

// Refuses text not in the format, impossible dates ("30/02/2025 is not a date: Feb 2025 has 28
// days") and years outside 1900–2199, which in an export are typing slips (0025 for 2025).
Result<Date> parse_export_date(std::string_view text, ExportDateFormat format);

}  // namespace timescales
