// The reports (/reports) for the roles with `reports` in rules/access.toml: the managers'
// compliance report and the SEND tracking as of today, rendered by adapters/reports/ exactly as
// the nightly run writes compliance-report.html and ehcp-tracking.html, from the cases the role
// may read.
//
// Cost: every case in scope, open and closed, is loaded and assessed (a council's caseload of a
// few thousand cases takes a second or two), so the figures are kept for a few minutes per
// scope and say when they were worked out; a new day starts them afresh.
//
// The reports are self-contained HTML with their own inline styles and no script: they are
// served under a policy that allows those styles and no script at all.
#include <httplib.h>

#include <chrono>
#include <mutex>

#include "adapters/reports/report_figures.hpp"
#include "adapters/reports/report_html.hpp"
#include "adapters/web/page_support.hpp"
#include "adapters/web/scoped_cases.hpp"
#include "adapters/web/web_pages.hpp"
#include "adapters/web/web_service.hpp"
#include "application/calendars/case_calendars.hpp"

namespace timescales::web {
namespace {

constexpr std::chrono::minutes kFiguresKeptFor{5};

struct RenderedReports {
  Date as_of{};
  std::chrono::steady_clock::time_point made;
  UnixSeconds made_at = 0;
  std::string compliance, tracking;
};

// The reports by scope (role and team), shared by the server's threads.
class ReportCache {
 public:
  Result<std::shared_ptr<const RenderedReports>> get(PageSite& site, const Principal& p) {
    const std::string scope = std::string(role_name(p.role)) + "|" + p.team;
    const Date today = site.service.today();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto found = by_scope_.find(scope);
      if (found != by_scope_.end() && found->second->as_of == today &&
          std::chrono::steady_clock::now() - found->second->made < kFiguresKeptFor)
        return found->second;
    }
    auto made = make(site, p, today);
    if (!made) return made.error();
    std::lock_guard<std::mutex> lock(mutex_);
    by_scope_[scope] = *made;
    return *made;
  }

 private:
  static Result<std::shared_ptr<const RenderedReports>> make(PageSite& site, const Principal& p, Date today) {
    WebService& service = site.service;
    auto bench = service.workbench();
    if (!bench) return bench.error();
    auto division = (*bench)->calendars->division(kDefaultDivision);
    if (!division) return division.error();
    CaseFilter every;
    every.open_only = false;  // the report's figures count the cases closed this year too
    auto cases = assess_scoped_cases(service, p, every);
    if (!cases) return cases.error();
    reports::ReportFiguresBuilder figures(today, service.engine().workflows, CalendarContext{division->get(), nullptr},
                                          service.declared().outputs, service.declared().measures);
    for (const auto& c : *cases) figures.add(c.assessment);
    const reports::ReportFigures done = figures.finish();
    reports::HtmlOptions html;
    html.council = service.settings().council_name;
    auto rendered = std::make_shared<RenderedReports>();
    rendered->as_of = today;
    rendered->made = std::chrono::steady_clock::now();
    rendered->made_at = service.now();
    rendered->compliance = reports::render_compliance_html(done, html);
    rendered->tracking = reports::render_tracking_html(done, html);
    return std::shared_ptr<const RenderedReports>(rendered);
  }

  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const RenderedReports>> by_scope_;
};

std::string time_of_day(UnixSeconds at) {
  const auto seconds = ((at % 86400) + 86400) % 86400;
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d UTC", static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60));
  return text;
}

void serve_report(httplib::Response& res, const std::string& html) {
  // The report's own <style>, and nothing that runs.
  res.headers.erase("Content-Security-Policy");
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
                 "base-uri 'none'; form-action 'none'");
  res.set_content(html, "text/html; charset=utf-8");
}

}  // namespace

void add_report_routes(httplib::Server&, PageSite& site) {
  auto cache = std::make_shared<ReportCache>();
  page_get(site, "/reports", "/reports",
           [&site, cache](const httplib::Request&, httplib::Response& res, const SignedIn& who) {
             if (!site.service.access().may_see_reports(who.principal)) return send_error_page(res, site, &who, 403);
             auto reports = cache->get(site, who.principal);
             if (!reports) return send_error_page(res, site, &who, 500);
             Page page{"reports", "Reports", "reports", {}, 200};
             page.data["as_of"] = to_long((*reports)->as_of);
             page.data["made_at"] = time_of_day((*reports)->made_at);
             page.data["minutes"] = static_cast<int>(kFiguresKeptFor.count());
             send_page(res, site, &who, std::move(page));
           });
  page_get(site, "/reports/compliance-report", "/reports/compliance-report",
           [&site, cache](const httplib::Request&, httplib::Response& res, const SignedIn& who) {
             if (!site.service.access().may_see_reports(who.principal)) return send_error_page(res, site, &who, 403);
             auto reports = cache->get(site, who.principal);
             if (!reports) return send_error_page(res, site, &who, 500);
             serve_report(res, (*reports)->compliance);
           });
  page_get(site, "/reports/ehcp-tracking", "/reports/ehcp-tracking",
           [&site, cache](const httplib::Request&, httplib::Response& res, const SignedIn& who) {
             if (!site.service.access().may_see_reports(who.principal)) return send_error_page(res, site, &who, 403);
             auto reports = cache->get(site, who.principal);
             if (!reports) return send_error_page(res, site, &who, 500);
             serve_report(res, (*reports)->tracking);
           });
}

}  // namespace timescales::web
