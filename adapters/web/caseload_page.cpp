// The caseload (/cases): the cases the role may read, filtered by workflow, team, owner, cohort,
// status (overdue, at risk, running) and "due within N working days" (application/caseload's
// search, with the filter narrowed to the role's scope first), sorted by the column asked for,
// a page at a time; /cases.csv is exactly the lines the same query shows, as a spreadsheet.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

#include "adapters/files/spreadsheet_csv.hpp"
#include "adapters/web/case_views.hpp"
#include "adapters/web/page_support.hpp"
#include "adapters/web/web_pages.hpp"
#include "adapters/web/web_service.hpp"
#include "application/caseload/caseload_search.hpp"

namespace timescales::web {
namespace {

constexpr size_t kPerPage = 50;

struct Column {
  const char* key;
  const char* label;
};
constexpr Column kColumns[] = {{"reference", "Reference"}, {"workflow", "Workflow"}, {"team", "Team"},
                               {"owner", "Owner"},         {"state", "State"},       {"due", "Next due"}};

struct CaseloadRequest {
  FormFields asked;  // the query as given, for the form and the links
  CaseloadQuery query;
  std::string sort = "due";
  bool descending = false;
  size_t page = 1;
  std::vector<std::pair<std::string, std::string>> errors;
};

std::string value_of(const FormFields& f, const char* name) {
  auto found = f.find(name);
  return found == f.end() ? "" : found->second;
}

CaseloadRequest read_request(const httplib::Request& req, const WebService& service) {
  CaseloadRequest r;
  for (const auto& [k, v] : req.params) r.asked.emplace(k, v);
  r.query.filter.workflow = value_of(r.asked, "workflow");
  r.query.filter.team = value_of(r.asked, "team");
  r.query.filter.owner = value_of(r.asked, "owner");
  r.query.filter.cohort = value_of(r.asked, "cohort");
  r.query.as_of = service.today();
  const std::string status = value_of(r.asked, "status");
  if (!status.empty()) {
    if (auto parsed = parse_case_status_filter(status)) r.query.status = *parsed;
    else r.errors.emplace_back("status", "Choose overdue, at risk, running or any status");
  }
  const std::string within = value_of(r.asked, "due_within");
  if (!within.empty()) {
    int n = -1;
    auto [end, ec] = std::from_chars(within.data(), within.data() + within.size(), n);
    if (ec != std::errc{} || end != within.data() + within.size() || n < 0 || n > 1000)
      r.errors.emplace_back("due_within", "Due within must be a whole number of working days, 0 to 1000");
    else r.query.due_within_working_days = n;
  }
  const std::string sort = value_of(r.asked, "sort");
  for (const auto& c : kColumns)
    if (sort == c.key) r.sort = sort;
  r.descending = value_of(r.asked, "order") == "desc";
  const std::string page = value_of(r.asked, "page");
  size_t p = 0;
  auto [end, ec] = std::from_chars(page.data(), page.data() + page.size(), p);
  if (ec == std::errc{} && end == page.data() + page.size() && p >= 1) r.page = p;
  return r;
}

std::string next_due_of(const CaseloadLine& l) {
  const TimerResult* t = l.next_timer();
  return t && t->due ? to_iso(*t->due) : "";
}

void sort_lines(std::vector<CaseloadLine>& lines, const std::string& sort, bool descending) {
  auto key = [&](const CaseloadLine& l) -> std::string {
    if (sort == "reference") return l.case_id;
    if (sort == "workflow") return l.workflow;
    if (sort == "team") return l.team;
    if (sort == "owner") return l.owner;
    if (sort == "state") return l.state;
    // Next due: cases with no clock due last, whichever way.
    const std::string due = next_due_of(l);
    return due.empty() ? (descending ? "" : "~") : due;
  };
  std::stable_sort(lines.begin(), lines.end(), [&](const CaseloadLine& a, const CaseloadLine& b) {
    const std::string ka = key(a), kb = key(b);
    if (ka != kb) return descending ? ka > kb : ka < kb;
    return a.case_id < b.case_id;
  });
}

// The lines the request shows: every matching case in the role's scope, sorted, this page's.
struct Shown {
  std::vector<CaseloadLine> lines;
  size_t total = 0, pages = 1, page = 1;
};

// The audit line of a listing ("list" from the page, "export" for the CSV): the query and the
// cases it showed, as the API's list is audited; not a read of each (no case's record is shown).
Status audit_listing(WebService& service, const SignedIn& who, const CaseloadRequest& r, const Shown& shown,
                     const char* action) {
  nlohmann::json query = nlohmann::json::object();
  for (const auto& [k, v] : r.asked) query[k] = v;
  nlohmann::json cases = nlohmann::json::array();
  for (const auto& l : shown.lines) cases.push_back(l.case_id);
  return service.audit_read(who.principal, action, "", nlohmann::json{{"query", query}, {"cases", cases}}.dump(), "web");
}

Result<Shown> shown_lines(WebService& service, const SignedIn& who, CaseloadRequest& r) {
  Shown shown;
  auto narrowed = service.access().narrow(who.principal, r.query.filter);
  if (narrowed.nothing) return shown;
  auto bench = service.workbench();
  if (!bench) return bench.error();
  CaseloadQuery query = r.query;
  query.filter = narrowed.filter;
  query.page = 1;
  query.per_page = std::numeric_limits<size_t>::max() / 2;  // every line: sorted here, then paged
  auto found = search_caseload(*(*bench)->cases, *(*bench)->assessor, query);
  if (!found) return found.error();
  std::vector<CaseloadLine> lines;
  for (auto& l : found->cases) {
    // The store's filter is narrowed already; the policy itself has the last word on each case.
    CaseRecord record;
    record.id = l.case_id;
    record.workflow = l.workflow;
    if (!l.team.empty()) record.team = l.team;
    record.attributes = l.assessment.case_data.attributes;
    if (service.access().may_read(who.principal, record)) lines.push_back(std::move(l));
  }
  sort_lines(lines, r.sort, r.descending);
  shown.total = lines.size();
  shown.pages = std::max<size_t>(1, (shown.total + kPerPage - 1) / kPerPage);
  shown.page = std::min(r.page, shown.pages);
  const size_t from = (shown.page - 1) * kPerPage;
  for (size_t i = from; i < std::min(shown.total, from + kPerPage); ++i) shown.lines.push_back(std::move(lines[i]));
  return shown;
}

std::string query_string(const FormFields& asked, const std::map<std::string, std::string>& changes) {
  FormFields q = asked;
  for (const auto& [k, v] : changes) q[k] = v;
  std::string out;
  for (const auto& [k, v] : q) {
    if (v.empty()) continue;
    out += (out.empty() ? "?" : "&") + url_query_value(k) + "=" + url_query_value(v);
  }
  return out;
}

void caseload_page(PageSite& site, const httplib::Request& req, httplib::Response& res, const SignedIn& who) {
  WebService& service = site.service;
  CaseloadRequest r = read_request(req, service);
  Page page{"caseload", "Caseload", "cases", {}, 200, !r.errors.empty()};
  Shown shown;
  if (r.errors.empty()) {
    auto got = shown_lines(service, who, r);
    if (!got) return send_error_page(res, site, &who, 500);
    shown = std::move(*got);
    if (auto audited = audit_listing(service, who, r, shown, "list"); !audited)
      return send_error_page(res, site, &who, 500);
  }
  mstch::array rows;
  for (const auto& l : shown.lines) {
    const TimerResult* t = l.next_timer();
    const std::string status = l.overdue ? "overdue" : l.at_risk ? "at risk" : t ? std::string(timer_status_name(t->status)) : "";
    rows.push_back(mstch::map{{"case_id", l.case_id},
                              {"href", "/cases/" + url_segment(l.case_id)},
                              {"workflow", l.workflow},
                              {"team", l.team},
                              {"owner", l.owner},
                              {"state", l.state},
                              {"timer", t ? t->id : std::string()},
                              {"due", t ? long_date(t->due) : std::string()},
                              {"remaining", t ? remaining_in_unit(*t) : std::string()},
                              {"status", status},
                              {"tag", status_tag_class(l.overdue ? "overdue" : l.at_risk ? "paused" : "running")}});
  }
  mstch::array headers;
  for (const auto& c : kColumns) {
    const bool current = r.sort == c.key;
    const bool next_desc = current && !r.descending;
    headers.push_back(mstch::map{
        {"label", std::string(c.label)},
        {"href", query_string(r.asked, {{"sort", c.key}, {"order", next_desc ? "desc" : "asc"}, {"page", ""}})},
        {"aria_sort", current ? std::string(r.descending ? "descending" : "ascending") : std::string("none")}});
  }
  // The workflows the role reads, for the filter.
  const RoleAccess& role = service.access().of(who.principal.role);
  mstch::array workflows{mstch::map{{"id", std::string()}, {"label", std::string("Any workflow")},
                                    {"selected", r.query.filter.workflow.empty()}}};
  for (const auto& id : role.every_workflow ? service.engine().workflows.ids() : role.workflows)
    workflows.push_back(mstch::map{{"id", id}, {"label", id}, {"selected", r.query.filter.workflow == id}});
  mstch::array statuses;
  for (const auto& [id, label] : std::vector<std::pair<std::string, std::string>>{
           {"", "Any status"}, {"overdue", "Overdue"}, {"at_risk", "At risk"}, {"running", "Running"}})
    statuses.push_back(mstch::map{{"id", id}, {"label", label}, {"selected", value_of(r.asked, "status") == id}});

  page.data["rows"] = rows;
  page.data["has_rows"] = !rows.empty();
  page.data["headers"] = headers;
  page.data["workflows"] = workflows;
  page.data["statuses"] = statuses;
  page.data["team"] = r.query.filter.team;
  page.data["owner"] = r.query.filter.owner;
  page.data["cohort"] = r.query.filter.cohort;
  page.data["due_within"] = value_of(r.asked, "due_within");
  page.data["total"] = static_cast<int>(shown.total);
  page.data["page"] = static_cast<int>(shown.page);
  page.data["pages"] = static_cast<int>(shown.pages);
  page.data["csv_href"] = "/cases.csv" + query_string(r.asked, {{"page", std::to_string(shown.page)}});
  if (shown.page > 1) page.data["previous_href"] = query_string(r.asked, {{"page", std::to_string(shown.page - 1)}});
  if (shown.page < shown.pages) page.data["next_href"] = query_string(r.asked, {{"page", std::to_string(shown.page + 1)}});
  add_field_errors(page.data, r.errors);
  send_page(res, site, &who, std::move(page));
}

void caseload_csv(PageSite& site, const httplib::Request& req, httplib::Response& res, const SignedIn& who) {
  CaseloadRequest r = read_request(req, site.service);
  if (!r.errors.empty()) return send_error_page(res, site, &who, 404);
  auto shown = shown_lines(site.service, who, r);
  if (!shown) return send_error_page(res, site, &who, 500);
  if (auto audited = audit_listing(site.service, who, r, *shown, "export"); !audited)
    return send_error_page(res, site, &who, 500);
  SpreadsheetCsv csv({"reference", "workflow", "team", "owner", "state", "next_clock", "status", "due", "remaining",
                      "unit"});
  for (const auto& l : shown->lines) {
    const TimerResult* t = l.next_timer();
    csv.text(l.case_id).text(l.workflow).text(l.team).text(l.owner).text(l.state).text(t ? t->id : "");
    csv.text(l.overdue ? "overdue" : l.at_risk ? "at_risk" : t ? std::string(timer_status_name(t->status)) : "");
    csv.text(t && t->due ? to_iso(*t->due) : "");
    if (t && t->remaining) csv.number(*t->remaining);
    else csv.text("");
    csv.text(t && t->remaining ? std::string(unit_name(t->unit)) : "");
    csv.end_row();
  }
  res.set_header("Content-Disposition", "attachment; filename=\"caseload.csv\"");
  res.set_content(csv.str(), "text/csv; charset=utf-8");
}

}  // namespace

void add_caseload_routes(httplib::Server&, PageSite& site) {
  page_get(site, "/cases", "/cases", [&site](const httplib::Request& req, httplib::Response& res, const SignedIn& who) {
    caseload_page(site, req, res, who);
  });
  page_get(site, "/cases.csv", R"(/cases\.csv)",
           [&site](const httplib::Request& req, httplib::Response& res, const SignedIn& who) {
             caseload_csv(site, req, res, who);
           });
}

}  // namespace timescales::web
