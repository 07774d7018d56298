#include "adapters/web/raw_routes.hpp"

#include <httplib.h>

namespace timescales::web {

void RawRoutes::add(const std::string& pattern, Handler handler) {
  routes_.push_back({std::regex(pattern, std::regex::ECMAScript | std::regex::optimize), std::move(handler)});
}

bool RawRoutes::dispatch(const httplib::Request& req, httplib::Response& res) const {
  const std::string_view path = raw_path(req);
  std::match_results<std::string_view::const_iterator> groups;
  for (const auto& route : routes_) {
    if (!std::regex_match(path.begin(), path.end(), groups, route.pattern)) continue;
    PathParams params;
    // httplib's own decoder, as it decodes Request::path ('+' is a '+' in a path, not a space).
    for (size_t i = 1; i < groups.size(); ++i) params.push_back(httplib::detail::decode_url(groups[i].str(), false));
    route.handler(req, res, params);
    return true;
  }
  return false;
}

bool RawRoutes::matches(const httplib::Request& req) const {
  const std::string_view path = raw_path(req);
  for (const auto& route : routes_)
    if (std::regex_match(path.begin(), path.end(), route.pattern)) return true;
  return false;
}

std::string_view raw_path(const httplib::Request& req) {
  std::string_view target = req.target;
  return target.substr(0, target.find('?'));
}

}  // namespace timescales::web
