#!/usr/bin/env bash
# Proves the images as built: builds them (scripts/build-images.sh), loads each OCI tarball into podman, mounts
# its root filesystem and runs its own entrypoint, environment and user from it with chroot, in new mount, PID
# and network namespaces whose network is a loopback and nothing else. No container engine has to run anything
# (`podman run` does not work on every machine), and nothing can reach the network:
#   - the simulator answers /health and a Korean chat, counted with the tokenizer inside its image;
#   - the gateway starts on the tokenizers inside its image with HF_HUB_OFFLINE=1 and a hub address that is
#     closed, answers /health with its models up, and proxies a Korean chat to the simulator with a demo key;
#   - the operator, with no API server to reach, exits non-zero and says why.
# Needs root (podman image mount, unshare, chroot) and apt; docs/install.md gives the time it takes.
#
#   scripts/prove-images.sh                  # build, then prove
#   scripts/prove-images.sh --no-build       # prove the tarballs already in target/images/
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib.sh

# What the chroot'ed processes run with; set by the outer run for the run inside the namespaces.
if [ "${1:-}" = --in-namespaces ]; then
  shift
  work=$1 simulator=$2 gateway=$3 operator=$4

  ip link set lo up
  failed() { echo "FAILED: $1 (log: $2)" >&2; tail -n 40 "$2" >&2; exit 1; }

  # Runs image $1 (its root filesystem at $2) as the kubelet would: a fresh /proc, the node's /dev, an emptyDir
  # on /tmp (the chart makes the root read-only) holding the files of $work/<name>-tmp/ if there are any (as a
  # mounted ConfigMap would), the image's environment, user and entrypoint; more environment in $extra_env, more
  # arguments after $3 (the log file). Sets $pid.
  run_image() {
    local image=$1 root=$2 log=$3
    shift 3
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount -t tmpfs -o mode=1777,size=512m tmpfs "$root/tmp"
    if [ -d "$root-tmp" ]; then cp -r "$root-tmp"/. "$root/tmp/"; fi
    local env entrypoint cmd user
    mapfile -t env < <(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" | sed '/^$/d')
    mapfile -t entrypoint < <(podman image inspect --format '{{range .Config.Entrypoint}}{{println .}}{{end}}' "$image" | sed '/^$/d')
    mapfile -t cmd < <(podman image inspect --format '{{range .Config.Cmd}}{{println .}}{{end}}' "$image" | sed '/^$/d')
    user=$(podman image inspect --format '{{.Config.User}}' "$image")
    echo "run $image as $user: ${entrypoint[*]} ${cmd[*]} $*"
    chroot --userspec="$user" "$root" /usr/bin/env -i "${env[@]}" "${extra_env[@]}" "${entrypoint[@]}" "${cmd[@]}" \
      "$@" >"$log" 2>&1 &
    pid=$!
  }

  # The simulator, serving "korean-qwen" and "korean-llama" counted with the tokenizers baked into its image.
  extra_env=(HF_HUB_OFFLINE=1)
  run_image "$simulator" "$work/simulator" "$work/simulator.log" '--simulator.models[korean-qwen]=qwen3' \
    '--simulator.models[korean-llama]=llama3' --simulator.ttft-ms=5 --simulator.token-delay-ms=1
  wait_for http://127.0.0.1:8000/health simulator "$pid" "$work/simulator.log"
  answer=$(curl -fsS http://127.0.0.1:8000/v1/chat/completions -H 'Content-Type: application/json' \
    -d '{"model":"korean-qwen","messages":[{"role":"user","content":"안녕하세요! 자기소개 해 주세요."}],"max_tokens":16}')
  grep -q '"prompt_tokens":[1-9]' <<<"$answer" || failed "simulator: no usage in the Korean chat: $answer" "$work/simulator.log"
  echo "simulator: Korean chat answered: ${answer:0:160}..."

  # The gateway in local mode (the chart's ConfigMap would hold the same policy): the demo users, both models
  # on the simulator; tokenizers from its image only.
  mkdir -p "$work/gateway-tmp/config"
  cp config/users.yaml "$work/gateway-tmp/config/users.yaml"
  cat >"$work/gateway-tmp/config/models.yaml" <<'EOF'
models:
  - {name: korean-qwen, backend: "http://127.0.0.1:8000", engine: sglang, tokenizer: qwen3, contextLength: 8192}
  - {name: korean-llama, backend: "http://127.0.0.1:8000", engine: vllm, tokenizer: llama3, contextLength: 2048}
EOF
  extra_env=(HF_HUB_OFFLINE=1 HF_ENDPOINT=http://127.0.0.1:9 USERS_FILE=/tmp/config/users.yaml
    MODELS_FILE=/tmp/config/models.yaml KOREANLLM_DATA_DIR=/tmp/data GATEWAY_PORT=8080 MANAGEMENT_SERVER_PORT=9090)
  run_image "$gateway" "$work/gateway" "$work/gateway.log"
  wait_for http://127.0.0.1:9090/actuator/health/readiness gateway "$pid" "$work/gateway.log"
  health=$(curl -fsS http://127.0.0.1:8080/health)
  grep -q '"status":"ok"' <<<"$health" || failed "gateway: /health is not ok: $health" "$work/gateway.log"
  echo "gateway: /health $health"
  answer=$(curl -fsS http://127.0.0.1:8080/v1/chat/completions -H 'Authorization: Bearer sk-user1-korean-key-def' \
    -H 'Content-Type: application/json' \
    -d '{"model":"korean-llama","messages":[{"role":"user","content":"서울의 날씨를 알려 주세요."}],"max_tokens":16}')
  grep -q '"prompt_tokens":[1-9]' <<<"$answer" || failed "gateway: no usage in the Korean chat: $answer" "$work/gateway.log"
  echo "gateway: Korean chat through the gateway answered: ${answer:0:160}..."
  if grep -q 'downloading ' "$work/gateway.log"; then failed "gateway: tried to download a tokenizer" "$work/gateway.log"; fi

  # The operator, without an API server: it must end, non-zero, saying why.
  extra_env=()
  run_image "$operator" "$work/operator" "$work/operator.log"
  status=0
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && failed "operator: still running after a minute without an API server" "$work/operator.log"
  wait "$pid" || status=$?
  [ "$status" -ne 0 ] || failed "operator: exited 0 without an API server" "$work/operator.log"
  grep -q 'cannot reach the Kubernetes API server' "$work/operator.log" ||
    failed "operator: no clear message about the API server" "$work/operator.log"
  echo "operator: exited $status: $(grep -o 'cannot reach the Kubernetes API server[^"]*' "$work/operator.log" | head -1)"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || { echo "prove-images: needs root (podman image mount, unshare, chroot)" >&2; exit 1; }
started=$(date +%s)
command -v podman >/dev/null || apt_install podman
[ "${1:-}" = --no-build ] || scripts/build-images.sh
built=$(date +%s)

tag=$(sed -n 's:.*<koreanllm.image.tag>\(.*\)</koreanllm.image.tag>.*:\1:p' pom.xml)
work=$(mktemp -d)
images=()
cleanup() {
  for image in "${images[@]}"; do podman image unmount "$image" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
for component in simulator gateway operator; do
  image=$(podman load -q -i "target/images/$component-$tag.tar" | sed -n 's/^Loaded image: //p' | head -1)
  images+=("$image")
  ln -s "$(podman image mount "$image")" "$work/$component"
  echo "$component: $image"
done

unshare --mount --pid --fork --net --mount-proc bash "$0" --in-namespaces "$work" "${images[@]}"
finished=$(date +%s)
echo "images proven in $((finished - started)) s (build $((built - started)) s, load and run $((finished - built)) s)"
