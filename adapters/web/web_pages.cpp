#include "adapters/web/web_pages.hpp"

#include "adapters/web/page_support.hpp"

namespace timescales::web {

void add_page_routes(httplib::Server& server, PageSite& site) {
  // In this order: the first route that matches takes the request, and /cases/new, /cases.csv
  // and /cases/{id}/events/new must come before /cases/{id}.
  add_sign_in_routes(server, site);
  add_deadline_routes(server, site);
  add_caseload_routes(server, site);
  add_new_case_routes(server, site);
  add_event_routes(server, site);
  add_case_routes(server, site);
  add_report_routes(server, site);
  add_calendar_routes(server, site);
  serve_page_routes(server, site);
}

}  // namespace timescales::web
