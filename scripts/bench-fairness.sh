#!/usr/bin/env bash
# Fair share of one GPU: a batch user floods a 16-slot engine (the simulator as a batched engine: prefill per token,
# decode steps that slow as more sequences run) with 64 concurrent long streams while an interactive user sends one
# short chat a second. Measured in one run, one after the other on the same simulator:
#   off      the model has no capacity in the gateway: every request goes straight to the engine's own FIFO queue
#   on       capacity 16: requests wait in the gateway's fair line (interactive above batch, 9 of 10 dispatches)
#   reserve  capacity 16 with one slot only interactive requests may take (koreanllm.queue.interactive-reserve)
# Figures per mode: the interactive chats' time to first token, alone first (idle) then under the flood (p50, p99,
# max), the engine's busy fraction (running / slots, sampled every 100 ms), and the batch user's completed streams
# and tokens per second. docs/benchmarks.md holds the figures and how to read them.
#
# Builds the jars when missing or older than their sources; starts its own simulator and gateways (embedded store)
# and stops them on exit. Needs a JDK (the load is scripts/bench/FairnessLoad.java, run as a source file).
#
#   BENCH_SECONDS     seconds of load per mode, one chat a second (60)
#   BENCH_BATCH       concurrent batch streams (64)
#   BENCH_SLOTS       the engine's running limit, and the gateway's capacity in "on" (16)
#   BENCH_MODES       which modes, in order (off on reserve)
#   BENCH_IDLE_CHATS  interactive chats on the idle engine first (20)
#   BENCH_OUT         output folder (target/bench-fairness)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. scripts/lib.sh

SECONDS_PER_MODE="${BENCH_SECONDS:-60}"
BATCH="${BENCH_BATCH:-64}"
SLOTS="${BENCH_SLOTS:-16}"
MODES="${BENCH_MODES:-off on reserve}"
IDLE_CHATS="${BENCH_IDLE_CHATS:-20}"
OUT="${BENCH_OUT:-$ROOT/target/bench-fairness}"
VERSION=0.1.0-SNAPSHOT
GATEWAY_JAR="gateway/target/gateway-$VERSION-exec.jar"
SIMULATOR_JAR="simulator/target/simulator-$VERSION-exec.jar"
SIM_PORT=18600
GATEWAY_PORT=18680
BATCH_KEY=sk-bench-batch-key-0001
CHAT_KEY=sk-bench-chat-key-0001

if stale "$GATEWAY_JAR" || stale "$SIMULATOR_JAR"; then
  echo "Building the gateway and the simulator..."
  ./mvnw -q -B -ntp -DskipTests -pl gateway,simulator -am package
fi
scripts/fetch-tokenizers.sh >/dev/null
mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT"/raw.txt

pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT INT TERM

# A batched engine on an RTX 4060-like budget: 16 sequences, 40 ms to the first token plus 0.05 ms a prompt token,
# and a decode step of 15 ms plus 1 ms for each sequence running.
java -jar "$SIMULATOR_JAR" --server.port=$SIM_PORT --logging.level.root=warn \
  --simulator.max-running-requests="$SLOTS" --simulator.ttft-ms=40 --simulator.prefill-ms-per-token=0.05 \
  --simulator.token-delay-ms=15 --simulator.decode-ms-per-sequence=1 >"$OUT/simulator.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$SIM_PORT/health" simulator "${pids[-1]}" "$OUT/simulator.log"

cat >"$OUT/users.yaml" <<USERS
defaults:
  limits: {rpm: 0, tpm: 0, tph: 0, tpd: 0, cooldownMinutes: 0}
users:
  - name: batch-job
    priority: batch
    keys: [{key: "$BATCH_KEY"}]
  - name: colleague
    priority: interactive
    keys: [{key: "$CHAT_KEY"}]
USERS

models() { # capacity line or nothing
  cat <<MODELS
models:
  - name: korean-qwen
    backend: http://127.0.0.1:$SIM_PORT
    engine: sglang
    tokenizer: qwen3
    contextLength: 8192
$1
MODELS
}

printf '\n%-8s %12s %12s %14s %14s %14s %7s %7s %12s %14s\n' mode "idle p50 ms" "idle p99 ms" "loaded p50 ms" \
  "loaded p99 ms" "loaded max ms" refused busy "batch req/s" "batch tok/s" | tee "$OUT/results.txt"
for mode in $MODES; do
  case "$mode" in
    off) capacity=""; extra="" ;;
    on) capacity="    capacity: {requests: $SLOTS}"; extra="" ;;
    reserve) capacity="    capacity: {requests: $SLOTS}"; extra="--koreanllm.queue.interactive-reserve=1" ;;
    *) echo "bench-fairness: unknown mode $mode" >&2; exit 1 ;;
  esac
  models "$capacity" >"$OUT/models-$mode.yaml"
  curl -fsS -X POST "http://127.0.0.1:$SIM_PORT/sim/reset" >/dev/null
  # shellcheck disable=SC2086
  java $GATEWAY_JVM_DEFAULTS -jar "$GATEWAY_JAR" --server.port=$GATEWAY_PORT --logging.level.root=warn \
    --koreanllm.policy-files[0]="$OUT/users.yaml" --koreanllm.policy-files[1]="$OUT/models-$mode.yaml" \
    --koreanllm.store.path="$OUT/usage-$mode.db" $extra >"$OUT/gateway-$mode.log" 2>&1 &
  gateway=$!
  pids+=($gateway)
  wait_for "http://127.0.0.1:$GATEWAY_PORT/health" "gateway ($mode)" "$gateway" "$OUT/gateway-$mode.log"
  line=$(java scripts/bench/FairnessLoad.java "http://127.0.0.1:$GATEWAY_PORT" "http://127.0.0.1:$SIM_PORT" \
    "$BATCH_KEY" "$CHAT_KEY" "$SECONDS_PER_MODE" "$BATCH" "$SLOTS" "$IDLE_CHATS")
  echo "$mode $line" >>"$OUT/raw.txt"
  kill "$gateway"; wait "$gateway" 2>/dev/null || true
  field() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
  printf '%-8s %12s %12s %14s %14s %14s %7s %7s %12s %14s\n' "$mode" "$(field idle_ttft_p50_ms)" \
    "$(field idle_ttft_p99_ms)" "$(field loaded_ttft_p50_ms)" "$(field loaded_ttft_p99_ms)" \
    "$(field loaded_ttft_max_ms)" "$(field refused)" "$(field busy)" "$(field batch_done_per_s)" \
    "$(field batch_tokens_per_s)" | tee -a "$OUT/results.txt"
done
echo "Results in $OUT/results.txt (raw: $OUT/raw.txt)"
