#!/usr/bin/env bash
# The test suite under the sanitizers (issue 18), as CI runs it after the ordinary build:
#   address  every test under AddressSanitizer and UndefinedBehaviorSanitizer (leaks included;
#            any undefined behaviour is an error, not a warning), but the browser tests, whose
#            server code the web tests already run in-process under the sanitizers;
#   thread   ThreadSanitizer over what runs on several threads: the nightly run's pipeline (a
#            reading thread, assessing threads, the folding thread, two rendering threads), the
#            store's concurrent writers and snapshot scans, and the web server (its thread pool,
#            each thread's workbench, the audit trail's writer thread), through the web, API and
#            accounts tests, which serve real requests on loopback.
# Usage: tests/sanitize.sh [address|thread]...   (default: both). Builds in build-asan/ and
# build-tsan/ beside build/, optimised lightly (-O1) so the build stays well inside CI's time.
set -euo pipefail
cd "$(dirname "$0")/.."
kinds=("$@")
[ ${#kinds[@]} -eq 0 ] && kinds=(address thread)

for kind in "${kinds[@]}"; do
  case "$kind" in
    address)
      dir=build-asan
      cmake -S . -B "$dir" -DTIMESCALES_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1"
      cmake --build "$dir" -j2
      # LeakSanitizer stops the process's threads with ptrace; where the machine forbids it
      # (some containers) it dies with "LeakSanitizer has encountered a fatal error" on every
      # exit. Then the suite runs without leak checking, and says so, rather than failing whole.
      leaks=1
      if ASAN_OPTIONS=detect_leaks=1 "$dir/timescales" --help 2>&1 >/dev/null | grep -q "LeakSanitizer has encountered a fatal error"; then
        echo "tests/sanitize.sh: LeakSanitizer cannot run on this machine (ptrace refused): leaks not checked" >&2
        leaks=0
      fi
      # halt_on_error: the first report fails its test; the suppressions are none.
      ASAN_OPTIONS=detect_leaks=$leaks:halt_on_error=1:abort_on_error=0:strict_string_checks=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$dir" -j2 --output-on-failure -E '^browser:'
      ;;
    thread)
      dir=build-tsan
      cmake -S . -B "$dir" -DTIMESCALES_SANITIZE=thread -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1"
      cmake --build "$dir" -j2 --target timescales nightly_tests contract_tests web_tests api_tests accounts_tests
      # GCC 12's ThreadSanitizer cannot map its shadow memory under the address-space
      # randomisation of newer kernels ("unexpected memory mapping"): then it runs with that
      # randomisation off for these processes (setarch -R), as the sanitizer's authors advise.
      norandom=()
      if "$dir/timescales" --help 2>&1 >/dev/null | grep -q "ThreadSanitizer: unexpected memory mapping"; then
        norandom=(setarch "$(uname -m)" -R)
      fi
      TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        "${norandom[@]}" ctest --test-dir "$dir" -j2 --output-on-failure -R '^(nightly|contract|web|api|accounts):'
      ;;
    *)
      echo "tests/sanitize.sh: unknown sanitizer '$kind' (address or thread)" >&2
      exit 2
      ;;
  esac
done
