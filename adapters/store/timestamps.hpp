// When things happened, as the store records them: UTC, ISO 8601, to the second
// ("2026-01-05T22:04:13Z"), so they sort as text and read the same in any SQL client.
//
// Thread-safety: free function; safe from any thread.
#pragma once

#include <string>

namespace timescales {

std::string utc_timestamp_now();

}  // namespace timescales
