// The server itself: sessions (cookie attributes, idle timeout, lockout, sign-out), limits (413),
// unknown routes (404), the security headers, escaping of whatever a case holds, and a log that
// names no user and no case.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "tests/web/web_support.hpp"

using namespace timescales;
using namespace timescales::test;

TEST_CASE("the session cookie is HttpOnly, SameSite=Strict, for the whole site", "[web]") {
  WebFixture f;
  Browser b(f);
  auto res = sign_in(b, "ann");
  REQUIRE(res->status == 303);
  const std::string header = set_cookie_header(*res, "timescales_session");
  CHECK(contains(header, "HttpOnly"));
  CHECK(contains(header, "SameSite=Strict"));
  CHECK(contains(header, "Path=/"));
  CHECK_FALSE(contains(header, "Secure"));  // plain HTTP on loopback; --behind-tls-proxy adds it
  // The cookie is 256 random bits, base64url: 43 characters.
  CHECK(set_cookie(*res, "timescales_session").size() == 43);
}

TEST_CASE("behind a proxy that terminates TLS the session cookie is Secure", "[web]") {
  web::ServerOptions options;
  options.behind_tls_proxy = true;
  WebFixture f(options);
  Browser b(f);
  auto res = sign_in(b, "ann");
  REQUIRE(res->status == 303);
  CHECK(contains(set_cookie_header(*res, "timescales_session"), "; Secure"));
}

TEST_CASE("a session idle for longer than the timeout is gone", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  const int64_t idle = AccountSettings{}.idle_timeout_seconds;  // 30 minutes
  f.advance(idle - 60);
  CHECK(ann.get("/")->status == 200);  // 29 minutes idle: alive, and idle from now again
  f.advance(idle - 60);
  CHECK(ann.get("/")->status == 200);
  f.advance(idle + 1);
  auto res = ann.get("/");
  REQUIRE(res);
  CHECK(res->status == 303);
  CHECK(res->get_header_value("Location") == "/sign-in");
  CHECK(ann.get("/cases/CMP-1")->status == 303);
}

TEST_CASE("signing out ends the session", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  auto out = ann.post("/sign-out", {});
  REQUIRE(out);
  CHECK(out->status == 303);
  CHECK(ann.get("/")->status == 303);
}

TEST_CASE("repeated failed sign-ins lock the name, saying only that it was not recognised", "[web]") {
  WebFixture f;
  Browser b(f);
  for (int i = 0; i < AccountSettings{}.lockout_failures; ++i) {
    auto res = sign_in(b, "ann", "wrong password number " + std::to_string(i));
    CHECK(res->status == 200);
    CHECK(contains(res->body, "Name or password not recognised"));
  }
  // The right password now: still refused, with the same words (nothing says "locked").
  auto locked = sign_in(b, "ann");
  CHECK(locked->status == 200);
  CHECK(contains(locked->body, "Name or password not recognised"));
  CHECK_FALSE(contains(locked->body, "locked"));
  CHECK(set_cookie(*locked, "timescales_session").empty());
  // A name that does not exist reads the same.
  auto nobody = sign_in(b, "nobody");
  CHECK(contains(nobody->body, "Name or password not recognised"));
  // Another user is not locked out.
  auto tom = sign_in(b, "tom");
  CHECK(tom->status == 303);
}

TEST_CASE("a body over the limit is refused with 413", "[web]") {
  WebFixture f;
  auto c = f.client();
  const std::string body = "name=" + std::string(70 * 1024, 'a');
  auto res = c.Post("/sign-in", body, "application/x-www-form-urlencoded");
  REQUIRE(res);
  CHECK(res->status == 413);
}

TEST_CASE("an unknown route is a 404 page", "[web]") {
  WebFixture f;
  auto c = f.client();
  auto res = c.Get("/no/such/page");
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK(contains(res->body, "Page not found"));
  CHECK(contains(res->body, "<html lang=\"en\""));
}

TEST_CASE("every response carries the security headers and case pages are not cached", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  for (const char* path : {"/sign-in", "/cases/CMP-1", "/no/such/page"}) {
    auto res = ann.get(path);
    REQUIRE(res);
    INFO(path);
    const std::string csp = res->get_header_value("Content-Security-Policy");
    CHECK(contains(csp, "script-src 'self'"));
    CHECK_FALSE(contains(csp, "unsafe-inline"));
    CHECK(contains(csp, "frame-ancestors 'none'"));
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(res->get_header_value("Referrer-Policy") == "no-referrer");
    CHECK(res->get_header_value("X-Frame-Options") == "DENY");
    CHECK(res->get_header_value("Cache-Control") == "no-store");
  }
}

TEST_CASE("markup in a case's fields arrives escaped", "[web]") {
  WebFixture f;
  Browser ann = signed_in(f, "ann");
  for (const char* path : {"/cases/XSS-1", "/cases", "/"}) {
    auto res = ann.get(path);
    REQUIRE(res);
    INFO(path);
    CHECK(res->status == 200);
    CHECK_FALSE(contains(res->body, "<script>"));
    CHECK_FALSE(contains(res->body, "<b>owner</b>"));
  }
  auto page = ann.get("/cases/XSS-1");
  CHECK(contains(page->body, "&lt;script&gt;"));
  CHECK(contains(page->body, "&lt;b&gt;owner&lt;"));
}

TEST_CASE("the server's log names routes and statuses, never a user or a case", "[web]") {
  WebFixture f;
  {
    Browser ann = signed_in(f, "ann");
    REQUIRE(ann.get("/cases/CMP-1")->status == 200);
    REQUIRE(ann.get("/cases/XSS-1")->status == 200);
  }
  f.stop();
  const std::string log = f.log();
  CHECK(contains(log, "POST /sign-in 303"));
  CHECK(contains(log, "GET /cases/{id} 200"));
  CHECK(contains(log, "ms\n"));
  CHECK_FALSE(contains(log, "ann"));
  CHECK_FALSE(contains(log, "CMP-1"));
  CHECK_FALSE(contains(log, "XSS-1"));
  CHECK_FALSE(contains(log, "CIN Widnes"));
}

TEST_CASE("the server stops when asked, with requests answered", "[web]") {
  WebFixture f;
  auto c = f.client();
  REQUIRE(c.Get("/sign-in")->status == 200);
  f.stop();
  auto after = f.client().Get("/sign-in");
  CHECK_FALSE(after);
}

TEST_CASE("with a certificate and key it serves HTTPS, cookies Secure", "[web]") {
  const auto dir = std::filesystem::temp_directory_path() / ("timescales-web-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  const std::string make = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " + key +
                           " -out " + cert + " >/dev/null 2>&1";
  REQUIRE(std::system(make.c_str()) == 0);
  web::ServerOptions options;
  options.tls_cert = cert;
  options.tls_key = key;
  WebFixture f(options);
  httplib::SSLClient c("127.0.0.1", f.port());
  c.enable_server_certificate_verification(false);
  auto res = c.Get("/sign-in");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(contains(set_cookie_header(*res, "timescales_sign_in"), "; Secure"));
  CHECK(contains(res->get_header_value("Strict-Transport-Security"), "max-age="));
  // Plain HTTP to the TLS port gets nothing served.
  auto plain = f.client().Get("/sign-in");
  CHECK((!plain || plain->status != 200));
  f.stop();
  std::filesystem::remove_all(dir);
}

TEST_CASE("a certificate that does not load is refused at start", "[web]") {
  web::ServerOptions options;
  options.tls_cert = "/nonexistent/cert.pem";
  options.tls_key = "/nonexistent/key.pem";
  // The fixture's server would not start; open it directly over the fixture's service.
  WebFixture f;
  auto server = web::WebServer::open(f.service(), options);
  CHECK_FALSE(server);
}

TEST_CASE("a connection that sends half a request and waits is dropped", "[web]") {
  web::ServerOptions options;
  options.read_timeout = std::chrono::seconds(1);
  WebFixture f(options);
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(s >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(f.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  const std::string half = "GET /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n";  // never finished
  REQUIRE(::send(s, half.data(), half.size(), 0) == static_cast<ssize_t>(half.size()));
  // Our own patience, far beyond the server's (a failure here is the server keeping it open).
  timeval patience{30, 0};
  ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  char buffer[4096];
  ssize_t n = 0;
  std::string got;
  while ((n = ::recv(s, buffer, sizeof buffer, 0)) > 0) got.append(buffer, static_cast<size_t>(n));
  CHECK(n == 0);  // closed by the server, not our timeout (-1)
  CHECK_FALSE(contains(got, "200 OK"));
  ::close(s);
}
