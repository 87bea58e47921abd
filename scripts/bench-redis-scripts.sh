#!/usr/bin/env bash
# What an admission costs Redis: the admission script (gateway/src/main/resources/redis, common.lua in front) run
# by redis-benchmark on one connection against a user's scope that holds an hour of traffic (a request every 20 s,
# then one every second of the last minute: about 180 buckets), as Redis's own commandstats count it (µs of Redis's
# CPU per call, the script's commands included). No gateway, no JVM: only the script and the Redis it runs in.
#
#   scripts/bench-redis-scripts.sh              # this checkout's scripts
#   scripts/bench-redis-scripts.sh HEAD~3 ...   # and the scripts of other commits, each measured in the same run
#
#   BENCH_CALLS   admissions measured per version (20000)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
command -v redis-server >/dev/null || apt_install redis-server
command -v redis-benchmark >/dev/null || apt_install redis-tools
CALLS="${BENCH_CALLS:-20000}"
SCRIPTS=gateway/src/main/resources/redis

PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null 2>&1 &
REDIS_PID=$!
trap 'kill "$REDIS_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 20); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.25; done
cli() { redis-cli -p "$PORT" "$@"; }

# ARGV after the clock and the id: tokens, Seoul's offset, the lease, no cooldown; one scope whose limits never refuse.
LIMITS=(387 32400000 600000 0 2000000000 2000000000 1000000000000 1000000000000 0 0 1)

measure() { # label, then the text of common.lua and admit.lua on stdin
  local label=$1 sha key fly now
  sha=$(cli -x script load)
  key="kl:{u:bench}:u:$label"
  fly="$key:fly"
  now=$(( $(date +%s) * 1000 ))
  for ago in $(seq 3600 -20 61) $(seq 60 -1 1); do # admitted at past times: the script takes a given clock
    cli evalsha "$sha" 2 "$key" "$fly" $(( now - ago * 1000 )) "warm-$ago" "${LIMITS[@]}" >/dev/null
  done
  local fields
  fields=$(cli hlen "$key")
  cli config resetstat >/dev/null
  redis-benchmark -p "$PORT" -q -n "$CALLS" -c 1 evalsha "$sha" 2 "$key" "$fly" "" "req-__rand_int__" "${LIMITS[@]}" \
    >/dev/null 2>&1
  local per_call
  per_call=$(cli info commandstats | sed -n 's/^cmdstat_evalsha:.*usec_per_call=\([0-9.]*\).*/\1/p')
  printf '%-24s %6s fields in the scope  %8s µs per admission\n' "$label" "$fields" "$per_call"
}

echo "redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p'), $CALLS admissions per version, one connection"
{ cat "$SCRIPTS/common.lua"; echo; cat "$SCRIPTS/admit.lua"; } | measure "this checkout"
for ref in "$@"; do
  { git show "$ref:$SCRIPTS/common.lua"; echo; git show "$ref:$SCRIPTS/admit.lua"; } | measure "$(git rev-parse --short "$ref")"
done
