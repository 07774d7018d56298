#include "application/caseload/caseload_search.hpp"

#include <algorithm>

#include "engine/calendar/clock_arithmetic.hpp"

namespace timescales {
namespace {

bool counts_as_due(TimerStatus s) {
  return s == TimerStatus::running || s == TimerStatus::paused || s == TimerStatus::overdue;
}

std::optional<size_t> next_due(const Evaluation& e) {
  std::optional<size_t> next;
  for (size_t i = 0; i < e.timers.size(); ++i) {
    const auto& t = e.timers[i];
    if (counts_as_due(t.status) && t.due && (!next || *t.due < *e.timers[*next].due)) next = i;
  }
  return next;
}

}  // namespace

std::optional<CaseStatusFilter> parse_case_status_filter(std::string_view text) {
  if (text == "any" || text.empty()) return CaseStatusFilter::any;
  if (text == "overdue") return CaseStatusFilter::overdue;
  if (text == "at_risk") return CaseStatusFilter::at_risk;
  if (text == "running") return CaseStatusFilter::running;
  return std::nullopt;
}

Result<CaseloadPage> search_caseload(CaseStore& store, CaseAssessor& assessor, const CaseloadQuery& q) {
  if (q.page == 0) return Error{"pages are numbered from 1"}.about("page");
  if (q.per_page == 0) return Error{"a page holds at least one case"}.about("per_page");
  if (q.due_within_working_days && *q.due_within_working_days < 0)
    return Error{"due within a negative number of working days"}.about("due_within");

  std::unique_ptr<UnitOfWork> unit;  // one read: the list and the cases agree
  if (!store.in_unit_of_work()) {
    auto begun = store.begin(CaseStore::Work::read);
    if (!begun) return begun.error();
    unit = std::move(*begun);
  }
  auto records = store.find_cases(q.filter);
  if (!records) return records.error();
  std::vector<CaseloadLine> lines;
  for (auto& r : *records) {
    auto loaded = store.load_case(r.id);
    if (!loaded) return loaded.error();
    if (!*loaded) continue;  // cannot happen inside one read; harmless if it did
    auto a = assessor.assess(std::move(**loaded), q.as_of, Timeline::leave_out);
    if (!a) return a.error();
    if (!q.state.empty() && a->evaluation.state != q.state) continue;
    CaseloadLine line;
    line.case_id = r.id;
    line.workflow = r.workflow;
    line.team = r.team.value_or("");
    line.owner = r.owner.value_or("");
    line.state = a->evaluation.state;
    line.overdue = std::any_of(a->evaluation.timers.begin(), a->evaluation.timers.end(),
                               [](const TimerResult& t) { return t.status == TimerStatus::overdue; }) ||
                   std::any_of(a->flags.begin(), a->flags.end(),
                               [](const rules::Flag& f) { return f.severity == rules::Severity::overdue; });
    line.at_risk = !line.overdue && std::any_of(a->flags.begin(), a->flags.end(), [](const rules::Flag& f) {
      return f.severity == rules::Severity::at_risk;
    });
    line.next = next_due(a->evaluation);
    const TimerResult* next = line.next ? &a->evaluation.timers[*line.next] : nullptr;
    const bool running = std::any_of(a->evaluation.timers.begin(), a->evaluation.timers.end(),
                                     [](const TimerResult& t) { return counts_as_due(t.status); });
    if (q.status == CaseStatusFilter::overdue && !line.overdue) continue;
    if (q.status == CaseStatusFilter::at_risk && !line.at_risk) continue;
    if (q.status == CaseStatusFilter::running && !running) continue;
    if (q.due_within_working_days) {
      if (!next) continue;
      if (*next->due > q.as_of) {
        auto cal = assessor.calendars_for(a->case_data);
        if (!cal) return cal.error();
        auto days = count_units(q.as_of, *next->due, Unit::working_days, Convention::after, {cal->working.get(), nullptr});
        if (!days) return days.error();
        if (*days > *q.due_within_working_days) continue;
      }
    }
    line.assessment = std::move(*a);
    lines.push_back(std::move(line));
  }
  if (unit)
    if (auto ended = unit->commit(); !ended) return ended.error();

  std::sort(lines.begin(), lines.end(), [](const CaseloadLine& a, const CaseloadLine& b) {
    const TimerResult* x = a.next_timer();
    const TimerResult* y = b.next_timer();
    if ((x != nullptr) != (y != nullptr)) return x != nullptr;
    if (x && *x->due != *y->due) return *x->due < *y->due;
    return a.case_id < b.case_id;
  });
  CaseloadPage page;
  page.total = lines.size();
  page.page = q.page;
  page.per_page = q.per_page;
  const size_t first = std::min(lines.size(), (q.page - 1) * q.per_page);
  const size_t last = std::min(lines.size(), first + q.per_page);
  page.cases.assign(std::make_move_iterator(lines.begin() + static_cast<std::ptrdiff_t>(first)),
                    std::make_move_iterator(lines.begin() + static_cast<std::ptrdiff_t>(last)));
  return page;
}

}  // namespace timescales
