// The HTML pages of `timescales serve`, one file of routes each:
//   sign_in_pages.cpp    GET/POST /sign-in, POST /sign-out
//   deadline_page.cpp    GET /                       My deadlines
//   caseload_page.cpp    GET /cases, /cases.csv      the caseload, filtered, sorted, paged
//   case_page.cpp        GET /cases/{id}             a case: clocks, explanations, flags, timeline
//   event_pages.cpp      GET /cases/{id}/events/new, POST /cases/{id}/events (check, then save),
//                        GET/POST /events/{id}/correct
//   new_case_page.cpp    GET /cases/new, POST /cases
//   report_pages.cpp     GET /reports, /reports/compliance-report, /reports/ehcp-tracking
//   calendar_page.cpp    GET /calendar, POST /calendar/renew, /calendar/revoke
// Every case page reads and writes through WebService::readable/writable (403, and nothing of the
// case, outside the role's scope) and is audited, via "web".
//
// Thread-safety: the routes run on the server's threads; see page_support.hpp.
#pragma once

namespace httplib {
class Server;
}

namespace timescales::web {

struct PageSite;

void add_page_routes(httplib::Server& server, PageSite& site);

void add_sign_in_routes(httplib::Server& server, PageSite& site);
void add_deadline_routes(httplib::Server& server, PageSite& site);
void add_caseload_routes(httplib::Server& server, PageSite& site);
void add_case_routes(httplib::Server& server, PageSite& site);
void add_event_routes(httplib::Server& server, PageSite& site);
void add_new_case_routes(httplib::Server& server, PageSite& site);
void add_report_routes(httplib::Server& server, PageSite& site);
void add_calendar_routes(httplib::Server& server, PageSite& site);

}  // namespace timescales::web
