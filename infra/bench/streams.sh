#!/usr/bin/env bash
# Stream-processor end-to-end benchmark on the shared local stack (exactly_once_v2).
#   ./bench streams backlog [events] [partitions] [commitMs]     sustained events/s
#   ./bench streams live [rate] [seconds] [partitions] [commitMs] publish -> breach latency p50/p99 (also after a 5 s warm-up)
#   ./bench streams floor [events] [partitions] [commitMs]       the same shape doing no work: the framework's floor here
#   ./bench streams rollup-path [events] [rounds]                the rollup path alone, one thread, no Kafka: CPU µs per event
#   ./bench streams intake-path [events] [rounds] [matched|unmatched]  the intake alone, one thread, no Kafka: CPU µs per event
# backlog measures the floor of the same size first (skip: -Dbench.floor=false) and prints both as µs of
# stream-thread CPU per event and their ratio.
# BENCH_JAVA_OPTS: -Dbench.warmup=W (backlog and floor: process W earlier events first and count the stream threads'
# CPU from when they are committed: the steady state, without the first seconds' JIT compilation; default 0),
# -Dbench.threads=N (stream threads, default 1), -Dbench.cacheBytes=B (record cache, unused by
# the topology's stores since ADR 0223;
# default 32 MiB). Each run prints the stream threads' CPU time per event (comparable across machine
# loads) and the load average, and deletes the topics it created.
# Figures and commands are recorded in docs/benchmarks/stream-processor.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
. "$ROOT/infra/bench/classpath.sh"
deps=$(bench_classpath stream-processor)
deps=${deps#*:*:}   # the dependencies only: the classes are run from a snapshot
# Run from a private copy of the compiled classes: a concurrent build of the module (clean, recompile)
# must not pull classes from under the running benchmark.
snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
cp -r "$ROOT/stream-processor/target/classes" "$snapshot/classes"
cp -r "$ROOT/stream-processor/target/test-classes" "$snapshot/test-classes"
cp="$snapshot/test-classes:$snapshot/classes:$deps"
java -Xmx1g ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.tokenledger.processor.bench.StreamsBench "${@:-backlog}"
