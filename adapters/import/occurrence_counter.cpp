#include "adapters/import/occurrence_counter.hpp"

#include <functional>

namespace timescales {

OccurrenceCounter::OccurrenceCounter(size_t expected_keys) {
  size_t size = 64;
  while (size < expected_keys * 2) size *= 2;
  slots_.resize(size);
}

int OccurrenceCounter::next(std::string_view key) {
  const uint64_t hash = std::hash<std::string_view>{}(key);
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.count == 0) {
      slot = {hash, keys_.size(), static_cast<uint32_t>(key.size()), 1};
      keys_.append(key);
      if (++used_ * 2 > slots_.size()) grow();
      return 1;
    }
    if (slot.hash == hash && std::string_view(keys_).substr(slot.offset, slot.length) == key)
      return ++slot.count;
  }
}

void OccurrenceCounter::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.count == 0) continue;
    size_t i = slot.hash & mask;
    while (slots_[i].count != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace timescales
