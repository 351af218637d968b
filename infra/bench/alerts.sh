#!/usr/bin/env bash
# Alerting end to end on the shared local stack (figures, not pass/fail):
#   ./bench alerts [rate] [seconds] [partitions] [commitMs] [thresholds]   (defaults 1000 60 3 100 10)
# thresholds per budget, evenly spaced up to 100 %: 10 = a crossing every 3 events (333 webhooks/s at
# 1,000 events/s), 1 = every 30 events (33 webhooks/s).
# Usage events published at RATE/s for SECONDS; one daily USER budget per user (2,000 users, thresholds
# 10..100 %, limit set so the last one is crossed near the end) notifying the channel "bench"; the stream
# processor in the bench JVM (exactly_once_v2); the alert dispatcher as its own process (AlertsMain,
# --config a temporary file) with one signed webhook channel (rate limit 100,000/min, not throttling) to an
# HTTP receiver in the bench JVM. Prints publish -> webhook latency p50/p99/max (whole run and after a 5 s
# warm-up, split at the breach topic), deliveries, duplicate Idempotency-Keys, CPU of both processes, as a
# markdown table with the command. Target: p99 <= 3 s. Deletes its topics, groups and temporary files.
# BENCH_JAVA_OPTS: the bench JVM; BENCH_ALERTS_JAVA_OPTS: the dispatcher JVM (default -Xmx256m).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
case ${1:-} in -h|--help|help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;; esac
# Both modules and what they depend on from this checkout (never older installed jars of them), one Maven run.
"$ROOT/mvnw" -B -q -o -pl alert-dispatcher,stream-processor -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >&2
# Run from a private copy of the compiled classes: a concurrent build must not pull classes from under the run.
snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
for m in stream-processor alert-dispatcher; do
  mkdir -p "$snapshot/$m"
  cp -r "$ROOT/$m/target/classes" "$snapshot/$m/classes"
  cp -r "$ROOT/$m/target/test-classes" "$snapshot/$m/test-classes"
done
bench_cp="$snapshot/stream-processor/test-classes:$snapshot/stream-processor/classes:$(cat "$ROOT/stream-processor/target/bench.classpath")"
alerts_cp="$snapshot/alert-dispatcher/classes:$(cat "$ROOT/alert-dispatcher/target/bench.classpath")"
java -Xmx1g ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dbench.alertsClasspath="$alerts_cp" -Dbench.alertsJavaOpts="${BENCH_ALERTS_JAVA_OPTS:--Xmx256m}" \
  -Dbench.command="./bench alerts $*" -cp "$bench_cp" dev.tokenledger.processor.bench.AlertsBench "$@"
