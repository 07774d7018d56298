#include "adapters/web/page_support.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "adapters/web/page_templates.hpp"
#include "adapters/web/web_service.hpp"

namespace timescales::web {
namespace {

thread_local std::string current_route;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// The session the request's cookie names, if it is alive; an Error when the store failed.
Result<std::optional<SignedIn>> session_of(PageSite& site, const httplib::Request& req) {
  auto cookie = cookie_value(req, kSessionCookie);
  if (!cookie || cookie->empty()) return std::optional<SignedIn>{};
  auto bench = site.service.workbench();
  if (!bench) return bench.error();
  auto session = (*bench)->accounts->session(*cookie, site.service.now());
  if (!session) return session.error();
  if (!*session) return std::optional<SignedIn>{};
  return std::optional<SignedIn>{SignedIn{(*session)->principal, (*session)->csrf_token}};
}

struct NavItem {
  const char* section;
  const char* href;
  const char* label;
};

mstch::array navigation(const PageSite& site, const SignedIn& who, const std::string& current) {
  const RoleAccess& role = site.service.access().of(who.principal.role);
  const bool reads_cases = role.every_workflow || !role.workflows.empty();
  std::vector<NavItem> items;
  if (!role.deadlines.empty()) items.push_back({"deadlines", "/", "My deadlines"});
  if (reads_cases) items.push_back({"cases", "/cases", "Caseload"});
  if (reads_cases && role.writes) items.push_back({"new", "/cases/new", "New case"});
  if (role.reports) items.push_back({"reports", "/reports", "Reports"});
  if (!role.deadlines.empty()) items.push_back({"calendar", "/calendar", "Calendar"});
  mstch::array nav;
  for (const auto& item : items)
    nav.push_back(mstch::map{{"href", std::string(item.href)},
                             {"label", std::string(item.label)},
                             {"current", current == item.section}});
  return nav;
}

}  // namespace

FormFields parse_form(std::string_view body) {
  FormFields fields;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    const auto pair = body.substr(start, end - start);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      std::string name = url_decode(pair.substr(0, eq));
      std::string value = eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1));
      fields.emplace(std::move(name), std::move(value));
    }
    start = end + 1;
  }
  return fields;
}

std::optional<std::string> cookie_value(const httplib::Request& req, std::string_view name) {
  const auto count = req.get_header_value_count("Cookie");
  for (size_t n = 0; n < count; ++n) {
    const std::string header = req.get_header_value("Cookie", n);
    size_t start = 0;
    while (start < header.size()) {
      size_t end = header.find(';', start);
      if (end == std::string::npos) end = header.size();
      std::string_view pair(header.data() + start, end - start);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
      start = end + 1;
    }
  }
  return std::nullopt;
}

std::string cookie_header(const PageSite& site, std::string_view name, std::string_view value) {
  std::string header = std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Strict";
  if (value.empty()) header += "; Max-Age=0";
  if (site.secure_cookies) header += "; Secure";
  return header;
}

void note_route(std::string_view pattern) { current_route = pattern; }
std::string_view noted_route() { return current_route; }

void page_get(PageSite& site, const char* pattern, const std::string& regex, PathPageHandler handler) {
  site.get_routes.add(regex, [&site, pattern, handler](const httplib::Request& req, httplib::Response& res,
                                                       const PathParams& path) {
    note_route(pattern);
    auto who = session_of(site, req);
    if (!who) return send_error_page(res, site, nullptr, 500);
    if (!*who) return redirect(res, "/sign-in");
    handler(req, res, **who, path);
  });
}

void page_get(PageSite& site, const char* pattern, const std::string& regex, PageHandler handler) {
  page_get(site, pattern, regex,
           PathPageHandler([handler](const httplib::Request& req, httplib::Response& res, const SignedIn& who,
                                     const PathParams&) { handler(req, res, who); }));
}

void form_post(PageSite& site, const char* pattern, const std::string& regex, PathFormHandler handler) {
  site.post_routes.add(regex, [&site, pattern, handler](const httplib::Request& req, httplib::Response& res,
                                                        const PathParams& path) {
    note_route(pattern);
    if (req.body.size() > kMaxFormBytes) return send_error_page(res, site, nullptr, 413);
    auto who = session_of(site, req);
    if (!who) return send_error_page(res, site, nullptr, 500);
    if (!*who) return redirect(res, "/sign-in");
    // Checked before the form is looked at any further: a forged form does nothing at all.
    const FormFields fields = parse_form(req.body);
    const auto token = fields.find(kCsrfField);
    if (token == fields.end() || token->second.empty() ||
        !site.service.secrets().equal(token->second, (*who)->csrf_token))
      return send_error_page(res, site, &**who, 403);
    handler(req, res, **who, fields, path);
  });
}

void form_post(PageSite& site, const char* pattern, const std::string& regex, FormHandler handler) {
  form_post(site, pattern, regex,
            PathFormHandler([handler](const httplib::Request& req, httplib::Response& res, const SignedIn& who,
                                      const FormFields& fields, const PathParams&) { handler(req, res, who, fields); }));
}

void serve_page_routes(httplib::Server& server, PageSite& site) {
  // httplib's status stays unset (-1) when no route matched: a 404 with no body, which the
  // server's error handler turns into the 404 page.
  server.Get(".*", [&site](const httplib::Request& req, httplib::Response& res) {
    if (!site.get_routes.dispatch(req, res)) res.status = 404;
  });
  server.Post(".*", [&site](const httplib::Request& req, httplib::Response& res) {
    if (!site.post_routes.dispatch(req, res)) res.status = 404;
  });
}

void send_page(httplib::Response& res, const PageSite& site, const SignedIn* who, Page page) {
  mstch::map& data = page.data;
  data["page_title"] = (page.has_errors ? "Error: " : "") + page.title + " - " + kServiceName + " - " +
                       site.service.settings().council_name;
  data["heading"] = page.title;
  data["council"] = site.service.settings().council_name;
  data["service_name"] = std::string(kServiceName);
  if (who) {
    data["signed_in"] = true;
    data["user_name"] = who->principal.name;
    data["csrf_token"] = who->csrf_token;
    data["navigation"] = navigation(site, *who, page.section);
  }
  res.status = page.status;
  res.set_content(site.templates.render(page.template_name, data), "text/html; charset=utf-8");
}

void send_error_page(httplib::Response& res, const PageSite& site, const SignedIn* who, int status) {
  std::string title, message;
  switch (status) {
    case 403:
      title = "You cannot do this";
      message =
          "Your role does not allow this, or there is no such case, or the form was not sent from this "
          "service's own page. Go back, reload the page and try again.";
      break;
    case 404:
      title = "Page not found";
      message = "If you typed the web address, check it is correct.";
      break;
    case 413:
      title = "What you sent was too large";
      message = "Forms of this service are small: go back and try again.";
      break;
    default:
      if (status >= 400 && status < 500) {
        title = "The request could not be understood";
        message = "Go back, reload the page and try again.";
        break;
      }
      status = 500;
      title = "Sorry, there is a problem with the service";
      message = "Try again later. Nothing you sent has been saved.";
  }
  Page page{"error", title, "", {}, status};
  page.data["message"] = message;
  send_page(res, site, who, std::move(page));
}

void redirect(httplib::Response& res, const std::string& to) {
  res.status = 303;
  res.set_header("Location", to);
}

std::string field_anchor(const std::string& field) {
  return field == "date" ? "#date-day" : "#" + field;
}

void add_field_errors(mstch::map& data, const std::vector<std::pair<std::string, std::string>>& errors) {
  mstch::array list;
  for (const auto& [field, message] : errors) {
    list.push_back(mstch::map{{"field", field}, {"message", message}, {"href", field_anchor(field)}});
    data["error_" + field] = message;
  }
  if (!list.empty()) {
    data["errors"] = list;
    data["has_errors"] = true;
  }
}

Result<Date> date_from_fields(const FormFields& fields, const std::string& name, const std::string& label) {
  auto part = [&](const char* suffix) {
    auto found = fields.find(name + "-" + suffix);
    std::string value = found == fields.end() ? "" : found->second;
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.erase(0, 1);
    return value;
  };
  const std::string day = part("day"), month = part("month"), year = part("year");
  if (day.empty() && month.empty() && year.empty()) return Error("Enter " + label).about(name);
  if (day.empty() || month.empty() || year.empty())
    return Error(std::string(label) + " must include a day, month and year").about(name);
  auto digits = [](const std::string& s) {
    return !s.empty() && s.size() <= 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(day) || !digits(month) || year.size() != 4 || !digits(year))
    return Error(std::string(label) + " must be a real date").about(name);
  const int d = std::stoi(day), m = std::stoi(month), y = std::stoi(year);
  char iso[16];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
  auto date = parse_iso_date(iso);
  if (!date) return Error(std::string(label) + " must be a real date").about(name);
  return *date;
}

std::string long_date(const std::optional<Date>& d) { return d ? to_long(*d) : ""; }

std::string status_tag_class(std::string_view status) {
  if (status == "overdue" || status == "missed") return "govuk-tag--red";
  if (status == "met") return "govuk-tag--green";
  if (status == "running") return "govuk-tag--blue";
  if (status == "paused") return "govuk-tag--yellow";
  return "govuk-tag--grey";
}

std::string status_words(std::string_view status) { return std::string(status); }

namespace {
std::string percent_encode(std::string_view text, bool query) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (query && c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}
}  // namespace

std::string url_segment(std::string_view text) { return percent_encode(text, false); }
std::string url_query_value(std::string_view text) { return percent_encode(text, true); }

EventSource web_source(const Principal& who, const std::string& page) {
  EventSource source;
  source.file = "web: " + page;
  source.recorded_by = who.actor();
  return source;
}

std::string recorded_by(const EventSource& source) {
  return source.recorded_by;
}

std::string audit_detail(const std::map<std::string, std::string>& fields) {
  nlohmann::json detail = nlohmann::json::object();
  for (const auto& [k, v] : fields) detail[k] = v;
  return detail.dump();
}

}  // namespace timescales::web
