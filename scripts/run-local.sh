#!/usr/bin/env bash
# Runs the limiter on one machine: the simulator (a stand-in for SGLang/vLLM) and the gateway with the embedded
# quota store and config/. Ctrl-C stops both.
#
#   GATEWAY_PORT     gateway port (8080)
#   SIMULATOR_PORT   simulator port (8000)
#   BACKEND_URL      a real vLLM/SGLang server to use instead of the simulator (no simulator is started); the
#                    gateway asks it for each model by the model's upstreamModel (its name when not set), so start
#                    the server with --served-model-name korean-qwen (or set upstreamModel in MODELS_FILE)
#   MODELS_FILE      another models file, used as it is: each model with its own backend (config/models.yaml
#                    shows how); the simulator starts only when a backend in it is on SIMULATOR_PORT
#   USERS_FILE       another users file: ours, or the seeds' korean_users.yaml shape (models stay config/'s)
#   REDIS_URL        use the redis quota store on this Redis (redis://[:password@]host:port, rediss:// for TLS),
#                    so several local gateways share one quota; unset: the embedded store in .local/data
#   KOREANLLM_ADMIN_KEY  the admin key (a local demo key when unset)
#   GATEWAY_JAVA_OPTS    the gateway's JVM options (a 256 MB heap: docs/benchmarks.md measures it)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. scripts/lib.sh

GATEWAY_PORT="${GATEWAY_PORT:-8080}"
SIMULATOR_PORT="${SIMULATOR_PORT:-8000}"
USERS_FILE="${USERS_FILE:-config/users.yaml}"
export KOREANLLM_ADMIN_KEY="${KOREANLLM_ADMIN_KEY:-sk-admin-local-demo-only}"
STATE="$ROOT/.local"
mkdir -p "$STATE/data"

VERSION=0.1.0-SNAPSHOT
GATEWAY_JAR="gateway/target/gateway-$VERSION-exec.jar"
SIMULATOR_JAR="simulator/target/simulator-$VERSION-exec.jar"

# Build what is missing or older than its sources.
if stale "$GATEWAY_JAR" || stale "$SIMULATOR_JAR"; then
  echo "Building the gateway and the simulator (first run takes a few minutes)..."
  ./mvnw -q -B -ntp -DskipTests -pl gateway,simulator -am install
fi
scripts/fetch-tokenizers.sh >/dev/null

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT


if [ -n "${MODELS_FILE:-}" ]; then
  [ -z "${BACKEND_URL:-}" ] || { echo "set MODELS_FILE or BACKEND_URL, not both" >&2; exit 2; }
  grep -Eq "backend:[[:space:]]*http://(127\.0\.0\.1|localhost):$SIMULATOR_PORT" "$MODELS_FILE" || NO_SIMULATOR=1
fi
if [ -z "${BACKEND_URL:-}" ] && [ -z "${NO_SIMULATOR:-}" ]; then
  SIMULATOR_URL="http://127.0.0.1:$SIMULATOR_PORT"
  # A little latency, so a stream is seen arriving token by token as from a GPU.
  java -jar "$SIMULATOR_JAR" --server.port="$SIMULATOR_PORT" --simulator.ttft-ms=50 --simulator.token-delay-ms=10 \
    >"$STATE/simulator.log" 2>&1 &
  pids+=($!)
  wait_for "$SIMULATOR_URL/health" simulator "${pids[-1]}" "$STATE/simulator.log"
  echo "simulator: $SIMULATOR_URL (log: .local/simulator.log)"
fi

if [ -n "${MODELS_FILE:-}" ]; then
  cp "$MODELS_FILE" "$STATE/models-$GATEWAY_PORT.yaml"
else
  # The models stay config/'s; only their backend is pointed at BACKEND_URL (or the simulator).
  BACKEND_URL="${BACKEND_URL:-$SIMULATOR_URL}"
  sed -E "s#^([[:space:]]*backend:).*#\1 ${BACKEND_URL%/}#" config/models.yaml >"$STATE/models-$GATEWAY_PORT.yaml"
fi

if [ -n "${REDIS_URL:-}" ]; then
  export KOREANLLM_STORE=redis SPRING_DATA_REDIS_URL="$REDIS_URL" KOREANLLM_REDIS_HEALTH=true
  STORE_NOTE="redis store at ${REDIS_URL##*@}"
else
  STORE_NOTE="embedded store, usage in .local/data/usage.db"
fi
USERS_FILE="$USERS_FILE" MODELS_FILE="$STATE/models-$GATEWAY_PORT.yaml" KOREANLLM_DATA_DIR="$STATE/data" \
  GATEWAY_PORT="$GATEWAY_PORT" java ${GATEWAY_JAVA_OPTS:-$GATEWAY_JVM_DEFAULTS} -jar "$GATEWAY_JAR" \
  >"$STATE/gateway-$GATEWAY_PORT.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$GATEWAY_PORT/health" "gateway-$GATEWAY_PORT" "${pids[-1]}" \
  "$STATE/gateway-$GATEWAY_PORT.log"

cat <<MSG
gateway:   http://127.0.0.1:$GATEWAY_PORT (log: .local/gateway-$GATEWAY_PORT.log; $STORE_NOTE)
admin key: $KOREANLLM_ADMIN_KEY   (local demo only)

한국어 채팅 예시 (Korean chat example):
  curl http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions \\
    -H "Authorization: Bearer sk-user1-korean-key-def" -H "Content-Type: application/json" \\
    -d '{"model": "korean-qwen", "messages": [{"role": "user", "content": "안녕하세요! 한국어로 간단한 인사를 해주세요."}], "max_tokens": 100}'

스트리밍 (streaming): add "stream": true to the body and -N to curl.
사용량 (usage):  curl -H "Authorization: Bearer $KOREANLLM_ADMIN_KEY" http://127.0.0.1:$GATEWAY_PORT/stats/%EC%82%AC%EC%9A%A9%EC%9E%901
토큰 계산:       curl -G -H "Authorization: Bearer sk-user1-korean-key-def" http://127.0.0.1:$GATEWAY_PORT/token-info --data-urlencode "text=안녕하세요"
대시보드 (dashboard): http://127.0.0.1:$GATEWAY_PORT/dashboard  (log in with the admin key)

Ctrl-C stops both.
MSG
wait -n "${pids[@]}"
