// My deadlines (/): the live digest for the signed-in user, as the nightly e-mail would have it
// now — the digest audience rules/access.toml names for the role (`deadlines`), built by the
// alerts' DigestBuilder from the cases the role may read, assessed as of today. For a
// team_manager whose role names the "team" audience, their own team's digest ("team:<team>").
#include <httplib.h>

#include "adapters/alerts/deadline_digest.hpp"
#include "adapters/web/page_support.hpp"
#include "adapters/web/scoped_cases.hpp"
#include "adapters/web/web_pages.hpp"
#include "adapters/web/web_service.hpp"
#include "application/calendars/case_calendars.hpp"

namespace timescales::web {
namespace {

mstch::array digest_lines(const std::vector<alerts::DigestLine>& lines) {
  mstch::array out;
  for (const auto& l : lines) {
    const int left = l.working_days_left;
    std::string days = left < 0   ? std::to_string(-left) + (left == -1 ? " working day" : " working days") + " over"
                       : left == 0 ? "due today"
                                   : std::to_string(left) + (left == 1 ? " working day" : " working days") + " left";
    out.push_back(mstch::map{{"case_id", l.case_id},
                             {"href", "/cases/" + url_segment(l.case_id)},
                             {"workflow", l.workflow},
                             {"stage", l.stage},
                             {"timer", l.timer},
                             {"owes", l.owes},
                             {"due", to_long(l.due) + (l.due_time ? ", " + to_hh_mm(*l.due_time) : "")},
                             {"days", days},
                             {"extension", l.extension},
                             {"note", l.note}});
  }
  return out;
}

mstch::map section(const std::string& heading, const std::string& id, const std::vector<alerts::DigestLine>& lines) {
  return mstch::map{{"heading", heading},
                    {"id", id},
                    {"count", static_cast<int>(lines.size())},
                    {"lines", digest_lines(lines)},
                    {"has_lines", !lines.empty()}};
}

// The recipient whose digest the user sees, of the digests the audience makes.
std::string recipient_for(const outputs::DigestAudience& audience, const Principal& p) {
  if (audience.each_team()) return "team:" + p.team;
  if (audience.each_owner()) return "owner:" + p.name;
  return audience.audience;
}

void deadlines_page(PageSite& site, httplib::Response& res, const SignedIn& who) {
  WebService& service = site.service;
  const RoleAccess& role = service.access().of(who.principal.role);
  Page page{"deadlines", "My deadlines", "deadlines", {}, 200};
  page.data["as_of"] = to_long(service.today());
  // Every declaration for the role's audience: a team manager's complaint deadlines and social
  // care deadlines are one digest, as the nightly e-mail has them.
  std::vector<outputs::DigestAudience> audiences;
  for (const auto& a : service.declared().outputs.digests)
    if (!role.deadlines.empty() && a.audience == role.deadlines) audiences.push_back(a);
  if (audiences.empty()) {
    page.data["no_deadlines"] = true;
    page.data["administers"] = role.administers;
    return send_page(res, site, &who, std::move(page));
  }
  auto bench = service.workbench();
  if (!bench) return send_error_page(res, site, &who, 500);
  auto division = (*bench)->calendars->division(kDefaultDivision);
  if (!division) return send_error_page(res, site, &who, 500);
  auto cases = assess_scoped_cases(service, who.principal);
  if (!cases) return send_error_page(res, site, &who, 500);
  const std::string recipient = recipient_for(audiences.front(), who.principal);
  const std::string audiences_subject = audiences.front().subject;  // when the digest is empty
  alerts::DigestBuilder builder(service.today(), CalendarContext{division->get(), nullptr}, std::move(audiences));
  for (const auto& c : *cases) builder.add(c.assessment, c.working.get());
  alerts::Digest digest;
  for (auto& d : builder.finish())
    if (d.recipient == recipient) digest = std::move(d);
  page.data["subject"] = digest.subject.empty() ? audiences_subject : digest.subject;
  mstch::array sections{section("Overdue", "overdue", digest.overdue), section("Due today", "due-today", digest.due_today),
                        section("Due in the next 5 working days", "due-soon", digest.due_soon)};
  for (size_t i = 0; i < digest.coming_up.size(); ++i)
    sections.push_back(section(digest.coming_up[i].heading, "coming-up-" + std::to_string(i + 1), digest.coming_up[i].lines));
  sections.push_back(section("Recently extended", "extended", digest.recently_extended));
  page.data["sections"] = sections;
  page.data["empty"] = digest.empty();
  send_page(res, site, &who, std::move(page));
}

}  // namespace

void add_deadline_routes(httplib::Server&, PageSite& site) {
  page_get(site, "/", "/", [&site](const httplib::Request&, httplib::Response& res, const SignedIn& who) {
    deadlines_page(site, res, who);
  });
}

}  // namespace timescales::web
