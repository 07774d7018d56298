#include "adapters/web/scoped_cases.hpp"

#include "adapters/web/web_service.hpp"

namespace timescales::web {

Result<std::vector<ScopedCase>> assess_scoped_cases(WebService& service, const Principal& p, CaseFilter requested,
                                                    Timeline timeline) {
  auto narrowed = service.access().narrow(p, std::move(requested));
  std::vector<ScopedCase> cases;
  if (narrowed.nothing) return cases;
  auto bench = service.workbench();
  if (!bench) return bench.error();
  CaseStore& store = *(*bench)->cases;
  CaseAssessor& assessor = *(*bench)->assessor;
  const Date today = service.today();
  // One read unit: every case as of one moment of the store.
  auto unit = store.begin(CaseStore::Work::read);
  if (!unit) return unit.error();
  auto records = store.find_cases(narrowed.filter);
  if (!records) return records.error();
  cases.reserve(records->size());
  for (const auto& record : *records) {
    if (!service.access().may_read(p, record)) continue;  // narrow() is the filter; this is the rule
    auto loaded = store.load_case(record.id);
    if (!loaded) return loaded.error();
    if (!*loaded) continue;
    auto calendars = assessor.calendars_for(**loaded);
    if (!calendars) return calendars.error();
    auto assessed = assessor.assess(std::move(**loaded), today, timeline);
    if (!assessed) return assessed.error();
    cases.push_back({std::move(*assessed), calendars->working});
  }
  return cases;
}

}  // namespace timescales::web
