// Numbers the rows of one export that are identical in case, event, date and reason: 1, 2, 3…
// in file order. That number is part of an event's identity in the store (events_identity in
// adapters/store/schema.cpp), so a case system that records two `advice_received` on the same
// day keeps both, and re-importing the export still adds neither twice.
//
// An open-addressing table over one buffer of keys: an export of a million rows would otherwise
// make a million node allocations, which cost more than the inserts they accompany.
//
// Thread-safety: not thread-safe; one per import.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace timescales {

class OccurrenceCounter {
 public:
  explicit OccurrenceCounter(size_t expected_keys = 1024);

  // How many times `key` has now been seen, this time included.
  int next(std::string_view key);

 private:
  struct Slot {
    uint64_t hash = 0;
    size_t offset = 0;  // into keys_
    uint32_t length = 0;
    int32_t count = 0;  // 0: empty slot
  };
  void grow();

  std::vector<Slot> slots_;  // a power of two in size, kept at most half full
  std::string keys_;         // every distinct key, end to end
  size_t used_ = 0;
};

}  // namespace timescales
