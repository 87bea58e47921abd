#!/usr/bin/env bash
# The gateway's overhead: wrk against the simulator directly, through a bare nginx reverse proxy (Debian's
# nginx-light, one worker on the gateway's CPUs: what any proxy hop costs), through a bare Reactor Netty proxy
# (scripts/bench/BareProxy.java on the gateway's own netty jars and JVM options: what a hop costs on the gateway's
# HTTP stack) and through the gateway (auth, exact counting, quotas), plain and streaming, at 1, 16 and 64 connections, in one run; the added time to first token and a buffering check
# (scripts/bench/ttft-probe.js); the gateway's resident memory. Prints a table of ratios and writes everything to
# target/bench-gateway/results.txt. docs/benchmarks.md holds the figures and how to read them.
#
# Starts its own redis-server (free port, no persistence), simulator, nginx and gateway; stops them on exit or Ctrl-C.
# Builds the jars when missing or older than their sources (./mvnw), unless GATEWAY_JAR/SIMULATOR_JAR are given.
#
#   BENCH_DURATION        seconds measured per cell (15)
#   BENCH_WARMUP          least seconds of warm-up per target (at 16 connections, modes in turn, 5 s rounds), which
#                         goes on until the JVM's JIT has settled (20)
#   BENCH_WARMUP_MAX      most seconds of warm-up per target (90)
#   BENCH_CONNECTIONS     connection counts (1 16 64)
#   BENCH_MODES           plain and/or stream (plain stream)
#   BENCH_TTFT_REQUESTS   streaming requests per target for the time-to-first-token probe (300, after 50 warm-up)
#   BENCH_USERS           bench users (keys) the requests rotate over (8)
#   BENCH_SIM_TTFT_MS     the simulator's time to first token, also its latency for a plain answer (20)
#   BENCH_SIM_TOKEN_DELAY_MS  the simulator's delay between two streamed tokens (1; max_tokens is 16)
#   BENCH_PIN             auto | isolate | none (auto = isolate on 2+ CPUs): isolate pins the gateway and its Redis
#                         to half of the CPUs, the simulator, wrk and the probe to the other half, so the backend
#                         side is the same in the direct and the gateway runs and the gateway's own CPU is visible
#   BENCH_GATEWAY_CPUS, BENCH_CLIENT_CPUS  explicit CPU lists for isolate (e.g. 1 and 0)
#   BENCH_STORE           the gateway's quota store: redis (the issue's setting) or embedded (to see what Redis costs)
#   BENCH_OUT             output folder (target/bench-gateway)
#   GATEWAY_JAR, SIMULATOR_JAR  jars to use as they are (no build)
#   GATEWAY_JAVA_OPTS     the gateway's JVM options (scripts/run-local.sh's: GATEWAY_JVM_DEFAULTS in scripts/lib.sh)
#   SIMULATOR_JAVA_OPTS   the simulator's JVM options (none: the JVM's defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DURATION="${BENCH_DURATION:-15}"
WARMUP="${BENCH_WARMUP:-20}"
WARMUP_MAX="${BENCH_WARMUP_MAX:-90}"
WARMUP_ROUND=5
CONNECTIONS="${BENCH_CONNECTIONS:-1 16 64}"
MODES="${BENCH_MODES:-plain stream}"
TTFT_REQUESTS="${BENCH_TTFT_REQUESTS:-300}"
USERS="${BENCH_USERS:-8}"
SIM_TTFT_MS="${BENCH_SIM_TTFT_MS:-20}"
SIM_TOKEN_DELAY_MS="${BENCH_SIM_TOKEN_DELAY_MS:-1}"
PIN="${BENCH_PIN:-auto}"
STORE="${BENCH_STORE:-redis}"
case "$STORE" in redis|embedded) ;; *) echo "bench-gateway: BENCH_STORE must be redis or embedded" >&2; exit 1 ;; esac
OUT="${BENCH_OUT:-$ROOT/target/bench-gateway}"
BODY="$ROOT/scripts/bench/chat-request.json"
WRK_SCRIPT="$ROOT/scripts/bench/wrk-chat.lua"
PROBE="$ROOT/scripts/bench/ttft-probe.js"

VERSION=0.1.0-SNAPSHOT
DEFAULT_GATEWAY_JAR="gateway/target/gateway-$VERSION-exec.jar"
DEFAULT_SIMULATOR_JAR="simulator/target/simulator-$VERSION-exec.jar"
GATEWAY_JAR="${GATEWAY_JAR:-$DEFAULT_GATEWAY_JAR}"
SIMULATOR_JAR="${SIMULATOR_JAR:-$DEFAULT_SIMULATOR_JAR}"

# --- what the benchmark needs ------------------------------------------------------------------------------------
. scripts/lib.sh
command -v wrk >/dev/null || apt_install wrk
command -v unzip >/dev/null || apt_install unzip
command -v redis-server >/dev/null || apt_install redis-server
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { apt_install nginx-light; NGINX=/usr/sbin/nginx; }
command -v node >/dev/null || { echo "bench-gateway: node is required (the TTFT probe)" >&2; exit 1; }

# Build what is missing or older than its sources (as scripts/run-local.sh); given jars are used as they are.
if { [ "$GATEWAY_JAR" = "$DEFAULT_GATEWAY_JAR" ] && stale "$GATEWAY_JAR"; } ||
   { [ "$SIMULATOR_JAR" = "$DEFAULT_SIMULATOR_JAR" ] && stale "$SIMULATOR_JAR"; }; then
  echo "Building the gateway and the simulator..."
  ./mvnw -q -B -ntp -DskipTests -pl gateway,simulator -am install
fi
for jar in "$GATEWAY_JAR" "$SIMULATOR_JAR"; do
  [ -f "$jar" ] || { echo "bench-gateway: $jar not found" >&2; exit 1; }
done
scripts/fetch-tokenizers.sh >/dev/null

# --- CPU placement -------------------------------------------------------------------------------------------------
cpu_list() { # expands "0-2,5" to "0 1 2 5"
  local part out=()
  IFS=',' read -ra parts <<<"$1"
  for part in "${parts[@]}"; do
    if [[ $part == *-* ]]; then out+=($(seq "${part%-*}" "${part#*-}")); else out+=("$part"); fi
  done
  echo "${out[*]}"
}
read -ra ALLOWED <<<"$(cpu_list "$(awk '/^Cpus_allowed_list/{print $2}' /proc/self/status)")"
if [ "$PIN" = auto ]; then
  if [ "${#ALLOWED[@]}" -ge 2 ] && command -v taskset >/dev/null; then PIN=isolate; else PIN=none; fi
fi
if [ "$PIN" = isolate ]; then
  half=$(( ${#ALLOWED[@]} / 2 ))
  GATEWAY_CPUS="${BENCH_GATEWAY_CPUS:-$(IFS=,; echo "${ALLOWED[*]:$half}")}"
  CLIENT_CPUS="${BENCH_CLIENT_CPUS:-$(IFS=,; echo "${ALLOWED[*]:0:$half}")}"
  ON_GATEWAY_CPUS=(taskset -c "$GATEWAY_CPUS")
  ON_CLIENT_CPUS=(taskset -c "$CLIENT_CPUS")
  read -ra _client <<<"$(cpu_list "$CLIENT_CPUS")"
  WRK_THREADS=${#_client[@]}
  PLACEMENT="isolate: gateway + its redis on CPU $GATEWAY_CPUS; simulator, wrk and probe on CPU $CLIENT_CPUS"
elif [ "$PIN" = none ]; then
  ON_GATEWAY_CPUS=()
  ON_CLIENT_CPUS=()
  WRK_THREADS=${#ALLOWED[@]}
  PLACEMENT="none: every process on every CPU (${ALLOWED[*]})"
else
  echo "bench-gateway: BENCH_PIN must be auto, isolate or none" >&2
  exit 1
fi

# --- processes -----------------------------------------------------------------------------------------------------
mkdir -p "$OUT"
rm -rf "$OUT"/*.log "$OUT/raw.txt" "$OUT/data"
RAW="$OUT/raw.txt"
pids=()
child=
stop() {
  trap - INT TERM EXIT
  if [ -n "$child" ]; then kill "$child" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'echo "bench-gateway: interrupted" >&2; exit 130' INT TERM

# Runs a command in the background and waits for it, so that Ctrl-C and TERM stop the run at once (taskset execs
# the command, so $! is the command itself).
run() { "$@" & child=$!; local rc=0; wait "$child" || rc=$?; child=; return "$rc"; }

free_ports() { # five distinct free ports, all held open while they are chosen
  node -e '
    const net = require("net");
    const servers = [0, 1, 2, 3, 4].map(() => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", ok)))).then(() => {
      console.log(servers.map((s) => s.address().port).join(" "));
      servers.forEach((s) => s.close());
    });'
}

read -r REDIS_PORT SIMULATOR_PORT GATEWAY_PORT NGINX_PORT REACTOR_PORT <<<"$(free_ports)"
SIMULATOR="http://127.0.0.1:$SIMULATOR_PORT"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
NGINX_URL="http://127.0.0.1:$NGINX_PORT"
REACTOR_URL="http://127.0.0.1:$REACTOR_PORT"

"${ON_GATEWAY_CPUS[@]}" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
  >"$OUT/redis.log" 2>&1 &
pids+=($!)
REDIS_PID=$!

# shellcheck disable=SC2086 # word splitting of the JVM options is wanted
"${ON_CLIENT_CPUS[@]}" java ${SIMULATOR_JAVA_OPTS:-} -jar "$SIMULATOR_JAR" --server.port="$SIMULATOR_PORT" \
  --simulator.ttft-ms="$SIM_TTFT_MS" --simulator.token-delay-ms="$SIM_TOKEN_DELAY_MS" >"$OUT/simulator.log" 2>&1 &
pids+=($!)
SIM_PID=$!

# Bench users: generous limits (the benchmark measures overhead, not refusals) that still make Redis do its work.
KEYS=()
{
  echo "# Generated by scripts/bench-gateway.sh: throwaway keys, limits that never refuse."
  echo "defaults:"
  echo "  limits: {rpm: 2000000000, tpm: 2000000000, tph: 1000000000000, tpd: 1000000000000, cooldownMinutes: 0}"
  echo "  dailyResetZone: Asia/Seoul"
  echo "users:"
  for i in $(seq 1 "$USERS"); do
    key="sk-bench-$i-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    KEYS+=("$key")
    echo "  - name: bench$i"
    echo "    displayName: 벤치사용자$i"
    echo "    models: [\"*\"]"
    echo "    keys: [{key: \"$key\"}]"
  done
} >"$OUT/users.yaml"
KEY_LIST=$(IFS=,; echo "${KEYS[*]}")
sed -E "s#^([[:space:]]*backend:).*#\1 $SIMULATOR#" config/models.yaml >"$OUT/models.yaml"

wait_for "$SIMULATOR/health" simulator "$SIM_PID" "$OUT/simulator.log"

# A bare reverse proxy as a production team would configure one for an LLM server: keep-alive to the upstream, no
# buffering (streams pass through as they come), no access log. One worker, on the gateway's CPUs.
mkdir -p "$OUT/nginx"
cat >"$OUT/nginx/nginx.conf" <<NGINX_CONF
daemon off;
worker_processes 1;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $OUT/nginx/body;
  proxy_temp_path $OUT/nginx/proxy;
  upstream simulator { server 127.0.0.1:$SIMULATOR_PORT; keepalive 128; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://simulator;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_read_timeout 60s;
    }
  }
}
NGINX_CONF
"${ON_GATEWAY_CPUS[@]}" "$NGINX" -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" >>"$OUT/nginx.log" 2>&1 &
pids+=($!)
NGINX_PID=$!
wait_for "$NGINX_URL/health" nginx "$NGINX_PID" "$OUT/nginx.log"
NGINX_WORKER=$(pgrep -P "$NGINX_PID" | head -1)

# The bare Reactor Netty proxy: the gateway's own reactor and netty jars, its JVM options, on its CPUs.
mkdir -p "$OUT/reactor-lib"
unzip -q -o -j "$GATEWAY_JAR" 'BOOT-INF/lib/reactor-*' 'BOOT-INF/lib/reactive-streams-*' 'BOOT-INF/lib/netty-*' -d "$OUT/reactor-lib"
# shellcheck disable=SC2086
"${ON_GATEWAY_CPUS[@]}" java ${GATEWAY_JAVA_OPTS:-$GATEWAY_JVM_DEFAULTS} -cp "$OUT/reactor-lib/*" \
  scripts/bench/BareProxy.java "$REACTOR_PORT" "$SIMULATOR" >"$OUT/reactor.log" 2>&1 &
pids+=($!)
REACTOR_PID=$!
wait_for "$REACTOR_URL/health" "reactor proxy" "$REACTOR_PID" "$OUT/reactor.log"
for _ in $(seq 1 20); do
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
  kill -0 "$REDIS_PID" 2>/dev/null || { echo "redis-server failed to start; see $OUT/redis.log" >&2; exit 1; }
  sleep 0.25
done
# shellcheck disable=SC2086
KOREANLLM_STORE="$STORE" SPRING_DATA_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" KOREANLLM_REDIS_HEALTH="$([ "$STORE" = redis ] && echo true || echo false)" \
  USERS_FILE="$OUT/users.yaml" MODELS_FILE="$OUT/models.yaml" KOREANLLM_DATA_DIR="$OUT/data" \
  KOREANLLM_ADMIN_KEY="sk-admin-bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" GATEWAY_PORT="$GATEWAY_PORT" \
  "${ON_GATEWAY_CPUS[@]}" java ${GATEWAY_JAVA_OPTS:-$GATEWAY_JVM_DEFAULTS} -jar "$GATEWAY_JAR" >"$OUT/gateway.log" 2>&1 &
pids+=($!)
GW_PID=$!
wait_for "$GATEWAY/health" gateway "$GW_PID" "$OUT/gateway.log"

status_kb() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"; }
RSS_IDLE_KB=$(status_kb "$GW_PID" VmRSS)

# Both models answer through the gateway once (korean-llama's tokenizer and template are used, not only loaded).
for model in korean-qwen korean-llama; do
  sed "s/\"korean-qwen\"/\"$model\"/" "$BODY" |
    curl -fsS -o /dev/null -H "Authorization: Bearer ${KEYS[0]}" -H 'Content-Type: application/json' \
      --data-binary @- "$GATEWAY/v1/chat/completions" ||
    { echo "bench-gateway: a $model request through the gateway failed; see $OUT/gateway.log" >&2; exit 1; }
done

# --- measuring -----------------------------------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
NCPU=$(grep -c '^cpu[0-9]' /proc/stat)
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU ticks of the gateway's threads by kind: event loop, counting (parallel scheduler), Redis client, GC, JIT, other.
thread_ticks() {
  local t name ticks
  for t in /proc/"$1"/task/*; do
    name=$(cat "$t/comm" 2>/dev/null) || continue
    ticks=$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null) || continue
    case "$name" in
      reactor-http*) echo "netty $ticks" ;;
      parallel-*) echo "counting $ticks" ;;
      lettuce*) echo "redis $ticks" ;;
      GC*|G1*) echo "gc $ticks" ;;
      C1*|C2*) echo "jit $ticks" ;;
      *) echo "other $ticks" ;;
    esac
  done | awk '{a[$1] += $2} END {printf "netty=%d counting=%d redis=%d gc=%d jit=%d other=%d\n",
    a["netty"], a["counting"], a["redis"], a["gc"], a["jit"], a["other"]}'
}
busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
# CPU of this shell's reaped children (wrk, node, curl, …), from the `times` builtin; it must run in this shell,
# not in a $(…) subshell, so it writes to a file.
TIMES_FILE="$OUT/.times"
children_ticks_to_file() { times >"$TIMES_FILE"; }
children_ticks() {
  tail -1 "$TIMES_FILE" | awk -v hz="$CLK_TCK" '{
    n = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); n += p[1] * 60 + p[2] } printf "%d\n", n * hz }'
}
# Sum and count of the gateway's timers, by name (labels summed): its own view of where a request spends time.
prom_timers() {
  curl -fsS "$GATEWAY/actuator/prometheus" 2>/dev/null | awk '
    /^#/ { next }
    /^http_server_requests_seconds_(sum|count)\{/ && !/method="POST"/ { next }
    /_active_seconds/ { next }
    !/^(http_server_requests|http_client_requests|lettuce|spring_cloud_gateway_requests|koreanllm_)/ { next }
    /_seconds_(sum|count)\{/ {
      name = $1; sub(/\{.*/, "", name); kind = name; sub(/.*_/, "", kind); sub(/_(sum|count)$/, "", name)
      v[name "," kind] += $NF; names[name] = 1
    }
    END { for (n in names) printf "%s %s %s\n", n, v[n ",sum"] + 0, v[n ",count"] + 0 }' | sort
}

# What the machine spent on anything but the benchmark's own processes (other builds, …) between other_load_start
# and other_load_end (which sets OTHER_PCT), as a share of all CPUs: the figures of a cell with a high share are not
# reliable. Both must run in this shell, not in a $(…) subshell, for `times` to see the reaped children.
own_ticks() {
  echo $(( $(proc_ticks "$REDIS_PID") + $(proc_ticks "$SIM_PID") + $(proc_ticks "$GW_PID") + $(proc_ticks "$NGINX_WORKER") \
    + $(proc_ticks "$REACTOR_PID") ))
}
other_load_start() {
  OL_OWN0=$(own_ticks)
  children_ticks_to_file; OL_KIDS0=$(children_ticks); OL_BUSY0=$(busy_ticks); OL_T0=$(date +%s.%N)
}
other_load_end() {
  local own1 kids1 busy1 t1
  own1=$(own_ticks)
  children_ticks_to_file; kids1=$(children_ticks); busy1=$(busy_ticks); t1=$(date +%s.%N)
  OTHER_PCT=$(awk -v b=$((busy1 - OL_BUSY0)) -v o=$(( own1 - OL_OWN0 + kids1 - OL_KIDS0 )) -v t0="$OL_T0" -v t1="$t1"     -v hz="$CLK_TCK" -v n="$NCPU" 'BEGIN { x = (b - o) / ((t1 - t0) * hz * n) * 100; printf "%.0f", (x < 0 ? 0 : x) }')
}
jit_ticks() { # CPU ticks of a JVM's JIT compiler threads
  local t sum=0
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in C1*|C2*) sum=$(( sum + $(awk '{print $14 + $15}' "$t/stat") )) ;; esac
  done
  echo "$sum"
}

GW_KIND_TOTAL="netty=0 counting=0 redis=0 gc=0 jit=0 other=0"
GW_KIND_REQUESTS=0
# One wrk run; appends "CELL mode=… conns=… target=… <RESULT fields> …cpu" to the raw file.
measure() { # mode conns target(direct|nginx|reactor|gateway)
  local mode=$1 conns=$2 target=$3 url keys="" stream=0 threads log proxy_pid=$NGINX_WORKER
  case "$target" in
    gateway) url=$GATEWAY; keys=$KEY_LIST ;;
    nginx) url=$NGINX_URL ;;
    reactor) url=$REACTOR_URL; proxy_pid=$REACTOR_PID ;;
    *) url=$SIMULATOR ;;
  esac
  [ "$mode" = stream ] && stream=1
  threads=$(( conns < WRK_THREADS ? conns : WRK_THREADS ))
  log="$OUT/wrk-$mode-$conns-$target.log"
  local sim0 gw0 gk0 prom0 ngx0
  prom0=$(prom_timers); gk0=$(thread_ticks "$GW_PID")
  sim0=$(proc_ticks "$SIM_PID"); gw0=$(proc_ticks "$GW_PID"); ngx0=$(proc_ticks "$proxy_pid"); other_load_start
  BENCH_BODY="$BODY" BENCH_STREAM=$stream BENCH_KEYS="$keys" \
    run "${ON_CLIENT_CPUS[@]}" wrk -t"$threads" -c"$conns" -d"${DURATION}s" --timeout 10s --latency -s "$WRK_SCRIPT" \
    "$url/v1/chat/completions" >"$log" 2>&1 || true
  local sim1 gw1 gk1 prom1 result requests other_pct ngx1
  other_load_end; other_pct=$OTHER_PCT; sim1=$(proc_ticks "$SIM_PID"); gw1=$(proc_ticks "$GW_PID")
  ngx1=$(proc_ticks "$proxy_pid")
  gk1=$(thread_ticks "$GW_PID"); prom1=$(prom_timers)
  result=$(grep -m1 '^RESULT ' "$log" | sed 's/^RESULT //') || result="requests=0 failed=1"
  requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$result")
  local cpu_line="sim_cpu_ms_per_req=$(awk -v t=$((sim1 - sim0)) -v r="${requests:-0}" -v hz="$CLK_TCK" \
    'BEGIN { printf "%.3f", (r > 0 ? t * 1000 / hz / r : 0) }')"
  if [ "$target" = nginx ] || [ "$target" = reactor ]; then
    cpu_line+=" proxy_cpu_ms_per_req=$(awk -v t=$((ngx1 - ngx0)) -v r="${requests:-0}" -v hz="$CLK_TCK" \
      'BEGIN { printf "%.3f", (r > 0 ? t * 1000 / hz / r : 0) }')"
  fi
  if [ "$target" = gateway ]; then
    cpu_line+=" gw_cpu_ms_per_req=$(awk -v t=$((gw1 - gw0)) -v r="${requests:-0}" -v hz="$CLK_TCK" \
      'BEGIN { printf "%.3f", (r > 0 ? t * 1000 / hz / r : 0) }')"
    # Per kind of thread, and summed over every gateway cell.
    local kinds
    kinds=$(paste -d' ' <(tr ' ' '\n' <<<"$gk0") <(tr ' ' '\n' <<<"$gk1") | awk '{split($1, a, "="); split($2, b, "=");
      printf "%s=%d ", a[1], b[2] - a[2]}')
    cpu_line+=" gw_thread_ticks=$(kinds=${kinds% }; kinds=${kinds// /,}; echo "${kinds//=/:}")"
    GW_KIND_TOTAL=$(paste -d' ' <(tr ' ' '\n' <<<"$GW_KIND_TOTAL") <(tr ' ' '\n' <<<"${kinds% }") |
      awk '{split($1, a, "="); split($2, b, "="); printf "%s=%d ", a[1], a[2] + b[2]}')
    GW_KIND_TOTAL=${GW_KIND_TOTAL% }
    GW_KIND_REQUESTS=$(( GW_KIND_REQUESTS + ${requests:-0} ))
    # The gateway's timers over this cell: mean ms per timer.
    local timers
    timers=$(join <(echo "$prom0") <(echo "$prom1") | awk '{ c = $5 - $3; if (c > 0) printf "%s=%.3f ", $1, ($4 - $2) / c * 1000 }')
    echo "TIMERS mode=$mode conns=$conns ${timers% }" >>"$RAW"
  fi
  echo "CELL mode=$mode conns=$conns target=$target $result other_load_pct=$other_pct $cpu_line" >>"$RAW"
  printf '  %-6s %2s conns %-7s %s\n' "$mode" "$conns" "$target" \
    "$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^(rps|p50_us|p99_us|non2xx|socket_errors)=/) printf "%s ", $i}' <<<"$result")other_load=${other_pct}%"
}

# Warms a target up at 16 connections, every mode in turn, for at least WARMUP seconds and until its JVM's JIT has
# settled (under 5% of the JVM's CPU in the last round), at most WARMUP_MAX seconds: a JIT still compiling takes
# the CPU the measured requests need (the gateway has one core of its own when pinned).
warm() { # target pid-of-its-process (a JVM's JIT is waited for)
  local target=$1 pid=$2 url keys="" stream elapsed=0 mode jit0 cpu0 share=100
  case "$target" in
    gateway) url=$GATEWAY; keys=$KEY_LIST ;; nginx) url=$NGINX_URL ;; reactor) url=$REACTOR_URL ;; *) url=$SIMULATOR ;;
  esac
  while :; do
    jit0=$(jit_ticks "$pid"); cpu0=$(proc_ticks "$pid")
    for mode in $MODES; do
      [ "$mode" = stream ] && stream=1 || stream=0
      BENCH_BODY="$BODY" BENCH_STREAM=$stream BENCH_KEYS="$keys" \
        run "${ON_CLIENT_CPUS[@]}" wrk -t"$WRK_THREADS" -c16 -d"${WARMUP_ROUND}s" --timeout 10s -s "$WRK_SCRIPT" \
        "$url/v1/chat/completions" >>"$OUT/warmup-$target.log" 2>&1 || true
      elapsed=$(( elapsed + WARMUP_ROUND ))
    done
    share=$(( ( $(jit_ticks "$pid") - jit0 ) * 100 / ( $(proc_ticks "$pid") - cpu0 + 1 ) ))
    if { [ "$elapsed" -ge "$WARMUP" ] && [ "$share" -lt 5 ]; } || [ "$elapsed" -ge "$WARMUP_MAX" ]; then break; fi
  done
  echo "  $target warmed up for ${elapsed}s (JIT ${share}% of its CPU in the last round)"
  echo "WARMUP target=$target seconds=$elapsed last_round_jit_pct=$share" >>"$RAW"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench-gateway: simulator $SIMULATOR (ttft ${SIM_TTFT_MS} ms, ${SIM_TOKEN_DELAY_MS} ms/token), gateway $GATEWAY" \
  "($STORE store$([ "$STORE" = redis ] && echo " on :$REDIS_PORT")), $USERS users; pinning $PLACEMENT; load $LOAD_BEFORE"
echo "warming up..."
warm direct "$SIM_PID"
warm nginx "$NGINX_WORKER"
warm reactor "$REACTOR_PID"
warm gateway "$GW_PID"
for mode in $MODES; do
  for conns in $CONNECTIONS; do
    measure "$mode" "$conns" direct
    measure "$mode" "$conns" nginx
    measure "$mode" "$conns" reactor
    measure "$mode" "$conns" gateway
  done
done

echo "time to first token ($TTFT_REQUESTS streaming requests per target)..."
other_load_start
run "${ON_CLIENT_CPUS[@]}" node "$PROBE" --direct "$SIMULATOR" --gateway "$GATEWAY" --body "$BODY" --keys "$KEY_LIST" \
  --requests "$TTFT_REQUESTS" --warmup 50 >"$OUT/ttft.log" 2>&1 || true
other_load_end
TTFT_OTHER_PCT=$OTHER_PCT
{ grep '^TTFT ' "$OUT/ttft.log" || echo "TTFT failed=1"; } | sed "s/\$/ other_load_pct=$TTFT_OTHER_PCT/" >>"$RAW"

RSS_KB=$(status_kb "$GW_PID" VmRSS)
HWM_KB=$(status_kb "$GW_PID" VmHWM)
# The JVM's own view of that memory (Micrometer's gauges): heap, non-heap (metaspace, code cache), direct buffers.
JVM_MEMORY=$(curl -fsS "$GATEWAY/actuator/prometheus" 2>/dev/null | awk '
  /^jvm_memory_committed_bytes\{.*area="heap"/ { heap += $NF }
  /^jvm_memory_used_bytes\{.*area="heap"/ { used += $NF }
  /^jvm_memory_committed_bytes\{.*area="nonheap"/ { nonheap += $NF }
  /^jvm_buffer_memory_used_bytes\{/ { buffers += $NF }
  END { if (heap > 0) printf "JVM: heap %d MB committed (%d MB used), non-heap %d MB, buffers %d MB",
    heap / 1048576, used / 1048576, nonheap / 1048576, buffers / 1048576 }') || JVM_MEMORY=
TOKENIZERS=$(grep -c 'tokenizer .* loaded' "$OUT/gateway.log" || true)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
echo "RSS idle_kb=$RSS_IDLE_KB after_kb=$RSS_KB peak_kb=$HWM_KB tokenizers_loaded=$TOKENIZERS" >>"$RAW"

# --- report --------------------------------------------------------------------------------------------------------
report() {
  echo "Gateway overhead benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)');" \
    "$(java -version 2>&1 | head -1); $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo))"
  echo "jars: $(for jar in "$GATEWAY_JAR" "$SIMULATOR_JAR"; do printf '%s (%s)  ' "$jar" "$(date -u -r "$jar" '+%Y-%m-%d %H:%M UTC')"; done)"
  echo "simulator: ttft ${SIM_TTFT_MS} ms (= a plain answer's latency), ${SIM_TOKEN_DELAY_MS} ms between tokens;" \
    "request: chat completion, korean-qwen, system + user message ($(wc -c <"$BODY") bytes JSON), max_tokens 16"
  echo "gateway: $STORE quota store, $USERS users rotated per request; JVM options: ${GATEWAY_JAVA_OPTS:-$GATEWAY_JVM_DEFAULTS}"
  echo "wrk: ${DURATION}s per cell; warm-up $(awk '/^WARMUP / { jit = substr($4, 20) + 0
      printf "%s%s %ss (JIT %s%% in its last round%s)", sep, substr($2, 8), substr($3, 9), jit, jit < 5 ? "" : ": NOT settled"
      sep = ", " }' "$RAW"); pinning $PLACEMENT"
  echo "load average before $LOAD_BEFORE, after $LOAD_AFTER"
  echo
  printf '%-6s %5s | %9s %14s %14s %14s | %13s | %13s %13s %13s %13s %13s | %s\n' mode conns "direct" "nginx (×d)" \
    "reactor (×d)" "gw (×d, ×ngx)" "direct p50/99" "nginx +p50/99" "reactor +p50/99" "gw +p50/99" "gw−ngx p50/99" \
    "gw−reactor" "errors d/n/r/gw, other load d/n/r/gw"
  echo "-------------+----------------------------------------------------------+---------------+-----------------------------------------------------------------------------+------------"
  awk '
    /^CELL / {
      delete f; for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      k = f["mode"] " " f["conns"]
      if (!(k in seen)) { seen[k] = 1; order[++n] = k }
      for (x in f) c[k, f["target"], x] = f[x]
    }
    function ms(us) { return sprintf("%.2f", us / 1000) }
    function ratio(a, b) { return b > 0 ? sprintf("%.3f", a / b) : "n/a" }
    function added(k, t, base) { return ms(c[k, t, "p50_us"] - c[k, base, "p50_us"]) "/" ms(c[k, t, "p99_us"] - c[k, base, "p99_us"]) }
    function errors(k, t) { return c[k, t, "non2xx"] + c[k, t, "socket_errors"] }
    END {
      for (i = 1; i <= n; i++) {
        k = order[i]; split(k, mk, " ")
        d = c[k, "direct", "rps"]; x = c[k, "nginx", "rps"]; r = c[k, "reactor", "rps"]; g = c[k, "gateway", "rps"]
        printf "%-6s %5s | %9.1f %7.1f (%s) %7.1f (%s) %7.1f (%s, %s) | %13s | %13s %13s %13s %13s %13s | %s/%s/%s/%s, %s%%/%s%%/%s%%/%s%%\n",
          mk[1], mk[2], d, x, ratio(x, d), r, ratio(r, d), g, ratio(g, d), ratio(g, x),
          ms(c[k, "direct", "p50_us"]) "/" ms(c[k, "direct", "p99_us"]),
          added(k, "nginx", "direct"), added(k, "reactor", "direct"), added(k, "gateway", "direct"),
          added(k, "gateway", "nginx"), added(k, "gateway", "reactor"),
          errors(k, "direct"), errors(k, "nginx"), errors(k, "reactor"), errors(k, "gateway"),
          c[k, "direct", "other_load_pct"], c[k, "nginx", "other_load_pct"], c[k, "reactor", "other_load_pct"],
          c[k, "gateway", "other_load_pct"]
      }
    }' "$RAW"
  echo "(r/s and ratios to direct (×d) and to nginx (×ngx); latencies in ms; +p50/99 = added over direct at the same"
  echo " percentile, gw−ngx = what the gateway adds beyond a bare proxy hop, gw−reactor beyond a bare hop on its own"
  echo " HTTP stack (Reactor Netty, scripts/bench/BareProxy.java); errors = HTTP status >= 400 + socket errors;"
  echo " other load = CPU used by processes other than the benchmark's own during the cell, % of all CPUs."
  echo " wrk is closed-loop, each connection waiting for its answer: below saturation the ratio is about direct latency"
  echo " / gateway latency, so 0.95 at ~21 ms needs about 1 ms added)"
  echo
  echo "CPU per request (ms): simulator direct / simulator behind the gateway / nginx / bare Reactor Netty / gateway"
  awk '
    /^CELL / {
      delete f; for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      k = f["mode"] " " f["conns"]; if (!(k in seen)) { seen[k] = 1; order[++n] = k }
      if (f["target"] == "direct") d[k] = f["sim_cpu_ms_per_req"]
      else if (f["target"] == "nginx") x[k] = f["proxy_cpu_ms_per_req"]
      else if (f["target"] == "reactor") r[k] = f["proxy_cpu_ms_per_req"]
      else { s[k] = f["sim_cpu_ms_per_req"]; g[k] = f["gw_cpu_ms_per_req"] }
    }
    END { for (i = 1; i <= n; i++) printf "  %-9s %s / %s / %s / %s / %s\n", order[i], d[order[i]], s[order[i]], x[order[i]],
      r[order[i]], g[order[i]] }' "$RAW"
  echo "  gateway CPU by thread over all gateway cells ($GW_KIND_REQUESTS requests), ms per request:" \
    "$(tr ' ' '\n' <<<"$GW_KIND_TOTAL" | awk -F= -v r="$GW_KIND_REQUESTS" -v hz="$CLK_TCK" \
      '{ printf "%s %.3f  ", $1, (r > 0 ? $2 * 1000 / hz / r : 0) }')"
  echo "  (netty = event loops: HTTP in and out, SSE relay; counting = chat template + tokenizer; redis = Lettuce client;"
  echo "   at 1 connection every request wakes idle threads, which costs more CPU per request than under load)"
  local timers
  timers=$(grep '^TIMERS .*conns=1 ' "$RAW" || true)
  if [ -n "$timers" ]; then
    echo "  the gateway's own timers at 1 connection (mean ms; http_server − http_client ≈ time outside the backend call):"
    sed 's/^TIMERS /    /' <<<"$timers"
  fi
  echo
  awk '/^TTFT / {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      if (f["failed"]) { print "time to first token: the probe failed (see ttft.log)"; exit }
      printf "time to first token (%d sequential streaming requests each): direct p50/p99 %.2f/%.2f ms, gateway %.2f/%.2f ms, added %.2f/%.2f ms (other load %s%%)\n",
        f["requests"], f["direct_p50_us"] / 1000, f["direct_p99_us"] / 1000, f["gateway_p50_us"] / 1000, f["gateway_p99_us"] / 1000,
        f["added_p50_us"] / 1000, f["added_p99_us"] / 1000, f["other_load_pct"]
      printf "streaming pass-through: first→last token p50 direct %.2f ms in %s reads, gateway %.2f ms in %s reads → %s%s\n",
        f["direct_span_p50_us"] / 1000, f["direct_reads_p50"], f["gateway_span_p50_us"] / 1000, f["gateway_reads_p50"],
        (f["buffering"] == "no" ? "no buffering" : "BUFFERED"), (f["errors"] > 0 ? " (probe errors: " f["errors"] ")" : "")
    }' "$RAW"
  printf 'gateway resident memory: %d MB after the run (peak %d MB, %d MB idle after start), tokenizers loaded: %s\n' \
    $((RSS_KB / 1024)) $((HWM_KB / 1024)) $((RSS_IDLE_KB / 1024)) "$TOKENIZERS"
  [ -z "$JVM_MEMORY" ] || echo "  $JVM_MEMORY; the rest is native (tokenizer libraries, thread stacks, GC, JIT)"
  echo
  echo "targets ($STORE store):"
  awk -v rss="$HWM_KB" -v store="$STORE" '
    /^CELL / { delete f; for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      k = f["mode"] " " f["conns"]; for (x in f) c[k, f["target"], x] = f[x]; errors += f["non2xx"] + f["socket_errors"] }
    /^TTFT / { for (i = 2; i <= NF; i++) { split($i, kv, "="); t[kv[1]] = kv[2] } }
    function verdict(ok) { return ok ? "met" : "MISSED" }
    function noisy(pct) { return pct > 20 ? sprintf("  (unreliable: other processes used %d%% of the CPUs)", pct) : "" }
    function cell_load(k) { return c[k, "direct", "other_load_pct"] > c[k, "gateway", "other_load_pct"] ?
      c[k, "direct", "other_load_pct"] : c[k, "gateway", "other_load_pct"] }
    END {
      # The issue'"'"'s targets: embedded <= 0.5 ms p50 and <= 1.5 ms p99 added at 1 connection; redis <= 1 ms p50;
      # both >= 0.97 x direct at 16 connections.
      p50 = store == "embedded" ? 0.5 : 1.0
      split("plain stream", modes, " ")
      for (m = 1; m <= 2; m++) {
        k = modes[m] " 16"
        if (c[k, "direct", "rps"] > 0) { r = c[k, "gateway", "rps"] / c[k, "direct", "rps"]
          printf "  %-6s throughput at 16 connections >= 0.97 x direct: %.3f  %s (nginx: %.3f, bare Reactor Netty: %.3f)%s\n",
            modes[m], r, verdict(r >= 0.97), c[k, "nginx", "rps"] / c[k, "direct", "rps"],
            c[k, "reactor", "rps"] / c[k, "direct", "rps"], noisy(cell_load(k)) }
        k = modes[m] " 1"
        if (c[k, "direct", "rps"] > 0) { a = (c[k, "gateway", "p50_us"] - c[k, "direct", "p50_us"]) / 1000
          b = (c[k, "gateway", "p99_us"] - c[k, "direct", "p99_us"]) / 1000
          printf "  %-6s added latency at 1 connection <= %.1f ms p50: %.2f ms  %s", modes[m], p50, a, verdict(a <= p50)
          if (store == "embedded") printf "; <= 1.5 ms p99: %.2f ms  %s", b, verdict(b <= 1.5)
          else printf "; p99 %.2f ms", b
          printf " (bare Reactor Netty: %.2f / %.2f ms)", (c[k, "reactor", "p50_us"] - c[k, "direct", "p50_us"]) / 1000,
            (c[k, "reactor", "p99_us"] - c[k, "direct", "p99_us"]) / 1000
          printf "%s\n", noisy(cell_load(k)) }
      }
      if ("added_p50_us" in t) {
        printf "  added time to first token <= 0.5 ms (p50): %.2f ms  %s (p99: %.2f ms)%s\n", t["added_p50_us"] / 1000,
          verdict(t["added_p50_us"] <= 500), t["added_p99_us"] / 1000, noisy(t["other_load_pct"])
        printf "  no response buffering: %s\n", verdict(t["buffering"] == "no")
      }
      printf "  gateway resident memory <= 400 MB (peak): %d MB  %s\n", rss / 1024, verdict(rss / 1024 <= 400)
      if (errors > 0 || t["errors"] > 0) printf "  WARNING: %d failed responses in the wrk runs, %d in the probe: the figures include errors\n", errors, t["errors"]
      else print "  no errors: every response was 2xx"
    }' "$RAW"
}

report | tee "$OUT/results.txt"
{ echo; echo "raw:"; cat "$RAW"; echo; grep -v '^TTFT ' "$OUT/ttft.log"; } >>"$OUT/results.txt"
echo "results: ${OUT#"$ROOT"/}/results.txt (logs next to it)"
