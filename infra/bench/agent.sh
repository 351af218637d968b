#!/usr/bin/env bash
# Collector-agent benchmark (figures, not pass/fail) on a generated Claude Code corpus.
#   ./bench agent [MB] [idle-seconds]     default 1024 MB, 60 s of idle `run`
# 1. generates a realistic corpus (many files) in a temp dir, dated as finished sessions
# 2. against ccusage: `ccusage daily --json --offline` and the agent's one-off read (`agent daily --json`
#    once it exists, else `agent backfill --dry-run`), alternating runs, medians, ratio, totals check
#    (infra/bench/agent-ccusage.sh; CCUSAGE_RUNS=5)
# 2b. parse-only: the Claude Code parser over every file (in-process, best of 2 rounds)
# 3. backfill-to-Kafka: the agent as its own JVM (-Xmx192m) on the shared local stack, unique topic
#    prefix; wall time, MB/s, events/s, peak RSS (VmHWM); the topic is checked for exactness
# 4. idle `run` on the same (fully read) corpus: CPU over idle-seconds from /proc/<pid>/stat
# The topic, the agent's cursor group, the state and the corpus are deleted afterwards.
# Figures and commands are recorded in docs/benchmarks/agent.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
MB=${1:-1024}
IDLE=${2:-60}
BOOTSTRAP=${TOKENLEDGER_BOOTSTRAP_SERVERS:-127.0.0.1:19092}
REGISTRY=${TOKENLEDGER_REGISTRY_URL:-http://127.0.0.1:18081/apis/ccompat/v7}
. "$ROOT/infra/bench/classpath.sh"
cp=$(bench_classpath collector-agent)
JAVA="java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"

work=$(mktemp -d -t tokenledger-agent-bench.XXXXXX)
prefix="bench$(date +%s)."
agent_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null || true
  if [ -f "$work/state/agent.id" ]; then
    $JAVA -cp "$cp" dev.tokenledger.agent.bench.AgentBench cleanup "$BOOTSTRAP" "${prefix}usage.events.v1" \
      "tokenledger-agent-$(cat "$work/state/agent.id")" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== corpus: $MB MB of Claude Code JSONL"
$JAVA -Xmx512m -cp "$cp" dev.tokenledger.agent.bench.AgentBench generate "$work/corpus" "$MB"

echo "== against ccusage (infra/bench/agent-ccusage.sh: ${CCUSAGE_RUNS:-5} alternating runs, medians)"
"$ROOT/infra/bench/agent-ccusage.sh" "$work/corpus" "${CCUSAGE_RUNS:-5}"

echo "== parse-only (Claude Code parser, single thread, in-process)"
$JAVA -Xmx512m -cp "$cp" dev.tokenledger.agent.source.bench.ParseThroughput "$MB" 2 "$work/corpus" | grep -E '^round|heap'

# rss_hwm <pid>: the peak resident set of a process, in MB
rss_hwm() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || true; }

echo "== backfill to Kafka ($BOOTSTRAP, topic ${prefix}usage.events.v1), agent JVM -Xmx192m"
# The agent never creates topics (the stream processor provisions them): create the bench topic.
$JAVA -cp "$cp" dev.tokenledger.agent.bench.AgentBench create-topic "$BOOTSTRAP" "${prefix}usage.events.v1"
mkdir -p "$work/home"
export HOME="$work/home" CLAUDE_CONFIG_DIR="$work/corpus" TOKENLEDGER_AGENT_STATE_DIR="$work/state" \
  TOKENLEDGER_BOOTSTRAP_SERVERS="$BOOTSTRAP" TOKENLEDGER_REGISTRY_URL="$REGISTRY" TOKENLEDGER_TOPIC_PREFIX="$prefix" \
  TOKENLEDGER_AGENT_INTAKE_ENABLED=false
start=$(date +%s.%N)
$JAVA -Xmx192m -cp "$cp" dev.tokenledger.agent.AgentMain backfill --no-progress 2> "$work/backfill.txt" &
agent_pid=$!
hwm=0
while kill -0 "$agent_pid" 2>/dev/null; do
  h=$(rss_hwm "$agent_pid"); [ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
  sleep 0.2
done
wait "$agent_pid" || { cat "$work/backfill.txt"; exit 1; }
agent_pid=""
end=$(date +%s.%N)
cat "$work/backfill.txt"
events=$(grep -oE '[0-9,]+ new events' "$work/backfill.txt" | head -1 | tr -d ', a-z')
bytes=$(du -sb "$work/corpus" | cut -f1)
awk -v b="$bytes" -v s="$start" -v e="$end" -v n="$events" -v h="$hwm" 'BEGIN {
  t = e - s; printf "backfill-to-Kafka: %.1f MB in %.1f s wall (JVM start to spool drained): %.1f MB/s, %.0f events/s, peak RSS %d MB\n",
  b / 1048576, t, b / 1048576 / t, n / t, h }'
$JAVA -cp "$cp" dev.tokenledger.agent.bench.AgentBench verify "$BOOTSTRAP" "${prefix}usage.events.v1" "$events" 2>/dev/null

echo "== idle run: ${IDLE} s with nothing new to read"
$JAVA -Xmx192m -cp "$cp" dev.tokenledger.agent.AgentMain run --no-intake > "$work/run.txt" 2>&1 &
agent_pid=$!
for _ in $(seq 1 300); do
  [ -f "$work/state/status.json" ] && grep -q '"mode" : "run"' "$work/state/status.json" && break
  sleep 0.2
done
sleep 20 # steady state: JIT compilation and the first scans settle
ticks() { awk '{print $14 + $15}' "/proc/$agent_pid/stat"; }
t0=$(ticks); s0=$(date +%s.%N)
sleep "$IDLE"
t1=$(ticks); s1=$(date +%s.%N)
hz=$(getconf CLK_TCK)
awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$hz" -v r="$(rss_hwm "$agent_pid")" 'BEGIN {
  printf "idle run: %.2f%% of one core over %.0f s (%d ticks), peak RSS %d MB\n", (b - a) / hz / (e - s) * 100, e - s, b - a, r }'
kill "$agent_pid"; wait "$agent_pid" || true; agent_pid=""
