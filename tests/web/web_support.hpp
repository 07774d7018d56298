// The web pages' tests: the real server started in the test's process on 127.0.0.1, port 0, over
// a fresh store in a temporary folder with known users and cases; real requests through
// httplib::Client. The service's clock is the test's (WebSettings::now), starting at the real now
// and moved on by advance(), so that a session can be seen to expire.
//
// The cases (every date in the past; the law's arithmetic is in each test's comments):
//   CMP-1  complaints-statutory, team "CIN Widnes", received Thu 1 Oct 2026
//   CMP-2  complaints-statutory, team "CIN Runcorn", received Thu 1 Oct 2026
//   EHC-1  ehcp-needs-assessment, team "SEND Halton", request received Thu 1 Oct 2026
//   XSS-1  complaints-statutory, team and owner holding markup, received Thu 1 Oct 2026
// The users (password kPassword each): ann complaints_officer, sam send_team, tom team_manager of
// "CIN Widnes", meg manager, adi admin.
#pragma once

#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "adapters/store/open_case_store.hpp"
#include "adapters/web/web_server.hpp"
#include "adapters/web/web_service.hpp"

namespace timescales::test {

inline constexpr const char* kPassword = "correct horse battery";
inline const std::string kMarkup = "<script>alert('x')</script>";

// A stream the server's log writes to from its threads; read once the server has stopped.
struct ServerLog : std::stringbuf {};

class WebFixture {
 public:
  explicit WebFixture(web::ServerOptions options = {}) : dir_(std::filesystem::temp_directory_path() /
                      ("timescales-web-" + std::to_string(::getpid()) + "-" + std::to_string(++count_))) {
    namespace fs = std::filesystem;
    fs::create_directories(dir_);
    db_ = (dir_ / "cases.db").string();
    {
      auto opened = open_case_store(db_, StoreOpening::create_if_missing);
      REQUIRE(opened);
    }
    clock_ = static_cast<UnixSeconds>(std::time(nullptr));
    web::WebSettings settings;
    settings.db = db_;
    settings.data_dir = TIMESCALES_SOURCE_DIR;
    settings.council_name = "Halton Borough Council";
    settings.now = [this] { return clock_.load(); };
    auto service = web::WebService::open(settings);
    if (!service) FAIL(service.error().to_string());
    service_ = std::move(*service);

    add_user("ann", Role::complaints_officer);
    add_user("sam", Role::send_team);
    add_user("tom", Role::team_manager, "CIN Widnes");
    add_user("meg", Role::manager);
    add_user("adi", Role::admin);
    open_case("CMP-1", "complaints-statutory", "received", "CIN Widnes");
    open_case("CMP-2", "complaints-statutory", "received", "CIN Runcorn");
    open_case("EHC-1", "ehcp-needs-assessment", "request_received", "SEND Halton");
    open_case("XSS-1", "complaints-statutory", "received", kMarkup, "<b>owner</b>");

    options.log = &log_stream_;
    options.assets_dir = "";
    auto server = web::WebServer::open(*service_, options);
    if (!server) FAIL(server.error().to_string());
    server_ = std::move(*server);
    thread_ = std::thread([this] { ran_ = static_cast<bool>(server_->run()); });
    server_->wait_until_listening();
  }

  ~WebFixture() {
    stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  WebFixture(const WebFixture&) = delete;
  WebFixture& operator=(const WebFixture&) = delete;

  void stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }

  web::WebService& service() { return *service_; }
  int port() const { return server_->bound_port(); }
  void advance(UnixSeconds seconds) { clock_ += seconds; }
  Date today() const { return service_->today(); }
  // The log so far (call after stop(), or accept a partial line).
  std::string log() const { return log_stream_.str(); }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port());
    c.set_read_timeout(30, 0);
    return c;
  }

  // The store as a test reads it: a connection of the test's own.
  std::unique_ptr<CaseStore> store() const {
    auto opened = open_case_store(db_, StoreOpening::must_exist);
    REQUIRE(opened);
    return std::move(opened->store);
  }
  size_t events_of(const std::string& case_id) const {
    auto history = store()->event_history(case_id);
    REQUIRE(history);
    return history->size();
  }
  // Every audit line of an actor ("user:ann"), oldest first.
  std::vector<AuditEntry> audit_by(const std::string& actor) {
    REQUIRE(service_->flush_audit());
    auto bench = service_->workbench();
    REQUIRE(bench);
    auto entries = (*bench)->accounts_store->audit_entries("", actor);
    REQUIRE(entries);
    return *entries;
  }
  std::vector<AuditEntry> audit_of(const std::string& case_id) {
    REQUIRE(service_->flush_audit());  // a read's line is queued, not yet committed
    auto bench = service_->workbench();
    REQUIRE(bench);
    auto entries = (*bench)->accounts->audit_of_case(case_id);
    REQUIRE(entries);
    return *entries;
  }

  // Opens a case on 1 October 2026 with its first event, as an import would.
  void open_case(const std::string& id, const std::string& workflow, const std::string& event, const std::string& team,
                 const std::string& owner = "") {
    auto cases = service_->case_register();
    REQUIRE(cases);
    auto recorded = cases->record_event(id, {event, make_date(2026, 10, 1), "", 0}, {"test fixture", std::nullopt},
                                        Opening{workflow, team, owner.empty() ? std::nullopt : std::optional(owner)});
    if (!recorded) FAIL(recorded.error().to_string());
  }

 private:
  void add_user(const std::string& name, Role role, const std::string& team = "") {
    auto bench = service_->workbench();
    REQUIRE(bench);
    auto added = (*bench)->accounts->add_user(name, role, team, kPassword, clock_);
    if (!added) FAIL(added.error().to_string());
  }

  static inline int count_ = 0;
  std::filesystem::path dir_;
  std::string db_;
  std::atomic<UnixSeconds> clock_{0};
  std::unique_ptr<web::WebService> service_;
  std::ostringstream log_stream_;
  std::unique_ptr<web::WebServer> server_;
  std::thread thread_;
  bool ran_ = false;
};

// A browser's session as the tests drive one: its cookie and the CSRF token its forms carry.
struct Browser {
  httplib::Client http;
  std::string cookie;  // "timescales_session=…"
  std::string csrf;

  explicit Browser(const WebFixture& f) : http(f.client()) {}

  httplib::Headers headers() const { return cookie.empty() ? httplib::Headers{} : httplib::Headers{{"Cookie", cookie}}; }
  httplib::Result get(const std::string& path) { return http.Get(path.c_str(), headers()); }
  // Posts the form with the session's CSRF token added (unless `with_token` is false).
  httplib::Result post(const std::string& path, httplib::Params form, bool with_token = true) {
    if (with_token) form.emplace("csrf_token", csrf);
    return http.Post(path.c_str(), headers(), form);
  }
};

// The value of a hidden field in a page: <input type="hidden" name="NAME" value="VALUE">.
inline std::string hidden_field(const std::string& html, const std::string& name) {
  std::smatch m;
  const std::regex re("name=\"" + name + "\" value=\"([^\"]*)\"");
  return std::regex_search(html, m, re) ? m[1].str() : "";
}

// The value the response sets the cookie to ("" when it sets none).
inline std::string set_cookie(const httplib::Response& res, const std::string& name) {
  for (const auto& [k, v] : res.headers)
    if (k == "Set-Cookie" && v.rfind(name + "=", 0) == 0) return v.substr(name.size() + 1, v.find(';') - name.size() - 1);
  return "";
}
inline std::string set_cookie_header(const httplib::Response& res, const std::string& name) {
  for (const auto& [k, v] : res.headers)
    if (k == "Set-Cookie" && v.rfind(name + "=", 0) == 0) return v;
  return "";
}

// Signs in through the sign-in page as a browser would; the response to the form's POST.
inline httplib::Result sign_in(Browser& b, const std::string& name, const std::string& password = kPassword) {
  auto form = b.http.Get("/sign-in");
  REQUIRE(form);
  REQUIRE(form->status == 200);
  const std::string token = hidden_field(form->body, "csrf_token");
  const std::string pre = set_cookie(*form, "timescales_sign_in");
  httplib::Params fields{{"name", name}, {"password", password}, {"csrf_token", token}};
  auto res = b.http.Post("/sign-in", httplib::Headers{{"Cookie", "timescales_sign_in=" + pre}}, fields);
  REQUIRE(res);
  const std::string session = set_cookie(*res, "timescales_session");
  if (res->status == 303 && !session.empty()) {
    b.cookie = "timescales_session=" + session;
    auto home = b.get("/");
    REQUIRE(home);
    b.csrf = hidden_field(home->body, "csrf_token");
  }
  return res;
}

inline Browser signed_in(const WebFixture& f, const std::string& name) {
  Browser b(f);
  auto res = sign_in(b, name);
  REQUIRE(res->status == 303);
  REQUIRE(!b.cookie.empty());
  REQUIRE(!b.csrf.empty());
  return b;
}

// Whether `part` is in the page. mstch escapes '/' as "&#x2F;" too (which browsers read as '/'),
// so an href or text holding a slash is looked for as the browser reads it.
inline bool contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return true;
  std::string read = text;
  for (size_t at = read.find("&#x2F;"); at != std::string::npos; at = read.find("&#x2F;", at + 1)) read.replace(at, 6, "/");
  return read.find(part) != std::string::npos;
}

}  // namespace timescales::test
