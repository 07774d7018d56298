// GET /calendar/{secret}.ics: a user's personal iCalendar feed, for Outlook to subscribe to.
// The secret (Accounts::renew_calendar_token, on the Calendar page) names the user; a feed holds
// that user's deadlines only: the cases their role may read, and of those the clocks of the
// digest audience their role's "My deadlines" shows (rules/access.toml `deadlines`, a [[digest]]
// of rules/outputs.toml) — for the audience "team" only their team's cases, for "owner" only the
// cases they own. A role naming no audience gets the council's [calendar_feed] clocks, in its
// scope. The feed is rendered by the nightly feed's own builder (deadline_calendar.hpp): case
// reference, clock and due date, nothing of the child.
//
// An unknown or revoked secret is a 404, as any path the server does not have. Each read of a
// feed is one "calendar" line in the audit log (how many cases it listed), not a read of each
// case: a feed shows no case's record, only its deadlines.
#include "adapters/alerts/deadline_calendar.hpp"
#include "adapters/web/api/api_call.hpp"
#include "adapters/web/api/api_routes.hpp"
#include "application/caseload/caseload_search.hpp"

namespace timescales::web {
namespace {

using api::retry_while_busy;

struct FeedChoice {
  outputs::TimerFeed feed;
  const outputs::DigestAudience* audience = nullptr;
};

FeedChoice feed_for(WebService& service, const Principal& p) {
  const std::string& named = service.access().of(p.role).deadlines;
  const auto& declared = service.declared().outputs;
  // Every declaration for the role's audience (a team manager's complaints and social care):
  // their workflows together, and every deadline of them if any declaration names no clocks.
  FeedChoice merged;
  bool every_timer = false;
  for (const auto& d : declared.digests) {
    if (named.empty() || d.audience != named) continue;
    if (!merged.audience) merged.audience = &d;
    merged.feed.workflows.insert(merged.feed.workflows.end(), d.feed.workflows.begin(), d.feed.workflows.end());
    merged.feed.timers.insert(merged.feed.timers.end(), d.feed.timers.begin(), d.feed.timers.end());
    merged.feed.every_workflow = merged.feed.every_workflow || d.feed.every_workflow;
    every_timer = every_timer || d.feed.timers.empty();
  }
  if (merged.audience) {
    if (every_timer) merged.feed.timers.clear();
    return merged;
  }
  if (declared.calendar_feed) return {*declared.calendar_feed, nullptr};
  return {outputs::TimerFeed::every(), nullptr};
}

void answer_text(httplib::Response& res, int status, const std::string& text) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(text, "text/plain; charset=utf-8");
}

void answer_failure(httplib::Response& res, const Error& e) {
  if (e.kind == ErrorKind::busy) {
    res.set_header("Retry-After", "1");
    return answer_text(res, 503, "The service is busy for a moment; try again shortly.\n");
  }
  // Never the store's own words.
  answer_text(res, 500, "The calendar could not be made; if it happens again, tell the administrator.\n");
}

void serve_feed(WebService& service, const httplib::Request& req, httplib::Response& res) {
  auto bench = service.workbench();
  if (!bench) return answer_failure(res, bench.error());
  const std::string secret = req.matches[1];
  auto owner = retry_while_busy([&] { return (*bench)->accounts->calendar_owner(secret); });
  if (!owner) return answer_failure(res, owner.error());
  if (!*owner) return answer_text(res, 404, "No such calendar.\n");
  const Principal& p = **owner;
  const Date today = service.today();
  const FeedChoice choice = feed_for(service, p);

  alerts::DeadlineCalendarBuilder calendar(today, choice.feed);
  size_t listed = 0;
  CaseFilter requested;
  if (!choice.feed.every_workflow)
    for (const auto& w : choice.feed.workflows) requested.workflows.push_back(w.id);
  const RoleAccess& role = service.access().of(p.role);
  const bool reads_any = role.every_workflow || !role.workflows.empty();
  const auto narrowed = service.access().narrow(p, requested);
  if (reads_any && !narrowed.nothing) {
    CaseloadQuery query;
    query.filter = narrowed.filter;
    query.as_of = today;
    query.per_page = 1000000;  // every case, on one page: a person's deadlines are a few hundred
    auto found = retry_while_busy([&] { return search_caseload(*(*bench)->cases, *(*bench)->assessor, query); });
    if (!found) return answer_failure(res, found.error());
    for (const auto& line : found->cases) {
      if (choice.audience && choice.audience->each_owner() && line.owner != p.name) continue;
      if (choice.audience && choice.audience->each_team() && !p.team.empty() && line.team != p.team) continue;
      calendar.add(line.assessment);
      ++listed;
    }
  }
  const nlohmann::ordered_json detail = {{"cases", listed}};
  if (auto audited = service.audit_read(p, "calendar", "", detail.dump(), api::kVia);
      !audited)
    return answer_failure(res, audited.error());
  res.status = 200;
  res.set_header("Cache-Control", "private, no-cache");
  res.set_content(calendar.finish(), "text/calendar; charset=utf-8");
}

}  // namespace

void add_calendar_feed_routes(httplib::Server& server, WebService& service) {
  server.Get(R"(/calendar/([A-Za-z0-9_-]+)\.ics)", [&service](const httplib::Request& req, httplib::Response& res) {
    try {
      serve_feed(service, req, res);
    } catch (const std::exception&) {
      answer_text(res, 500, "The calendar could not be made; if it happens again, tell the administrator.\n");
    }
  });
}

}  // namespace timescales::web
