#!/usr/bin/env bash
# The nightly run at 1M cases with a writer beside it, as the server would be (issue 13, "Working
# beside the nightly run"): two builds of timescales, each on its own copy of one store, each run
# quiet and then with tests/bench/concurrent_writer recording one event every 100 ms on a connection
# of its own (the store's busy timeout, 10 s). Prints each run's wall time and the writer's longest
# wait for the store (RESULTS.md).
#   bash tests/bench/nightly_beside_writer.sh BASELINE_BUILD NEW_BUILD [WORKDIR] [ROUNDS]
# Each BUILD is a Release build folder holding timescales; NEW_BUILD also tests/bench/bench_caseload
# and tests/bench/concurrent_writer (the same writer measures both builds' runs). Both builds must
# read the same schema (the store is made once, by NEW_BUILD's bench_caseload).
set -u
base_build=$(realpath "$1") new_build=$(realpath "$2") work=${3:-/tmp/timescales-beside} rounds=${4:-2}
W=$new_build/tests/bench/concurrent_writer AS_OF=2026-11-22
for tool in "$base_build/timescales" "$new_build/timescales" "$new_build/tests/bench/bench_caseload" "$W"; do
  [ -x "$tool" ] || { echo "nightly_beside_writer: $tool is missing: build it first" >&2; exit 2; }
done
mkdir -p "$work" && cd "$work" || exit 2
if [ ! -f store.db ]; then
  "$new_build/tests/bench/bench_caseload" --cases 1000000 --as-of $AS_OF --db store.db | tail -1
fi
bin_of() { if [ "$1" = base ]; then echo "$base_build/timescales"; else echo "$new_build/timescales"; fi; }
for who in base new; do  # each its own copy, and a first night (the second night is the ordinary one)
  [ -f $who.first-night ] && continue
  cp store.db $who.db
  "$(bin_of $who)" nightly --db $who.db --as-of $AS_OF --out out-$who --quiet >/dev/null 2>&1 && touch $who.first-night
done
night() {  # who round label
  sync
  /usr/bin/time -f "$1 $3 round $2: wall %e s user %U s sys %S s maxrss %M KB" \
    "$(bin_of "$1")" nightly --db "$1.db" --as-of $AS_OF --out "out-$1" --quiet --timings >/dev/null 2>"time-$1-$3-$2.txt"
}
for round in $(seq 1 "$rounds"); do
  for who in base new; do
    night $who "$round" quiet
    tail -1 "time-$who-quiet-$round.txt"
  done
  for who in base new; do
    "$W" --db $who.db >"writer-$who-$round.txt" 2>"writer-$who-$round.err" &
    writer=$!
    sleep 1
    night $who "$round" beside
    sleep 1
    kill -TERM $writer
    wait $writer
    echo "$(tail -1 "time-$who-beside-$round.txt"); writer: $(cat "writer-$who-$round.txt")"
  done
done
