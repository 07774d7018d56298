// The user's personal calendar feed (/calendar): a secret web address Outlook can subscribe to,
// holding that user's deadlines only (the feed itself is the API's route, /calendar/{secret}.ics).
// The secret is stored only as its digest, so the address is shown once, when it is made; making
// a new one stops the old one, and "Stop the link" revokes it.
#include <httplib.h>

#include "adapters/web/page_support.hpp"
#include "adapters/web/web_pages.hpp"
#include "adapters/web/web_service.hpp"

namespace timescales::web {
namespace {

void calendar_page(PageSite& site, httplib::Response& res, const SignedIn& who, const std::string& url, bool stopped) {
  if (site.service.access().of(who.principal.role).deadlines.empty()) return send_error_page(res, site, &who, 403);
  Page page{"calendar", "Calendar", "calendar", {}, 200};
  page.data["url"] = url;
  page.data["has_url"] = !url.empty();
  page.data["stopped"] = stopped;
  send_page(res, site, &who, std::move(page));
}

// The address the browser reached the server by; https when it came through TLS.
std::string feed_url(const PageSite& site, const httplib::Request& req, const std::string& secret) {
  std::string host = req.get_header_value("Host");
  if (host.empty() || host.find_first_of(" /\\\"<>") != std::string::npos) host = "localhost";
  return std::string(site.secure_cookies ? "https://" : "http://") + host + "/calendar/" + secret + ".ics";
}

}  // namespace

void add_calendar_routes(httplib::Server&, PageSite& site) {
  page_get(site, "/calendar", "/calendar",
           [&site](const httplib::Request&, httplib::Response& res, const SignedIn& who) {
             calendar_page(site, res, who, "", false);
           });
  form_post(site, "/calendar/renew", "/calendar/renew",
            [&site](const httplib::Request& req, httplib::Response& res, const SignedIn& who, const FormFields&) {
              if (site.service.access().of(who.principal.role).deadlines.empty())
                return send_error_page(res, site, &who, 403);
              auto bench = site.service.workbench();
              if (!bench) return send_error_page(res, site, &who, 500);
              auto secret = (*bench)->accounts->renew_calendar_token(who.principal.name);
              if (!secret) return send_error_page(res, site, &who, 500);
              calendar_page(site, res, who, feed_url(site, req, *secret), false);
            });
  form_post(site, "/calendar/revoke", "/calendar/revoke",
            [&site](const httplib::Request&, httplib::Response& res, const SignedIn& who, const FormFields&) {
              auto bench = site.service.workbench();
              if (!bench) return send_error_page(res, site, &who, 500);
              if (auto revoked = (*bench)->accounts->revoke_calendar_token(who.principal.name); !revoked)
                return send_error_page(res, site, &who, 500);
              calendar_page(site, res, who, "", true);
            });
}

}  // namespace timescales::web
