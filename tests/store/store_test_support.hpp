// Shared by the store and import tests: a temporary folder removed afterwards, running the
// timescales binary, and a validator standing in for the workflow definitions.
#pragma once

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <random>
#include <set>
#include <string>

#include "adapters/import/event_importer.hpp"
#include "adapters/store/sqlite_connection.hpp"

namespace timescales::test {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("timescales-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline unsigned mode_of(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0xFFFF;
  return st.st_mode & 07777;
}

struct CommandResult {
  int status = -1;
  std::string out;  // stdout and stderr together
};

// Runs the timescales binary with the arguments (a shell command line fragment).
inline CommandResult run_timescales(const std::string& args) {
  const std::string command = std::string(TIMESCALES_BINARY) + " " + args + " 2>&1";
  CommandResult r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(TIMESCALES_SOURCE_DIR) / "tests" / "fixtures" / "import" / name;
}

inline std::string quoted_path(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// The two complaints workflows of engine contract §4, as the workflow definitions will say.
inline EventValidator complaints_validator() {
  return [](const std::string& workflow, const std::string& event) -> Status {
    static const std::set<std::string> statutory = {
        "received", "acknowledged", "stage1_extended", "stage1_responded", "stage2_requested",
        "stage2_extended", "stage2_responded", "stage3_requested", "panel_held", "panel_reported",
        "panel_response_sent", "ombudsman_referred", "withdrawn", "closed"};
    static const std::set<std::string> corporate = {"received", "acknowledged", "stage1_extended",
                                                    "stage1_responded", "stage2_requested",
                                                    "stage2_responded", "closed"};
    const std::set<std::string>* events = workflow == "complaints-statutory"   ? &statutory
                                          : workflow == "complaints-corporate" ? &corporate
                                                                               : nullptr;
    if (!events) return Error{"unknown workflow '" + workflow + "'"};
    if (!events->count(event)) return Error{workflow + " has no event '" + event + "'"};
    return Ok{};
  };
}

inline int64_t count_rows(sqlite::Connection& db, const std::string& table) {
  auto n = db.query_int("SELECT count(*) FROM " + table);
  return n ? *n : -1;
}

}  // namespace timescales::test
