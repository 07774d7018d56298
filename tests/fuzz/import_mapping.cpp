// Import mappings (adapters/import/mappings/*.toml): how another system's export maps onto events.
#include "adapters/import/import_mapping.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace timescales;
  (void)parse_import_mapping(fuzz::text_of(data, size), "fuzz.toml");
  return 0;
}
