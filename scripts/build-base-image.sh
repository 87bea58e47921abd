#!/usr/bin/env bash
# Builds the base of the project's images from Debian packages alone, with no registry and no container engine:
# Debian 12 (minbase) with OpenJDK 17's headless runtime, a UTF-8 locale, a user 10001 (home /tmp) for the
# images to run as, and nothing of the machine that built it (no resolv.conf, no hostname; the container runtime
# provides both). The result is a docker-archive tarball that Jib takes as its base image (tar://...).
#
#   scripts/build-base-image.sh            # builds it unless it is there already
#   scripts/build-base-image.sh --rebuild  # builds it anew (newer Debian security updates)
#
# Where: $KOREANLLM_BASE_IMAGE, default ~/.cache/korean-llm-limiter/images/base-jre17-bookworm.tar (the default of
# the poms' koreanllm.image.base). The Debian mirrors can be changed (a company mirror in a closed network):
# DEBIAN_MIRROR, DEBIAN_SECURITY_MIRROR. Needs root (or unprivileged user namespaces) and apt for mmdebstrap.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib.sh

OUT="${KOREANLLM_BASE_IMAGE:-$HOME/.cache/korean-llm-limiter/images/base-jre17-bookworm.tar}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
TAG=korean-llm-limiter/base-jre17:bookworm

if [ "${1:-}" != --rebuild ] && [ -f "$OUT" ]; then
  echo "base image: $OUT (scripts/build-base-image.sh --rebuild to build it anew)"
  exit 0
fi
command -v mmdebstrap >/dev/null || apt_install mmdebstrap

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "base image: building $TAG from Debian packages (a few minutes)"
# Documentation, manual pages and translations are left out; update-alternatives still needs man1 to exist.
mmdebstrap --quiet --variant=minbase --include=openjdk-17-jre-headless \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='echo "app:x:10001:10001:korean-llm-limiter:/tmp:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='echo "app:x:10001:" >> "$1/etc/group"' \
  --customize-hook='printf "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" > "$1/etc/hosts"' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1/etc/resolv.conf" "$1/etc/hostname"' \
  bookworm "$work/layer.tar" \
  "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" "deb $SECURITY bookworm-security main"

# A docker-archive (what `docker save` writes): manifest.json, the image config and one layer.
arch=$(dpkg --print-architecture)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
mkdir "$work/$diff_id"
mv "$work/layer.tar" "$work/$diff_id/layer.tar"
cat >"$work/config.json" <<EOF
{"architecture":"$arch","os":"linux","created":"$created",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                  "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$arch","LANG=C.UTF-8"],"WorkingDir":"/"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"$created","created_by":"scripts/build-base-image.sh: mmdebstrap bookworm openjdk-17-jre-headless"}]}
EOF
config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$work/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]\n' "$config_id" "$TAG" "$diff_id" \
  >"$work/manifest.json"
mkdir -p "$(dirname "$OUT")"
tar -cf "$OUT.part" -C "$work" manifest.json "$config_id.json" "$diff_id/layer.tar"
mv "$OUT.part" "$OUT"
echo "base image: $OUT ($(du -h "$OUT" | cut -f1))"
