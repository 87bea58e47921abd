#!/usr/bin/env bash
# Builds the gateway, operator and simulator images with Jib: no Docker daemon, no registry needed.
#
#   scripts/build-images.sh                      # OCI tarballs: target/images/<component>-<tag>.tar
#   scripts/build-images.sh jib:build -Dkoreanllm.image.registry=registry.example.com/llm   # push instead
#
# Any further argument goes to Maven: -Dkoreanllm.image.tag=..., -Dkoreanllm.image.base=<image> (a registry's
# JRE 17 image instead of the Debian one built here), -Dkoreanllm.image.tokenizers=<folder> (other tokenizers to
# bake in). With the default base, scripts/build-base-image.sh makes it from Debian packages first (once).
set -euo pipefail
cd "$(dirname "$0")/.."

goal=jib:buildTar
case "${1:-}" in jib:*) goal=$1; shift ;; esac

# The tokenizers baked into the gateway and simulator images.
scripts/fetch-tokenizers.sh
case " $* " in
  *" -Dkoreanllm.image.base="*) ;;
  *) scripts/build-base-image.sh ;;
esac
./mvnw -B -ntp -pl gateway,operator,simulator -am package "$goal" -DskipTests "$@"
if [ "$goal" = jib:buildTar ]; then
  ls -l target/images/
fi
