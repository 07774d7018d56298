#!/bin/sh
# The long fuzzing campaign: every target for SECONDS seconds each, one after another, in one
# process each (no -jobs or -fork: the machine is shared). Needs clang (libFuzzer). Builds into build-fuzz/ beside the
# source tree; each target's corpus grows in build-fuzz/fuzz-corpus/<target>/, started from its
# seeds, and a crash is saved there as crash-* / leak-* / timeout-* (copy it into
# regressions/<target>/ once fixed). Record what it printed in tests/fuzz/RESULTS.md.
#
#   tests/fuzz/run.sh SECONDS [TARGET...]
set -eu
seconds=${1:?usage: tests/fuzz/run.sh SECONDS [TARGET...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build=${TIMESCALES_FUZZ_BUILD:-$source_dir/build-fuzz}
command -v clang++ >/dev/null || { echo "run.sh: clang++ is not installed; the campaign needs libFuzzer" >&2; exit 2; }
cmake -S "$source_dir" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTIMESCALES_FUZZ=ON >/dev/null
targets=${*:-"workflow_toml rule_file rule_expression calendar school_calendar import_mapping csv_export_rows case_json govuk_feed"}
for t in $targets; do cmake --build "$build" -j2 --target "fuzz_$t"; done
for t in $targets; do
  corpus=$build/fuzz-corpus/$t
  mkdir -p "$corpus"
  # Seeds: what CTest replays (the shipped files, seeds/, regressions/), named on the command line
  # after the corpus folder, so libFuzzer reads them but writes only into the corpus.
  seeds=$(cat "$build/tests/fuzz/$t.inputs")
  echo "== $t: $seconds s"
  (cd "$corpus" && "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$corpus" $seeds 2>&1 | tail -n 25)
done
