#include "adapters/web/web_service.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <vector>

#include "adapters/accounts/sodium_secrets.hpp"
#include "adapters/files/access_file.hpp"
#include "adapters/files/calendar_files.hpp"
#include "adapters/store/open_case_store.hpp"

namespace timescales::web {
namespace {

UnixSeconds system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Each service's number, so that a thread's workbench is never taken for another service's (a
// test makes several services, one after another, on the same threads and perhaps at the same
// address).
std::atomic<uint64_t> next_serial{1};

}  // namespace

// Every workbench of the service, whichever thread opened it, so they close with it; each thread
// finds its own through a thread-local map from the service's serial number.
struct WebService::Workbenches {
  uint64_t serial = next_serial++;
  std::mutex mutex;
  std::vector<std::unique_ptr<Workbench>> all;
};

namespace {
thread_local std::map<uint64_t, Workbench*> this_threads_workbenches;
}

WebService::WebService(WebSettings settings)
    : settings_(std::move(settings)), workbenches_(std::make_unique<Workbenches>()) {
  if (!settings_.now) settings_.now = system_now;
}

WebService::~WebService() = default;

Result<std::unique_ptr<WebService>> WebService::open(WebSettings settings) {
  std::unique_ptr<WebService> service(new WebService(std::move(settings)));
  auto engine = load_engine_data(service->settings_.data_dir);
  if (!engine) return engine.error();
  service->engine_ = std::make_unique<EngineData>(std::move(*engine));
  auto declared = load_declared_outputs(service->settings_.data_dir, service->engine_->workflows, service->engine_->rules);
  if (!declared) return declared.error();
  service->declared_ = std::make_unique<DeclaredOutputs>(std::move(*declared));
  auto access = load_access_policy(service->settings_.data_dir, service->engine_->workflows, service->declared_->outputs);
  if (!access) return access.error();
  service->access_ = std::move(*access);
  service->secrets_ = std::make_unique<SodiumSecrets>();
  // The store is opened once here, so that a wrong path or an old program fails at start, not
  // at the first officer's request.
  if (auto bench = service->workbench(); !bench) return bench.error();
  auto trail_store = open_account_store(service->settings_.db);
  if (!trail_store) return trail_store.error();
  service->audit_trail_ = std::make_unique<AuditTrail>(std::move(*trail_store));
  return service;
}

UnixSeconds WebService::now() const { return settings_.now(); }

Date WebService::today() const { return Date{std::chrono::sys_days{std::chrono::days{now() / 86400}}}; }

Result<Workbench*> WebService::workbench() {
  if (auto found = this_threads_workbenches.find(workbenches_->serial); found != this_threads_workbenches.end())
    return found->second;
  auto bench = std::make_unique<Workbench>();
  auto opened = open_case_store(settings_.db, StoreOpening::must_exist);
  if (!opened) return opened.error();
  bench->cases = std::move(opened->store);
  auto accounts = open_account_store(settings_.db);
  if (!accounts) return accounts.error();
  bench->accounts_store = std::move(*accounts);
  bench->calendars = std::make_unique<CalendarFiles>(settings_.data_dir);
  bench->accounts = std::make_unique<Accounts>(*bench->accounts_store, *secrets_, settings_.accounts);
  bench->assessor = std::make_unique<CaseAssessor>(*bench->cases, engine_->workflows, engine_->rules, *bench->calendars);
  Workbench* mine = bench.get();
  {
    std::lock_guard lock(workbenches_->mutex);
    workbenches_->all.push_back(std::move(bench));
  }
  this_threads_workbenches[workbenches_->serial] = mine;
  return mine;
}

Result<CaseRegister> WebService::case_register() {
  auto bench = workbench();
  if (!bench) return bench.error();
  return CaseRegister(*(*bench)->cases, engine_->workflows, today());
}

namespace {
Error out_of_scope(const std::string& case_id) {
  return Error{ErrorKind::forbidden, "there is no case " + case_id + " that you may see"}.about("case");
}
}  // namespace

Result<CaseRecord> WebService::readable(const Principal& p, const std::string& case_id) {
  auto bench = workbench();
  if (!bench) return bench.error();
  auto found = (*bench)->cases->find_case(case_id);
  if (!found) return found.error();
  if (!*found || !access_.may_read(p, **found)) return out_of_scope(case_id);
  return std::move(**found);
}

Result<CaseRecord> WebService::writable(const Principal& p, const std::string& case_id) {
  auto record = readable(p, case_id);
  if (!record) return record.error();
  if (!access_.may_write(p, *record))
    return Error{ErrorKind::forbidden, "your role (" + std::string(role_name(p.role)) +
                                           ") may read case " + case_id + " but not change it"}
        .about("case");
  return record;
}

namespace {
AuditEntry audit_entry(UnixSeconds at, const Principal& p, const std::string& action, const std::string& case_id,
                       const std::string& detail, const std::string& via) {
  return AuditEntry{0, at, p.actor(), action, case_id, detail, via};
}
}  // namespace

Status WebService::audit(const Principal& p, const std::string& action, const std::string& case_id,
                         const std::string& detail, const std::string& via) {
  return audit_trail_->record(audit_entry(now(), p, action, case_id, detail, via), AuditTrail::Wait::until_written);
}

Status WebService::audit_read(const Principal& p, const std::string& action, const std::string& case_id,
                              const std::string& detail, const std::string& via) {
  return audit_trail_->record(audit_entry(now(), p, action, case_id, detail, via), AuditTrail::Wait::queued);
}

Status WebService::flush_audit() { return audit_trail_->flush(); }

Status WebService::close_audit() { return audit_trail_->close(); }

}  // namespace timescales::web
