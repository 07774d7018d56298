// A stable 64-bit fingerprint of a text: FNV-1a, as 16 hex digits. It tells texts apart (which
// definitions produced a run's dates; which recipient a queued digest is for) and is the same on
// every machine and run. Not a security hash: nothing that uses it needs one.
//
// Thread-safety: a pure function.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace timescales {

inline std::string fnv1a64_hex(std::string_view text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace timescales
