// A case as JSON (`timescales evaluate FILE`): parse; a case that parses, written back and parsed
// again, is the same case.
#include "adapters/json/case_json.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace timescales;
  auto c = parse_case_json(fuzz::text_of(data, size), "fuzz.json");
  if (!c) return 0;
  const std::string written = case_to_json(*c).dump();
  auto back = parse_case_json(written, "written.json");
  FUZZ_CHECK(back.ok());
  FUZZ_CHECK(back->id == c->id && back->workflow == c->workflow && back->attributes == c->attributes);
  FUZZ_CHECK(back->events.size() == c->events.size());
  return 0;
}
