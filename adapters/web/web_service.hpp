// The service behind the web pages, the JSON API and the calendar feeds (`timescales serve`):
// what is loaded once at start and shared read-only (workflows, rules, output declarations, the
// access policy, the calendars' files), and for each server thread its own store connections and
// use cases, opened on the thread's first request and kept for its life (a SQLite connection
// is for one thread; opening one per request would cost more than most requests).
//
// Every case a request reads or writes goes through `readable`/`writable` first (403 and
// nothing of the case otherwise) and into the audit log: `audit` for a write (returns once the
// line is committed), `audit_read` for a read (returns once it is queued; the service's
// AuditTrail commits the lines of many requests at once, application/accounts/audit_trail.hpp).
//
// Thread-safety: the WebService is shared by every server thread; workbench() gives each thread
// its own Workbench, which only that thread may use. The workbenches close with the service:
// stop the server's threads before destroying it.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "adapters/files/engine_data.hpp"
#include "adapters/files/output_files.hpp"
#include "application/access/access_policy.hpp"
#include "application/accounts/accounts.hpp"
#include "application/accounts/audit_trail.hpp"
#include "application/calendars/calendar_source.hpp"
#include "application/cases/case_assessor.hpp"
#include "application/cases/case_register.hpp"

namespace timescales::web {

struct WebSettings {
  std::string db;                                  // the store's location (`--db`)
  std::filesystem::path data_dir;                  // rules/ and workflows/
  std::string council_name = "Timescales";         // shown in every page's header
  AccountSettings accounts;
  // The clock, in UTC seconds; the system's unless a test sets it (a session expiring).
  std::function<UnixSeconds()> now;
};

// A thread's own connections and use cases. `cases` and `accounts_store` are two connections to
// the one store; `register_for_today()` is a CaseRegister as of the service's today.
struct Workbench {
  std::unique_ptr<CaseStore> cases;
  std::unique_ptr<AccountStore> accounts_store;
  std::unique_ptr<CalendarSource> calendars;
  std::unique_ptr<Accounts> accounts;
  std::unique_ptr<CaseAssessor> assessor;
};

class WebService {
 public:
  // Loads the data folder (refusing a broken workflow, rule or declaration, as the nightly run
  // does) and checks that the store opens.
  static Result<std::unique_ptr<WebService>> open(WebSettings settings);
  ~WebService();

  const WebSettings& settings() const { return settings_; }
  const EngineData& engine() const { return *engine_; }
  const DeclaredOutputs& declared() const { return *declared_; }
  const AccessPolicy& access() const { return access_; }
  const Secrets& secrets() const { return *secrets_; }
  UnixSeconds now() const;
  Date today() const;  // the UTC day of now()

  // The calling thread's workbench (opened on first use).
  Result<Workbench*> workbench();
  // A CaseRegister on the thread's store, as of today.
  Result<CaseRegister> case_register();

  // The stored case, when p may read it; forbidden (field "case") both when it is out of p's scope and when there is no such case,
  // so that a role outside its scope cannot tell the two apart.
  Result<CaseRecord> readable(const Principal& p, const std::string& case_id);
  Result<CaseRecord> writable(const Principal& p, const std::string& case_id);

  // A line of the audit log for a write: returns once it is committed. A failure to audit is
  // returned (the caller fails the request rather than answer for a change nobody recorded).
  Status audit(const Principal& p, const std::string& action, const std::string& case_id,
               const std::string& detail, const std::string& via);
  // A line for a read: returns once it is queued, or with the error when the audit log cannot
  // be written (the caller then serves nothing).
  Status audit_read(const Principal& p, const std::string& action, const std::string& case_id,
                    const std::string& detail, const std::string& via);
  // Returns once every line recorded so far is committed (for a reader of the log: the tests).
  Status flush_audit();
  // Writes what is queued and stops the audit thread (the server's threads have stopped); the
  // error says how many lines were lost. The service's destructor does it too, silently.
  Status close_audit();

 private:
  explicit WebService(WebSettings settings);
  WebSettings settings_;
  std::unique_ptr<EngineData> engine_;
  std::unique_ptr<DeclaredOutputs> declared_;
  AccessPolicy access_;
  std::unique_ptr<Secrets> secrets_;
  std::unique_ptr<AuditTrail> audit_trail_;
  struct Workbenches;
  std::unique_ptr<Workbenches> workbenches_;
};

}  // namespace timescales::web
