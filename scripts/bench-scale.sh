#!/usr/bin/env bash
# Two questions about the gateway that bench-gateway.sh does not ask:
#  - scale: with a policy of N users (BENCH_SCALE_USERS, 8 10000 100000), how long the gateway takes to start and to
#    reload the policy, how much memory it holds, and how long admission takes per request (its own
#    koreanllm_admission_seconds mean, requests spread over 1,000 of the N users) — which must not grow with N;
#  - restart: the latency a gateway adds in its first 10, 30 and 60 seconds after it reports ready, as during a
#    rolling update, at one connection, against the simulator's own latency measured just before; and what the same
#    gateway adds once warm (after a minute more at 16 connections), which the first windows are divided by.
# The simulator with a 20 ms answer. Results in target/bench-scale/results.txt.
#
#   BENCH_STORE         embedded (default) or redis: a redis-server of the script's own, holding for each size a
#                       keyspace of as many other keys as the policy has users (flushed between sizes)
#   BENCH_SCALE_USERS   policy sizes (8 10000 100000)
#   BENCH_SCALE_SECONDS seconds of traffic per size (15)
#   GATEWAY_JAVA_OPTS   the gateway's JVM options (scripts/lib.sh's GATEWAY_JVM_DEFAULTS)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. scripts/lib.sh
command -v wrk >/dev/null || apt_install wrk
STORE="${BENCH_STORE:-embedded}"
case "$STORE" in redis|embedded) ;; *) echo "bench-scale: BENCH_STORE must be embedded or redis" >&2; exit 1 ;; esac
[ "$STORE" = embedded ] || command -v redis-server >/dev/null || apt_install redis-server

SIZES="${BENCH_SCALE_USERS:-8 10000 100000}"
SECONDS_PER_SIZE="${BENCH_SCALE_SECONDS:-15}"
OUT="$ROOT/target/bench-scale"
BODY="$ROOT/scripts/bench/chat-request.json"
WRK_SCRIPT="$ROOT/scripts/bench/wrk-chat.lua"
VERSION=0.1.0-SNAPSHOT
GATEWAY_JAR="gateway/target/gateway-$VERSION-exec.jar"
SIMULATOR_JAR="simulator/target/simulator-$VERSION-exec.jar"
if stale "$GATEWAY_JAR" || stale "$SIMULATOR_JAR"; then
  ./mvnw -q -B -ntp -DskipTests -pl gateway,simulator -am install
fi
scripts/fetch-tokenizers.sh >/dev/null
rm -rf "$OUT" && mkdir -p "$OUT"
ADMIN_KEY="sk-admin-bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

pids=()
stop() { trap - INT TERM EXIT; for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT

SIMULATOR_PORT=18400
GATEWAY_PORT=18401
REDIS_PORT=18402
SIMULATOR="http://127.0.0.1:$SIMULATOR_PORT"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
java -jar "$SIMULATOR_JAR" --server.port="$SIMULATOR_PORT" --simulator.ttft-ms=20 >"$OUT/simulator.log" 2>&1 &
pids+=($!)
wait_for "$SIMULATOR/health" simulator "${pids[-1]}" "$OUT/simulator.log"
sed -E "s#^([[:space:]]*backend:).*#\1 $SIMULATOR#" config/models.yaml >"$OUT/models.yaml"
if [ "$STORE" = redis ]; then
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$OUT/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 20); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.25; done
fi
redis_keyspace() { # size → Redis holds that many other keys (one small hash each), and nothing else
  [ "$STORE" = redis ] || return 0
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  redis-cli -p "$REDIS_PORT" eval "for i = 1, tonumber(ARGV[1]) do
    redis.call('HSET', 'bench-scale:other-user:' .. i, 'R', 1, 'T', 100) end" 0 "$1" >/dev/null
}
redis_memory() { # " | Redis's used memory" with the Redis store, nothing with the embedded one
  [ "$STORE" = redis ] || return 0
  redis-cli -p "$REDIS_PORT" info memory | awk -F: '/^used_memory_human:/ { gsub(/\r/, "", $2); printf " | %s", $2 }'
}

users_file() { # size → users.yaml with that many users; the first 1,000 keys go to keys.txt
  node -e '
    const n = Number(process.argv[1]);
    const out = ["defaults:", "  limits: {rpm: 2000000000, tpm: 2000000000, tph: 1000000000000, tpd: 1000000000000, cooldownMinutes: 0}", "users:"];
    const keys = [];
    for (let i = 1; i <= n; i++) {
      const key = "sk-scale-" + i + "-" + require("crypto").randomBytes(9).toString("hex");
      if (keys.length < 1000) keys.push(key);
      out.push("  - name: u" + i, "    displayName: 사용자" + i, "    keys: [{key: \"" + key + "\"}]");
    }
    require("fs").writeFileSync(process.argv[2], out.join("\n") + "\n");
    require("fs").writeFileSync(process.argv[3], keys.join(","));' "$1" "$OUT/users-$1.yaml" "$OUT/keys-$1.txt"
}

start_gateway() { # users-file log → sets GW_PID and READY (seconds from start to ready)
  local t0
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  KOREANLLM_STORE="$STORE" SPRING_DATA_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
    KOREANLLM_REDIS_HEALTH="$([ "$STORE" = redis ] && echo true || echo false)" \
    USERS_FILE="$1" MODELS_FILE="$OUT/models.yaml" KOREANLLM_DATA_DIR="$OUT/data-$$-$RANDOM" \
    KOREANLLM_ADMIN_KEY="$ADMIN_KEY" GATEWAY_PORT="$GATEWAY_PORT" \
    java ${GATEWAY_JAVA_OPTS:-$GATEWAY_JVM_DEFAULTS} -jar "$GATEWAY_JAR" >"$2" 2>&1 &
  GW_PID=$!
  pids+=("$GW_PID")
  wait_for "$GATEWAY/health" gateway "$GW_PID" "$2"
  READY=$(awk -v t0="$t0" -v t1="$(date +%s.%N)" 'BEGIN { printf "%.1f", t1 - t0 }')
}
stop_gateway() { kill "$GW_PID"; wait "$GW_PID" 2>/dev/null || true; }
admission_mean_ms() {
  curl -fsS "$GATEWAY/actuator/prometheus" | awk '/^koreanllm_admission_seconds_(sum|count)\{/ {
    if ($1 ~ /_sum/) s += $NF; else c += $NF } END { printf "%.3f %d", (c > 0 ? s / c * 1000 : 0), c }'
}
rss_mb() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
wrk_run() { # url keys seconds log [connections, 1] → "p50_ms p99_ms rps"
  BENCH_BODY="$BODY" BENCH_STREAM=0 BENCH_KEYS="$2" wrk -t1 -c"${5:-1}" -d"${3}s" --timeout 10s --latency -s "$WRK_SCRIPT" \
    "$1/v1/chat/completions" >"$4" 2>&1 || true
  grep -m1 '^RESULT ' "$4" | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    printf "%.2f %.2f %.1f", f["p50_us"] / 1000, f["p99_us"] / 1000, f["rps"] }'
}

{
  echo "Gateway scale and restart benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)," \
    "$(nproc) CPUs; JVM options: ${GATEWAY_JAVA_OPTS:-$GATEWAY_JVM_DEFAULTS}; $STORE store; simulator answers in 20 ms"
  echo
  echo "users | start to ready | reload | RSS idle | RSS after | admission mean (requests) | p50 / p99 at 1 connection$(
    [ "$STORE" = redis ] && echo " | Redis memory after")"
} >"$OUT/results.txt"
for size in $SIZES; do
  users_file "$size"
  redis_keyspace "$size"
  start_gateway "$OUT/users-$size.yaml" "$OUT/gateway-$size.log"
  idle=$(rss_mb "$GW_PID")
  t0=$(date +%s.%N)
  curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $ADMIN_KEY" "$GATEWAY/admin/reload-config"
  reload=$(awk -v t0="$t0" -v t1="$(date +%s.%N)" 'BEGIN { printf "%.2f", t1 - t0 }')
  keys=$(cat "$OUT/keys-$size.txt")
  wrk_run "$GATEWAY" "$keys" 10 "$OUT/warm-$size.log" >/dev/null # warm-up, not measured
  before=$(admission_mean_ms)
  read -r p50 p99 _ <<<"$(wrk_run "$GATEWAY" "$keys" "$SECONDS_PER_SIZE" "$OUT/wrk-$size.log")"
  after=$(admission_mean_ms)
  admission=$(awk -v b="$before" -v a="$after" 'BEGIN { split(b, x, " "); split(a, y, " ");
    c = y[2] - x[2]; printf "%.3f ms (%d)", (c > 0 ? (y[1] * y[2] - x[1] * x[2]) / c : 0), c }')
  printf '%6s | %12ss | %5ss | %5s MB | %6s MB | %s | %s / %s ms%s\n' "$size" "$READY" "$reload" "$idle" \
    "$(rss_mb "$GW_PID")" "$admission" "$p50" "$p99" "$(redis_memory)" | tee -a "$OUT/results.txt"
  stop_gateway
done

# Restart: the simulator's own latency first (warmed up), then a fresh gateway with the 8-user policy under steady
# traffic from the moment it reports ready, in six 10 s windows, as a gateway restarted during a rolling update.
users_file 8
wrk_run "$SIMULATOR" "" 10 "$OUT/restart-direct-warmup.log" >/dev/null
read -r dp50 dp99 _ <<<"$(wrk_run "$SIMULATOR" "" 10 "$OUT/restart-direct.log")"
{
  echo
  echo "after a restart (1 connection, steady traffic from ready; added = gateway − direct, direct p50 / p99"
  echo "$dp50 / $dp99 ms measured just before):"
} >>"$OUT/results.txt"
start_gateway "$OUT/users-8.yaml" "$OUT/gateway-restart.log"
keys=$(cat "$OUT/keys-8.txt")
added=()
for window in 1 2 3 4 5 6; do
  read -r gp50 gp99 _ <<<"$(wrk_run "$GATEWAY" "$keys" 10 "$OUT/restart-gw-$window.log")"
  added+=("$(awk -v a="$gp50" -v b="$dp50" 'BEGIN { printf "%.2f", a - b }')")
  awk -v w="$window" -v gp50="$gp50" -v gp99="$gp99" -v dp50="$dp50" -v dp99="$dp99" 'BEGIN {
    printf "  %2d-%2d s: added %.2f / %.2f ms (gateway %.2f / %.2f)\n", (w - 1) * 10, w * 10, gp50 - dp50, gp99 - dp99,
      gp50, gp99 }' | tee -a "$OUT/results.txt"
done
# The warm figure the first windows are compared with: the same gateway after a minute more at 16 connections,
# against the simulator measured again.
wrk_run "$GATEWAY" "$keys" 60 "$OUT/restart-gw-warming.log" 16 >/dev/null
read -r dp50 dp99 _ <<<"$(wrk_run "$SIMULATOR" "" 10 "$OUT/restart-direct-again.log")"
read -r gp50 gp99 _ <<<"$(wrk_run "$GATEWAY" "$keys" 10 "$OUT/restart-gw-warm.log")"
awk -v gp50="$gp50" -v gp99="$gp99" -v dp50="$dp50" -v dp99="$dp99" -v a1="${added[0]}" -v a2="${added[1]}" \
  -v a3="${added[2]}" 'BEGIN { warm = gp50 - dp50
    printf "  warm (after 60 s more at 16 connections; direct %.2f / %.2f): added %.2f / %.2f ms\n", dp50, dp99, warm,
      gp99 - dp99
    if (warm > 0) printf "  first three windows ÷ warm (p50): %.1f, %.1f, %.1f (target: <= 2)\n", a1 / warm, a2 / warm, a3 / warm
  }' | tee -a "$OUT/results.txt"
echo "results: ${OUT#"$ROOT"/}/results.txt"
