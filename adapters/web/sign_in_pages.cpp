// Signing in and out. The sign-in form is protected from cross-site posting before there is a
// session: GET /sign-in sets a random token as a SameSite=Strict cookie and puts the same token
// in the form; POST /sign-in refuses (403) a form whose token does not match its cookie. A failed
// sign-in says only "name or password not recognised": never whether the name exists, nor that
// the account is locked (Accounts counts the failures and locks the name).
#include <httplib.h>

#include "adapters/web/page_support.hpp"
#include "adapters/web/web_pages.hpp"
#include "adapters/web/web_service.hpp"

namespace timescales::web {
namespace {

void sign_in_form(httplib::Response& res, PageSite& site, const std::string& name,
                  const std::vector<std::pair<std::string, std::string>>& errors) {
  const std::string token = site.service.secrets().random_secret();
  res.set_header("Set-Cookie", cookie_header(site, kSignInCookie, token));
  Page page{"sign_in", "Sign in", "", {}, 200, !errors.empty()};
  page.data["form_token"] = token;
  page.data["name"] = name;
  add_field_errors(page.data, errors);
  send_page(res, site, nullptr, std::move(page));
}

}  // namespace

void add_sign_in_routes(httplib::Server& server, PageSite& site) {
  server.Get("/sign-in", [&site](const httplib::Request&, httplib::Response& res) {
    note_route("/sign-in");
    sign_in_form(res, site, "", {});
  });

  server.Post("/sign-in", [&site](const httplib::Request& req, httplib::Response& res) {
    note_route("/sign-in");
    if (req.body.size() > kMaxFormBytes) return send_error_page(res, site, nullptr, 413);
    const FormFields fields = parse_form(req.body);
    auto field = [&](const char* name) {
      auto found = fields.find(name);
      return found == fields.end() ? std::string() : found->second;
    };
    const auto cookie = cookie_value(req, kSignInCookie);
    const std::string token = field(kCsrfField);
    if (!cookie || cookie->empty() || token.empty() || !site.service.secrets().equal(*cookie, token))
      return send_error_page(res, site, nullptr, 403);
    const std::string name = field("name"), password = field("password");
    std::vector<std::pair<std::string, std::string>> errors;
    if (name.empty()) errors.emplace_back("name", "Enter your name");
    if (password.empty()) errors.emplace_back("password", "Enter your password");
    if (!errors.empty()) return sign_in_form(res, site, name, errors);
    auto bench = site.service.workbench();
    if (!bench) return send_error_page(res, site, nullptr, 500);
    auto signed_in = (*bench)->accounts->sign_in(name, password, site.service.now());
    if (!signed_in) return send_error_page(res, site, nullptr, 500);
    if (!*signed_in) return sign_in_form(res, site, name, {{"name", "Name or password not recognised"}});
    res.set_header("Set-Cookie", cookie_header(site, kSignInCookie, ""));
    res.set_header("Set-Cookie", cookie_header(site, kSessionCookie, (*signed_in)->cookie));
    redirect(res, "/");
  });

  form_post(site, "/sign-out", "/sign-out",
            [&site](const httplib::Request& req, httplib::Response& res, const SignedIn&, const FormFields&) {
              auto bench = site.service.workbench();
              if (!bench) return send_error_page(res, site, nullptr, 500);
              if (auto cookie = cookie_value(req, kSessionCookie))
                if (auto out = (*bench)->accounts->sign_out(*cookie); !out) return send_error_page(res, site, nullptr, 500);
              res.set_header("Set-Cookie", cookie_header(site, kSessionCookie, ""));
              redirect(res, "/sign-in");
            });
}

}  // namespace timescales::web
