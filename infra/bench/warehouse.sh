#!/usr/bin/env bash
# Warehouse benchmark on the shared local stack (figures, not pass/fail):
#   ./bench warehouse sink [events] [batchRows] [runs]  sink throughput, rows/s, from a backlog on a fresh topic
#                                                      (runs > 1: repeated in one JVM, compiled code)
#   ./bench warehouse queries [rows] [runs]             cookbook query latency over [rows] generated events
#   ./bench warehouse stages [rows]                     per-stage cost on one thread: decode, row building, one insert
# Benchmark databases and topics are dropped afterwards. Figures and commands: docs/benchmarks/warehouse.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
. "$ROOT/infra/bench/classpath.sh"
cp=$(bench_classpath stream-processor)
eval "$("$ROOT/infra/stack.sh" env | sed -e 's/^export \([A-Z_]*\)=\(.*\)$/export \1=${\1:-\2}/')"
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
  dev.tokenledger.processor.sink.WarehouseBench "${@:-sink}"
