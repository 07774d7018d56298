// The roles' scopes as rules/access.toml ships them, and the file's checks.
#include <catch2/catch.hpp>

#include "adapters/files/access_file.hpp"
#include "adapters/files/engine_data.hpp"
#include "adapters/files/output_files.hpp"

using namespace timescales;

namespace {

struct Shipped {
  EngineData data;
  DeclaredOutputs declared;
  AccessPolicy policy;
};

const Shipped& shipped() {
  static const Shipped s = [] {
    auto data = load_engine_data(TIMESCALES_SOURCE_DIR);
    REQUIRE(data);
    auto declared = load_declared_outputs(TIMESCALES_SOURCE_DIR, data->workflows, data->rules);
    REQUIRE(declared);
    auto policy = load_access_policy(TIMESCALES_SOURCE_DIR, data->workflows, declared->outputs);
    REQUIRE(policy);
    return Shipped{std::move(*data), std::move(*declared), std::move(*policy)};
  }();
  return s;
}

CaseRecord case_of(const std::string& workflow, const std::string& team) {
  CaseRecord c;
  c.id = "X-1";
  c.workflow = workflow;
  c.team = team;
  return c;
}

Principal as(Role role, std::string team = "") { return Principal{Principal::Kind::user, "someone", role, std::move(team)}; }

Result<AccessPolicy> parse(const std::string& text) {
  return parse_access_policy(text, "access.toml", shipped().data.workflows, shipped().declared.outputs);
}

}  // namespace

TEST_CASE("each role reads the cases the issue gives it, and writes where it may") {
  const AccessPolicy& p = shipped().policy;
  const CaseRecord complaint = case_of("complaints-statutory", "CIN Widnes");
  const CaseRecord corporate = case_of("complaints-corporate", "Adult Social Care");
  const CaseRecord ehc = case_of("ehcp-needs-assessment", "SEND North");
  const CaseRecord review = case_of("ehcp-annual-review", "SEND North");
  const CaseRecord appeal = case_of("admission-appeal", "Admissions");

  // complaints_officer: every complaint, nothing else.
  CHECK(p.may_write(as(Role::complaints_officer), complaint));
  CHECK(p.may_write(as(Role::complaints_officer), corporate));
  CHECK_FALSE(p.may_read(as(Role::complaints_officer), ehc));
  CHECK_FALSE(p.may_read(as(Role::complaints_officer), appeal));
  // send_team: every EHC assessment, plan and review.
  CHECK(p.may_write(as(Role::send_team), ehc));
  CHECK(p.may_write(as(Role::send_team), review));
  CHECK_FALSE(p.may_read(as(Role::send_team), complaint));
  // team_manager: their own team's, of any workflow; another team's not at all.
  CHECK(p.may_write(as(Role::team_manager, "CIN Widnes"), complaint));
  CHECK_FALSE(p.may_read(as(Role::team_manager, "CIN Runcorn"), complaint));
  CHECK_FALSE(p.may_read(as(Role::team_manager, ""), complaint));
  CHECK(p.may_read(as(Role::team_manager, "SEND North"), ehc));
  // manager: reads everything and the reports, changes nothing.
  CHECK(p.may_read(as(Role::manager), appeal));
  CHECK(p.may_read(as(Role::manager), complaint));
  CHECK_FALSE(p.may_write(as(Role::manager), complaint));
  CHECK(p.may_see_reports(as(Role::manager)));
  CHECK_FALSE(p.may_see_reports(as(Role::complaints_officer)));
  // admin: users and tokens, no case.
  CHECK_FALSE(p.may_read(as(Role::admin), complaint));
  CHECK(p.may_administer(as(Role::admin)));
  CHECK_FALSE(p.may_administer(as(Role::manager)));
}

TEST_CASE("My deadlines names a declared digest audience for each working role") {
  const AccessPolicy& p = shipped().policy;
  CHECK(p.of(Role::complaints_officer).deadlines == "complaints_officer");
  CHECK(p.of(Role::send_team).deadlines == "send_team");
  CHECK(p.of(Role::team_manager).deadlines == "team");
  CHECK(p.of(Role::admin).deadlines.empty());
}

TEST_CASE("a search is narrowed to the role's scope") {
  const AccessPolicy& p = shipped().policy;
  SECTION("a complaints officer asking for everything gets the complaint workflows") {
    auto n = p.narrow(as(Role::complaints_officer), CaseFilter{});
    CHECK_FALSE(n.nothing);
    CHECK(n.filter.workflows == std::vector<std::string>{"complaints-statutory", "complaints-corporate"});
  }
  SECTION("asking for an EHC workflow gets nothing") {
    CaseFilter f;
    f.workflow = "ehcp-needs-assessment";
    CHECK(p.narrow(as(Role::complaints_officer), f).nothing);
  }
  SECTION("a team manager is held to their team, and asking for another gets nothing") {
    auto own = p.narrow(as(Role::team_manager, "CIN Widnes"), CaseFilter{});
    CHECK_FALSE(own.nothing);
    CHECK(own.filter.team == "CIN Widnes");
    CHECK(own.filter.workflows.empty());  // every workflow
    CaseFilter other;
    other.team = "CIN Runcorn";
    CHECK(p.narrow(as(Role::team_manager, "CIN Widnes"), other).nothing);
  }
  SECTION("an admin's search finds nothing") { CHECK(p.narrow(as(Role::admin), CaseFilter{}).nothing); }
}

TEST_CASE("a broken access file is refused at the line and column of the mistake") {
  struct Row {
    const char* text;
    int line, column;
    const char* says;
  };
  const Row rows[] = {
      {"[role.complaints_officer]\nworkflows = [\"complaints-statutory\", \"complaints-statuary\"]\n", 2, 38,
       "no workflow 'complaints-statuary'"},
      {"[role.chief_executive]\nworkflows = \"every\"\n", 1, 1, "no role 'chief_executive'"},
      {"[role.manager]\nworkflows = \"every\"\nreport = true\n", 3, 10, "unknown key 'report'"},
      {"[role.send_team]\nworkflows = [\"ehcp-annual-review\"]\ndeadlines = \"send_teem\"\n", 3, 13,
       "no [[digest]] in rules/outputs.toml has the audience 'send_teem'"},
      {"[role.manager]\nreports = true\n", 1, 1, "must say which workflows"},
  };
  for (const Row& r : rows) {
    INFO(r.text);
    auto policy = parse(r.text);
    REQUIRE_FALSE(policy);
    REQUIRE(policy.error().where);
    CHECK(policy.error().where->line == r.line);
    CHECK(policy.error().where->column == r.column);
    CHECK_THAT(policy.error().message, Catch::Contains(r.says));
  }
}
