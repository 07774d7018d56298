// Routes matched against the path exactly as the client sent it (httplib's Request::target, up
// to any '?'), not against httplib's Request::path, which cpp-httplib 0.11 has already
// percent-decoded. A case reference may hold a '/' ("LA002/EHCP-01498", sent in a link as
// LA002%2FEHCP-01498): decoded first, it would be two path segments and match no route, or the
// wrong one. Here "([^/]+)" takes the encoded segment, and the groups are decoded after matching.
//
// The routes are tried in the order they were added; the first whose pattern matches the whole
// raw path takes the request.
//
// Thread-safety: add() only before the server starts; then dispatch() and matches() from any
// number of threads (they only read).
#pragma once

#include <functional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace timescales::web {

// A matched route's groups, percent-decoded: {"LA002/EHCP-01498"} for /cases/LA002%2FEHCP-01498.
using PathParams = std::vector<std::string>;

class RawRoutes {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&, const PathParams&)>;

  // `pattern` is an ECMAScript regex over the raw path ("/cases/([^/]+)/events").
  void add(const std::string& pattern, Handler handler);
  // Runs the first route that matches the request's raw path; false when none does (nothing
  // is written to `res`).
  bool dispatch(const httplib::Request& req, httplib::Response& res) const;
  // Whether any route matches (for a 405's Allow header).
  bool matches(const httplib::Request& req) const;

 private:
  struct Route {
    std::regex pattern;
    Handler handler;
  };
  std::vector<Route> routes_;
};

// The request's path as sent, without the query string.
std::string_view raw_path(const httplib::Request& req);

}  // namespace timescales::web
