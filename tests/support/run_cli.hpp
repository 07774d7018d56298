// Runs the built `timescales` program (TIMESCALES_BINARY) as a user would, for the tests of the
// command line: its exit status and everything it printed, stdout and stderr together.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace timescales::test {

struct CliRun {
  int status = -1;
  std::string out;
};

inline CliRun run_cli(const std::string& args) {
  CliRun r;
  FILE* pipe = ::popen((std::string(TIMESCALES_BINARY) + " " + args + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  const int raw = ::pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

}  // namespace timescales::test
