#!/usr/bin/env bash
# Stream-processor end-to-end benchmark on the shared local stack (exactly_once_v2).
#   ./bench streams backlog [events] [partitions] [commitMs]     sustained events/s
#   ./bench streams live [rate] [seconds] [partitions] [commitMs] publish -> breach latency p50/p99
# Figures and commands are recorded in docs/benchmarks/stream-processor.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
cp_file="$ROOT/stream-processor/target/bench.classpath"
"$ROOT/mvnw" -B -q -o -pl stream-processor test-compile -DskipTests >&2
"$ROOT/mvnw" -B -q -o -pl stream-processor dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
cp="$ROOT/stream-processor/target/test-classes:$ROOT/stream-processor/target/classes:$(cat "$cp_file")"
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.tokenledger.processor.bench.StreamsBench "${@:-backlog}"
