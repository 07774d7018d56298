// A case (/cases/{id}): its state, each clock with the engine's explanation of its date, the
// flags and why, the problems with its data (the engine's, and rows an import rejected), and
// every event ever recorded — corrected and voided ones struck through with the reason — with
// who recorded it and from which import or page. Out of the role's scope, or no such case: 403,
// the same page either way. Every read is audited.
#include <httplib.h>

#include "adapters/web/case_views.hpp"
#include "adapters/web/page_support.hpp"
#include "adapters/web/web_pages.hpp"
#include "adapters/web/web_service.hpp"

namespace timescales::web {
namespace {

mstch::array history_rows(const std::vector<StoredEvent>& history, bool writable) {
  mstch::array rows;
  for (const auto& e : history) {
    const bool in_force = !e.superseded_by && !e.voided;
    std::string amended;
    if (e.superseded_by) amended = "Corrected by #" + std::to_string(*e.superseded_by);
    if (e.voided) amended = "Voided: recorded in error";
    std::string from = e.source.file;
    if (e.source.row) from += ", row " + std::to_string(*e.source.row);
    rows.push_back(mstch::map{{"id", std::to_string(e.id)},
                              {"date", to_long(e.event.date) + (e.event.time ? ", " + to_hh_mm(*e.event.time) : "")},
                              {"type", e.event.type},
                              {"reason", e.event.reason},
                              {"recorded_by", recorded_by(e.source)},
                              {"from", from},
                              {"recorded_at", e.recorded_at},
                              {"superseded", !in_force},
                              {"amended", amended},
                              {"why", e.amended ? e.amended->reason : std::string()},
                              {"supersedes", e.supersedes ? "#" + std::to_string(*e.supersedes) : std::string()},
                              {"correct_href", in_force && writable ? "/events/" + std::to_string(e.id) + "/correct"
                                                                    : std::string()}});
  }
  return rows;
}

void case_page(PageSite& site, const std::string& case_id, httplib::Response& res, const SignedIn& who) {
  WebService& service = site.service;
  auto record = service.readable(who.principal, case_id);
  if (!record) return send_error_page(res, site, &who, record.error().kind == ErrorKind::forbidden ? 403 : 500);
  // Recorded before the case is shown: a read nobody recorded is not served.
  if (auto audited = service.audit_read(who.principal, "read", case_id, "{}", "web"); !audited)
    return send_error_page(res, site, &who, 500);
  auto bench = service.workbench();
  if (!bench) return send_error_page(res, site, &who, 500);
  auto view = (*bench)->assessor->view(case_id, service.today(), Timeline::keep);
  if (!view) return send_error_page(res, site, &who, view.error().kind == ErrorKind::not_found ? 403 : 500);
  const bool writable = service.access().may_write(who.principal, view->record);

  Page page{"case", "Case " + case_id, "cases", {}, 200};
  mstch::map& d = page.data;
  d["case_id"] = case_id;
  d["workflow"] = view->record.workflow;
  d["team"] = view->record.team.value_or("");
  d["owner"] = view->record.owner.value_or("");
  d["closed"] = view->record.closed;
  d["as_of"] = to_long(service.today());
  d["writable"] = writable;
  d["record_href"] = "/cases/" + url_segment(case_id) + "/events/new";
  add_assessment(d, view->assessment);
  d["history"] = history_rows(view->history, writable);
  if (view->rejected) {
    std::string note = view->rejected->note();
    if (!view->rejected->events.empty()) {
      note += " (";
      for (size_t i = 0; i < view->rejected->events.size(); ++i) note += (i ? ", " : "") + view->rejected->events[i];
      note += ")";
    }
    d["rejected"] = note + ": it may explain a clock shown as overdue; see that night's rejects file.";
    d["has_problems"] = true;
  }
  send_page(res, site, &who, std::move(page));
}

}  // namespace

void add_case_routes(httplib::Server&, PageSite& site) {
  page_get(site, "/cases/{id}", R"(/cases/([^/]+))",
           [&site](const httplib::Request&, httplib::Response& res, const SignedIn& who, const PathParams& path) {
             case_page(site, path.at(0), res, who);
           });
}

}  // namespace timescales::web
