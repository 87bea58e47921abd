#!/usr/bin/env bash
# Exact token counting on Korean chat prompts (about 4,000 characters, rendered through the chat template), JMH on
# one thread: MB/s (UTF-8) and tokens/s for the qwen3 and llama3 tokenizers, counted cold (every cache emptied
# before each prompt), with warm pieces (fresh segments) and warm, side by side with DJL's plain encode() and an
# ids-only native encode, all in the same run. Prints JMH's results, then a table against the targets
# (>= 20 MB/s warm, >= 2.5 MB/s cold). benchmarks/README.md holds the figures and how to read them.
#
# Builds the runnable jar (benchmarks/target/benchmarks.jar: the tokenizer modules and benchmarks) unless
# BENCH_NO_BUILD=1; needs the tokenizer files (scripts/fetch-tokenizers.sh fetches them).
#
#   BENCH_FORKS        JVM forks per benchmark (1)
#   BENCH_WARMUP       warm-up iterations (3)
#   BENCH_ITERATIONS   measured iterations (5)
#   BENCH_TIME         length of each iteration (2s)
#   BENCH_NO_BUILD     1: use the jar as it is
#   MVN_ARGS           extra Maven arguments for the build (e.g. -o)
#   JAVA_OPTS          options of the launching JVM
# Further arguments go to JMH as they are, e.g. a benchmark regex or -p tokenizer=qwen3 (-h lists them all):
#   scripts/bench-counting.sh -p tokenizer=qwen3 'countWarm$'
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  ./mvnw -q ${MVN_ARGS:-} -pl benchmarks -am -Pbench -DskipTests package
fi
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar benchmarks/target/benchmarks.jar \
  -f "${BENCH_FORKS:-1}" -wi "${BENCH_WARMUP:-3}" -i "${BENCH_ITERATIONS:-5}" \
  -w "${BENCH_TIME:-2s}" -r "${BENCH_TIME:-2s}" "$@"
