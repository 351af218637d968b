#!/usr/bin/env bash
# Idle `agent run` as installed by `agent install` (figures, not pass/fail).
#   ./bench agent-idle [idle-seconds] [corpus-MB]     default 120 s, 64 MB
# 1. generates a Claude Code corpus (finished sessions) and backfills it to the local stack (unique topic)
# 2. starts `run` (intake and OTLP receiver on) with the JVM options of the installed service
#    (ServiceInstaller.JVM_OPTIONS), and for comparison with the launcher's default -Xmx192m
# 3. after 20 s to settle: CPU over idle-seconds (/proc/<pid>/stat utime+stime), RSS now and peak (VmRSS, VmHWM)
# Everything (topic, cursor group, state, corpus) is deleted afterwards. Figures: docs/benchmarks.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
IDLE=${1:-120}
MB=${2:-64}
BOOTSTRAP=${TOKENLEDGER_BOOTSTRAP_SERVERS:-127.0.0.1:19092}
REGISTRY=${TOKENLEDGER_REGISTRY_URL:-http://127.0.0.1:18081/apis/ccompat/v7}
. "$ROOT/infra/bench/classpath.sh"
cp=$(bench_classpath collector-agent)
SERVICE_OPTS=${AGENT_IDLE_OPTS:-"-Xms8m -Xmx96m -Xss256k -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=24m -XX:CICompilerCount=1 -XX:+ExitOnOutOfMemoryError"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}   # as the systemd unit sets it
JAVA="java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"

work=$(mktemp -d -t tokenledger-agent-idle.XXXXXX)
prefix="benchidle$(date +%s)."
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

$JAVA -Xmx512m -cp "$cp" dev.tokenledger.agent.bench.AgentBench generate "$work/corpus" "$MB" > /dev/null
$JAVA -cp "$cp" dev.tokenledger.agent.bench.AgentBench create-topic "$BOOTSTRAP" "${prefix}usage.events.v1"
mkdir -p "$work/home"
export HOME="$work/home" CLAUDE_CONFIG_DIR="$work/corpus" TOKENLEDGER_AGENT_STATE_DIR="$work/state" \
  TOKENLEDGER_BOOTSTRAP_SERVERS="$BOOTSTRAP" TOKENLEDGER_REGISTRY_URL="$REGISTRY" TOKENLEDGER_TOPIC_PREFIX="$prefix" \
  TOKENLEDGER_AGENT_INTAKE_PORT=0
$JAVA $SERVICE_OPTS -cp "$cp" dev.tokenledger.agent.AgentMain backfill --no-progress 2>&1 | head -1

status() { awk -v k="$2" '$1 == k":" {printf "%.0f", $2/1024}' "/proc/$1/status"; }
measure() { # <label> <jvm options…>
  local label=$1; shift
  $JAVA "$@" -cp "$cp" dev.tokenledger.agent.AgentMain run > "$work/run.txt" 2>&1 &
  agent_pid=$!
  for _ in $(seq 1 300); do
    [ -f "$work/state/status.json" ] && grep -q '"mode" : "run"' "$work/state/status.json" && break
    sleep 0.2
  done
  sleep 20
  local t0 t1 s0 s1
  t0=$(awk '{print $14 + $15}' "/proc/$agent_pid/stat"); s0=$(date +%s.%N)
  sleep "$IDLE"
  t1=$(awk '{print $14 + $15}' "/proc/$agent_pid/stat"); s1=$(date +%s.%N)
  awk -v l="$label" -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$(getconf CLK_TCK)" \
    -v r="$(status "$agent_pid" VmRSS)" -v h="$(status "$agent_pid" VmHWM)" 'BEGIN {
    printf "%-28s idle %.2f%% of one core over %.0f s, RSS %d MB (peak %d MB)\n", l, (b - a) / hz / (e - s) * 100, e - s, r, h }'
  kill "$agent_pid"; wait "$agent_pid" || true; agent_pid=""
}
measure "service options" $SERVICE_OPTS
[ -n "${AGENT_IDLE_OPTS:-}" ] || measure "launcher default -Xmx192m" -Xmx192m
