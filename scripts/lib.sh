# Shell functions the scripts share; sourced, never run.

# The gateway's JVM options wherever the scripts start it: a heap its steady state (about 100 MB) fits in twice, so
# the process stays under 400 MB with both tokenizers loaded; the JIT's thresholds at a quarter, so the request path is
# compiled after its warm-up, not minutes into light traffic (docs/benchmarks.md).
GATEWAY_JVM_DEFAULTS="-Xms64m -Xmx256m -XX:CompileThresholdScaling=0.25"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=
# Installs Debian packages quietly; the package lists are updated once per script.
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# True when the jar $1 is missing or older than a pom or any source file (code, config, dashboard assets) of the
# modules the gateway and the simulator are built from.
stale() {
  [ ! -f "$1" ] || [ -n "$(find pom.xml policy chat-template token-count tokenizer simulator gateway -newer "$1" \
    \( -path '*/src/*' -type f -o -name pom.xml \) -print -quit)" ]
}

# Waits for $1 to answer; fails naming the log $4 when process $3 ($2) dies or two minutes pass.
wait_for() { # url name pid log
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { echo "$2 failed to start; see $4" >&2; exit 1; }
    sleep 0.5
  done
  echo "$2 did not become ready; see $4" >&2
  exit 1
}
