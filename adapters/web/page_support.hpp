// What every HTML page shares: routes that need a signed-in user (303 to /sign-in otherwise),
// forms whose CSRF token is checked before anything else is done (403, nothing written, when it
// is missing or wrong), the layout every page is rendered in (the council's header, the
// navigation the user's role allows, the sign-out form), and the error pages.
//
// A page's handler is given the signed-in user's principal and the session's CSRF token; it
// renders a template with a mstch map, whose values the template escapes.
//
// Thread-safety: the PageSite is shared by every server thread and only read; each handler runs
// on one thread with the WebService's workbench of that thread.
#pragma once

#include <mstch/mstch.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/web/raw_routes.hpp"
#include "application/access/principal.hpp"
#include "application/store/case_records.hpp"
#include "engine/calendar/date.hpp"
#include "engine/core/result.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace timescales::web {

class WebService;
class PageTemplates;

inline constexpr const char* kSessionCookie = "timescales_session";
// The sign-in form's own token, before there is a session (double-submitted: cookie and field).
inline constexpr const char* kSignInCookie = "timescales_sign_in";
inline constexpr const char* kCsrfField = "csrf_token";
// A form of the service is a few hundred bytes; a body beyond this is refused (413) before it is
// read. (The server's own limit is the API's, larger: a case file with its events.)
inline constexpr size_t kMaxFormBytes = 64 * 1024;
inline constexpr const char* kServiceName = "Statutory timescales";

struct PageSite {
  WebService& service;
  const PageTemplates& templates;
  bool secure_cookies = false;  // served over TLS, or behind a proxy that terminates it
  // The pages' routes, matched against the path as sent (a case reference may hold '/'):
  // page_get and form_post add to them; add_page_routes hands httplib whatever else is left.
  RawRoutes get_routes, post_routes;
};

struct SignedIn {
  Principal principal;
  std::string csrf_token;
};

// Fields of an application/x-www-form-urlencoded body (or a query string), by name; the first
// of a repeated name.
using FormFields = std::map<std::string, std::string>;
FormFields parse_form(std::string_view body);
std::optional<std::string> cookie_value(const httplib::Request& req, std::string_view name);
// "name=value; Path=/; HttpOnly; SameSite=Strict" (and Secure when the site is); an empty value
// with Max-Age=0 deletes the cookie.
std::string cookie_header(const PageSite& site, std::string_view name, std::string_view value);

using PageHandler = std::function<void(const httplib::Request&, httplib::Response&, const SignedIn&)>;
using FormHandler =
    std::function<void(const httplib::Request&, httplib::Response&, const SignedIn&, const FormFields&)>;
// The same for a route with groups ("/cases/([^/]+)"): given them decoded (raw_routes.hpp).
using PathPageHandler =
    std::function<void(const httplib::Request&, httplib::Response&, const SignedIn&, const PathParams&)>;
using PathFormHandler = std::function<void(const httplib::Request&, httplib::Response&, const SignedIn&,
                                           const FormFields&, const PathParams&)>;

// GET `regex` (over the raw path), for a signed-in user; `pattern` names the route in the log
// ("/cases/{id}"). Routes are tried in the order they are added.
void page_get(PageSite& site, const char* pattern, const std::string& regex, PageHandler handler);
void page_get(PageSite& site, const char* pattern, const std::string& regex, PathPageHandler handler);
// POST `regex` with a form, for a signed-in user whose form carries the session's CSRF token.
void form_post(PageSite& site, const char* pattern, const std::string& regex, FormHandler handler);
void form_post(PageSite& site, const char* pattern, const std::string& regex, PathFormHandler handler);
// Gives httplib the site's page routes (after every page_get and form_post): any GET or POST no
// earlier httplib route took is tried against them, and is a 404 page when none matches.
void serve_page_routes(httplib::Server& server, PageSite& site);
// Names the route being served, for the server's log (page_get and form_post do it).
void note_route(std::string_view pattern);
// The route noted for the request being served on this thread ("" if none).
std::string_view noted_route();

struct Page {
  std::string template_name;
  std::string title;       // the page's own name: "My deadlines" ("Error: " is added on errors)
  std::string section;     // the navigation item it belongs to: "deadlines", "cases", …
  mstch::map data;
  int status = 200;
  bool has_errors = false;
};
// `who` may be null (the sign-in page, errors before sign-in).
void send_page(httplib::Response& res, const PageSite& site, const SignedIn* who, Page page);
// The error page for 403, 404, 413, 500 (a message that says nothing of any case).
void send_error_page(httplib::Response& res, const PageSite& site, const SignedIn* who, int status);
void redirect(httplib::Response& res, const std::string& to);  // 303 See Other

// A GOV.UK error summary's and fields' errors: {"errors": [{"field","message","href"}],
// "error_<field>": message} merged into `data`.
void add_field_errors(mstch::map& data, const std::vector<std::pair<std::string, std::string>>& errors);
// The href a field's error links to (the first input of a GOV.UK date input: "#date-day").
std::string field_anchor(const std::string& field);

// A GOV.UK date input's three fields ("<name>-day", "-month", "-year") as a date; the message
// for the field when they are missing or not a real date.
Result<Date> date_from_fields(const FormFields& fields, const std::string& name, const std::string& label);

// "Wed 7 Jan 2026"; "" for none.
std::string long_date(const std::optional<Date>& d);
// The GOV.UK tag colour for a clock's status ("govuk-tag--red" for overdue and missed, …).
std::string status_tag_class(std::string_view status);
// A clock's status as a person reads it ("overdue", "met", "running").
std::string status_words(std::string_view status);

// A path segment percent-encoded (a case reference in a link: /cases/CMP%2F1).
std::string url_segment(std::string_view text);
// A query string's value percent-encoded.
std::string url_query_value(std::string_view text);

// Where an event recorded on a page came from: the page ("web: record an event") and who
// recorded it (the principal's actor name), as the case's timeline shows them.
EventSource web_source(const Principal& who, const std::string& page);
// Who recorded a stored event ("user:ann", "cli:root"); "" when the store does not say.
std::string recorded_by(const EventSource& source);

// The audit line's detail for a write, as JSON.
std::string audit_detail(const std::map<std::string, std::string>& fields);

}  // namespace timescales::web
