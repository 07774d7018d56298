#!/usr/bin/env bash
# A/B of the nightly run at 1M cases: two builds of timescales, alternately, each on its own copy of
# one store (ordinary nights), for a change's "no slower" claim (RESULTS.md).
#   [BASE_DATA=DIR] bash tests/bench/ab_nightly.sh BASELINE_BUILD NEW_BUILD [WORKDIR] [ROUNDS]
# BASE_DATA: the baseline's own rules/ and workflows/ (a checkout of its commit), when the
# current ones have declarations the baseline cannot read.
# Each BUILD is a Release build folder holding timescales and tests/bench/bench_caseload. The store
# is made by the baseline's bench_caseload and given a first night by each binary before the rounds.
set -u
base_env=(); [ -n "${BASE_DATA:-}" ] && base_env=(env TIMESCALES_DATA="$BASE_DATA")
base_build=$1 new_build=$2 work=${3:-/tmp/timescales-ab} rounds=${4:-8}
B=$base_build/timescales N=$new_build/timescales AS_OF=2026-11-22
mkdir -p "$work" && cd "$work" || exit 2
if [ ! -f base.db ]; then
  "$base_build/tests/bench/bench_caseload" --cases 1000000 --as-of $AS_OF --db base.db | tail -1
  "${base_env[@]}" "$B" nightly --db base.db --as-of $AS_OF --out out-base --quiet >/dev/null 2>&1
  cp base.db new.db
  "$N" nightly --db new.db --as-of $AS_OF --out out-new --quiet >/dev/null 2>&1  # migrates, first night
fi
for round in $(seq 1 "$rounds"); do
  for who in base new; do
    bin=$B envs=("${base_env[@]}"); [ $who = new ] && bin=$N envs=()
    sync
    "${envs[@]}" /usr/bin/time -f "$who round $round: wall %e s user %U s sys %S s maxrss %M KB" \
      "$bin" nightly --db $who.db --as-of $AS_OF --out out-$who --quiet --timings >/dev/null 2>"time-$who-$round.txt"
    tail -1 "time-$who-$round.txt"
  done
done
