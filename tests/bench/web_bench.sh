#!/usr/bin/env bash
# The web benchmark of issue 13: wrk on loopback against the API's case read and the case page, on
# a 1M-case store, with and without a nightly run going. Prints requests/s and p50/p99 latency for
# each, for RESULTS.md. Targets (2 cores): >= 2,000 API reads/s, >= 500 case pages/s, p99 <= 50 ms
# while a nightly run is going.
#
#   bash tests/bench/web_bench.sh [BUILD] [WORKDIR]
#
# BUILD: a Release build folder holding timescales and tests/bench/bench_caseload (default
# build-rel). WORKDIR (default /tmp/timescales-web-bench) keeps the 1M store between runs.
# Needs wrk, curl and python3 (Debian). The server's shapes are as issue 13 builds them; where they
# differ at merge, adjust the variables below rather than the steps:
BENCH_PORT=${BENCH_PORT:-18480}
BENCH_SECONDS=${BENCH_SECONDS:-20}
WRK=(wrk -t2 -c16 -d"${BENCH_SECONDS}"s --latency)
AS_OF=${BENCH_AS_OF:-2026-11-22}
USER_NAME=${BENCH_USER:-bench-manager}
# How the API is read and the page is found, {id} the case's reference, URL-encoded.
API_PATH=${BENCH_API_PATH:-/api/v1/cases/{id}}
PAGE_PATH=${BENCH_PAGE_PATH:-/cases/{id}}
SIGN_IN_PATH=${BENCH_SIGN_IN_PATH:-/sign-in}
set -u

fail() { echo "web_bench: $*" >&2; exit 2; }
cd "$(dirname "$0")/../.." || exit 2
BUILD=${1:-build-rel}
WORK=${2:-/tmp/timescales-web-bench}
TS=$(realpath -e "$BUILD/timescales" 2>/dev/null) || fail "no timescales in $BUILD: build it (cmake -S . -B $BUILD -DCMAKE_BUILD_TYPE=Release && cmake --build $BUILD -j2 --target timescales bench_caseload)"
for tool in wrk curl python3; do command -v $tool >/dev/null || fail "$tool is not installed (Debian: apt-get install $tool)"; done
# (Its help must name --listen: CLI11 may answer an unknown command's --help with the main help.)
if ! "$TS" serve --help 2>&1 | grep -q -- '--listen'; then
  fail "$TS has no 'serve' command: the server is issue 13's web work (timescales serve --db FILE --listen ADDR); build a tree where it has been merged"
fi
mkdir -p "$WORK" && cd "$WORK" || exit 2

# --- the store: 1M cases, as the nightly benchmarks make it, and a first night --------------------
if [ ! -f store.db ]; then
  "$(dirname "$TS")/tests/bench/bench_caseload" --cases 1000000 --as-of "$AS_OF" --db store.db | tail -1 ||
    fail "bench_caseload failed"
  "$TS" nightly --db store.db --as-of "$AS_OF" --out out --quiet >/dev/null 2>&1
fi
rm -f web.db web.db-wal web.db-shm web.db-run.lock
cp store.db web.db
chmod 600 web.db

# --- an API token and a signed-in session ----------------------------------------------------------
# `token add` prints the header to send ("Authorization: Bearer <secret>", shown once); the user's
# password is the script's own, given on stdin.
token_out=$("$TS" token add bench --role manager --db web.db 2>&1) || fail "token add failed: $token_out"
TOKEN=${BENCH_TOKEN:-$(printf '%s\n' "$token_out" | sed -n 's/^Authorization: Bearer //p' | head -1)}
[ -n "$TOKEN" ] || fail "no 'Authorization: Bearer' line in the output of 'token add': $token_out (set BENCH_TOKEN)"
PASSWORD=${BENCH_PASSWORD:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')}
user_out=$(printf '%s\n' "$PASSWORD" | "$TS" user add "$USER_NAME" --role manager --db web.db --password-stdin 2>&1) ||
  fail "user add failed: $user_out"

# A case that is open, well inside the store, its reference URL-encoded ("LA017/EHC-2025-0042").
CASE=$(python3 - <<'EOF'
import sqlite3, urllib.parse
db = sqlite3.connect("file:web.db?mode=ro", uri=True)
row = db.execute("SELECT id FROM cases WHERE closed = 0 ORDER BY id LIMIT 1 OFFSET 5000").fetchone()
print(urllib.parse.quote(row[0], safe="") if row else "")
EOF
)
[ -n "$CASE" ] || fail "no open case in the store"
api=${API_PATH//\{id\}/$CASE}
page=${PAGE_PATH//\{id\}/$CASE}
BASE=http://127.0.0.1:$BENCH_PORT

server=0 nights=0
cleanup() {
  [ "$nights" != 0 ] && kill -TERM "$nights" 2>/dev/null && wait "$nights" 2>/dev/null
  [ "$server" != 0 ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
}
trap cleanup EXIT
"$TS" serve --db web.db --listen "127.0.0.1:$BENCH_PORT" >server.log 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "$BASE/" && break; sleep 0.2; done
kill -0 $server 2>/dev/null || fail "the server did not start (server.log: $(tail -3 server.log))"

# Sign in: the form's CSRF token, then the post; the session cookie is what the jar keeps.
rm -f cookies.txt
form=$(curl -s -c cookies.txt -b cookies.txt "$BASE$SIGN_IN_PATH")
csrf=$(printf '%s' "$form" | grep -oE 'name="csrf_token"[^>]*value="[^"]*"' | sed 's/.*value="\([^"]*\)"/\1/' | head -1)
[ -n "$csrf" ] || fail "no csrf_token on $SIGN_IN_PATH"
code=$(curl -s -o /dev/null -w '%{http_code}' -c cookies.txt -b cookies.txt --data-urlencode "name=$USER_NAME" \
  --data-urlencode "password=$PASSWORD" --data-urlencode "csrf_token=$csrf" "$BASE$SIGN_IN_PATH")
case $code in 2*|3*) ;; *) fail "signing in answered $code";; esac
COOKIE=$(awk '!/^#/ && NF >= 7 {c = $6 "=" $7} /^#HttpOnly_/ {c = $6 "=" $7} END {print c}' cookies.txt)
[ -n "$COOKIE" ] || fail "signing in set no cookie"

# Both reads must answer 200 before they are timed: wrk counts errors, it does not stop on them.
for probe in "api:$api:Authorization: Bearer $TOKEN" "page:$page:Cookie: $COOKIE"; do
  IFS=: read -r what path header <<<"$probe"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$header" "$BASE$path")
  [ "$code" = 200 ] || fail "GET $path ($what) answered $code, not 200"
done

# --- the runs ----------------------------------------------------------------------------------------
printf '\n| read | nightly run | requests/s | p50 | p99 | non-2xx | errors |\n|---|---|---|---|---|---|---|\n'
bench() {  # what path header nightly(yes|no)
  if [ "$4" = yes ]; then
    # Nightly runs one after another for the whole of the wrk run (one takes ~15 s at 1M cases);
    # the one going at the end is stopped with the loop (a run stopped half-way is never read).
    (trap 'kill $run 2>/dev/null; exit 0' TERM
     while :; do "$TS" nightly --db web.db --as-of "$AS_OF" --out out-web --quiet >/dev/null 2>&1 & run=$!; wait $run; done) &
    nights=$!
    sleep 3  # past the import and the loading, into the reading and recording
  fi
  out=$("${WRK[@]}" -H "$3" "$BASE$2" 2>&1)
  if [ "$4" = yes ]; then kill -TERM "$nights" 2>/dev/null; wait "$nights" 2>/dev/null; nights=0; fi
  rps=$(printf '%s\n' "$out" | awk '/^Requests\/sec:/ {print $2}')
  p50=$(printf '%s\n' "$out" | awk '$1 == "50%" {print $2}')
  p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')
  bad=$(printf '%s\n' "$out" | awk '/Non-2xx or 3xx responses:/ {print $NF}')
  errors=$(printf '%s\n' "$out" | awk '/Socket errors:/ {sub(/.*Socket errors: /, ""); print}')
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$4" "${rps:-?}" "${p50:-?}" "${p99:-?}" "${bad:-0}" "${errors:-none}"
  printf '%s\n' "$out" >"wrk-$(printf '%s' "$1" | tr -c 'A-Za-z0-9' '_')-$4.txt"
}
bench "GET $API_PATH" "$api" "Authorization: Bearer $TOKEN" no
bench "GET $PAGE_PATH" "$page" "Cookie: $COOKIE" no
bench "GET $API_PATH" "$api" "Authorization: Bearer $TOKEN" yes
bench "GET $PAGE_PATH" "$page" "Cookie: $COOKIE" yes
echo "(wrk's own output: $WORK/wrk-*.txt; the server's log: $WORK/server.log)"
