#!/usr/bin/env bash
# Query API benchmark on the local ClickHouse (figures, not pass/fail):
#   ./bench api [events] [options]   N generated events of November 2026 (default 10000000) in a scratch
#                                    database, API tokens (finance, developer), the API server as its own
#                                    process, then per question K sequential requests (p50/p99/max) and
#                                    C client threads for D seconds (requests/s, p50/p99, errors, CPU ms
#                                    per request of the API process and of ClickHouse).
#     --requests K (200)  --warmup W (20)  --threads C (16)  --seconds D (20)
#     --question-seconds S  at most S s of sequential requests per question (default 120; at least 3 timed)
#     --database NAME     scratch database (default tl_bench_api; must start with tl_bench)
#     --keep              keep the database afterwards (otherwise it is dropped)
#     --reuse             skip the generation (~3 min for 10M) when the database already holds N events
#   Targets reported against: p99 <= 200 ms, >= 500 requests/s.
#   Environment: TOKENLEDGER_CLICKHOUSE_URL, BENCH_API_JAVA_OPTS (API server JVM, default -Xmx512m),
#   BENCH_JAVA_OPTS (the bench client JVM), TOKENLEDGER_API_CACHE_TTL_S (the server's answer cache, default 5;
#   0 = every request asks ClickHouse).
#   Example: ./bench api 10000000 --keep   then   ./bench api 10000000 --reuse --keep
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
for a in "$@"; do
  case $a in -h|--help|help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;; esac
done
. "$ROOT/infra/bench/classpath.sh"
cp=$(bench_classpath query-api reactor)
eval "$("$ROOT/infra/stack.sh" env | sed -e 's/^export \([A-Z_]*\)=\(.*\)$/export \1=${\1:-\2}/')"
exec java -Xmx512m ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.command="./bench api $*" \
  -cp "$cp" dev.tokenledger.api.bench.ApiBench "$@"
