// Rule files (rules/*.toml), checked against the shipped workflows' timers and events.
#include "adapters/files/rule_files.hpp"
#include "engine/rules/rule_loader.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace timescales;
  static const rules::VocabularyLookup lookup = vocabulary_of(fuzz::shipped_workflows());
  (void)rules::parse_rule_file(fuzz::text_of(data, size), "fuzz.toml", lookup);
  return 0;
}
