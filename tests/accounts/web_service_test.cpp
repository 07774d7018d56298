// The web service's shared part: it loads the data folder and opens the store once, gives each
// thread its own connections, and answers a case out of a role's scope exactly as a case that
// does not exist.
#include <catch2/catch.hpp>

#include <thread>

#include "adapters/store/open_case_store.hpp"
#include "adapters/web/web_service.hpp"
#include "tests/store/store_test_support.hpp"

using namespace timescales;
using timescales::test::TempDir;

namespace {

std::unique_ptr<web::WebService> service_on(const std::string& db) {
  web::WebSettings settings;
  settings.db = db;
  settings.data_dir = TIMESCALES_SOURCE_DIR;
  settings.now = [] { return UnixSeconds{1'764'666'000}; };  // 2025-12-02 09:00 UTC
  auto service = web::WebService::open(settings);
  REQUIRE(service);
  return std::move(*service);
}

}  // namespace

TEST_CASE("the web service refuses to start on a store that is not there") {
  TempDir dir;
  web::WebSettings settings;
  settings.db = (dir / "missing.db").string();
  settings.data_dir = TIMESCALES_SOURCE_DIR;
  auto service = web::WebService::open(settings);
  REQUIRE_FALSE(service);
  CHECK_THAT(service.error().message, Catch::Contains("no case database here"));
}

TEST_CASE("today is the UTC day of the service's clock") {
  TempDir dir;
  const std::string db = (dir / "cases.db").string();
  REQUIRE(open_case_store(db, StoreOpening::create_if_missing));
  auto service = service_on(db);
  CHECK(to_iso(service->today()) == "2025-12-02");
}

TEST_CASE("a case out of the role's scope reads exactly as a case that is not there") {
  TempDir dir;
  const std::string db = (dir / "cases.db").string();
  {
    auto opened = open_case_store(db, StoreOpening::create_if_missing);
    REQUIRE(opened);
    CaseRecord ehc;
    ehc.id = "EHC-1";
    ehc.workflow = "ehcp-needs-assessment";
    ehc.team = "SEND North";
    REQUIRE(opened->store->upsert_case(ehc));
  }
  auto service = service_on(db);
  const Principal officer{Principal::Kind::user, "ann", Role::complaints_officer, ""};
  const Principal send{Principal::Kind::user, "sam", Role::send_team, ""};
  const Principal manager{Principal::Kind::user, "mo", Role::manager, ""};

  auto out_of_scope = service->readable(officer, "EHC-1");
  auto missing = service->readable(officer, "EHC-2");
  REQUIRE_FALSE(out_of_scope);
  REQUIRE_FALSE(missing);
  CHECK(out_of_scope.error().kind == ErrorKind::forbidden);
  CHECK(out_of_scope.error().field == "case");
  // Nothing tells the two apart but the reference the caller typed.
  CHECK(out_of_scope.error().message == "there is no case EHC-1 that you may see");
  CHECK(missing.error().message == "there is no case EHC-2 that you may see");

  CHECK(service->writable(send, "EHC-1"));
  CHECK(service->readable(manager, "EHC-1"));
  auto manager_writes = service->writable(manager, "EHC-1");
  REQUIRE_FALSE(manager_writes);
  CHECK(manager_writes.error().kind == ErrorKind::forbidden);
}

TEST_CASE("each thread has its own store connections, kept for the thread's life") {
  TempDir dir;
  const std::string db = (dir / "cases.db").string();
  REQUIRE(open_case_store(db, StoreOpening::create_if_missing));
  auto service = service_on(db);
  auto mine = service->workbench();
  REQUIRE(mine);
  auto again = service->workbench();
  REQUIRE(again);
  CHECK(*mine == *again);
  web::Workbench* theirs = nullptr;
  std::thread other([&] {
    auto b = service->workbench();
    REQUIRE(b);
    theirs = *b;
  });
  other.join();
  CHECK(theirs != nullptr);
  CHECK(theirs != *mine);
  CHECK(theirs->cases.get() != (*mine)->cases.get());
}

TEST_CASE("the service's audit lines land in the store's audit log") {
  TempDir dir;
  const std::string db = (dir / "cases.db").string();
  REQUIRE(open_case_store(db, StoreOpening::create_if_missing));
  auto service = service_on(db);
  const Principal officer{Principal::Kind::user, "ann", Role::complaints_officer, ""};
  REQUIRE(service->audit(officer, "read", "CMP-1", "", "web"));
  auto accounts = open_account_store(db);
  REQUIRE(accounts);
  auto entries = (*accounts)->audit_entries("CMP-1");
  REQUIRE(entries);
  REQUIRE(entries->size() == 1);
  CHECK((*entries)[0].actor == "user:ann");
  CHECK((*entries)[0].at == 1'764'666'000);
  CHECK((*entries)[0].via == "web");
}
