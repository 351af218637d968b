#!/usr/bin/env bash
# Background processes of the pipeline's own roles on this machine (for the quickstart and demos;
# production runs each role under its own supervisor).
#
#   infra/apps.sh start streams sink api start roles in the background (pid files, logs); without roles:
#                                        streams, sink and api
#   infra/apps.sh start alerts           the alert dispatcher, configured by $TOKENLEDGER_ALERTS_CONFIG (a
#                                        TOML file, see docs/alerts.md) when set; never started by default
#   infra/apps.sh stop [role ...]        stop roles started here (all when none given)
#   infra/apps.sh status                 which roles run
#   infra/apps.sh wait-drained [secs]    wait until the stream processor's and the sink's consumer groups have no lag
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK_DIR=${TOKENLEDGER_STACK_DIR:-$ROOT/.stack}
DIST_DIR=${TOKENLEDGER_DIST_DIR:-$STACK_DIR/dist}
RUN_DIR="$STACK_DIR/run"
LOG_DIR="$STACK_DIR/logs"
# The stream processor's local state belongs to this stack's Kafka cluster: keep it with the stack's
# data, so deleting .stack/ resets both together (state from another cluster would be noticed by its
# cluster id and rebuilt, at the cost of a restoration).
export TOKENLEDGER_STREAMS_STATE_DIR=${TOKENLEDGER_STREAMS_STATE_DIR:-$STACK_DIR/data/streams-state}
ROLES=(streams sink api alerts)
# Started when `start` names no role. The alert dispatcher is left out: without its channels configured
# it would dead-letter every breach that names a channel.
DEFAULT_ROLES=(streams sink api)

# The launcher arguments of each background role.
role_args() {
  case $1 in
    api) echo "api serve" ;;
    alerts) if [ -n "${TOKENLEDGER_ALERTS_CONFIG:-}" ]; then echo "alerts --config $TOKENLEDGER_ALERTS_CONFIG"; else echo "alerts"; fi ;;
    streams|sink) echo "$1" ;;
    *) echo "apps: unknown role '$1' (roles: ${ROLES[*]})" >&2; return 1 ;;
  esac
}

java_bin() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; else command -v java; fi
}

eval "$("$ROOT/infra/stack.sh" env | sed -e 's/^export \([A-Z_]*\)=\(.*\)$/export \1=${\1:-\2}/')"

pid_file() { echo "$RUN_DIR/app-$1.pid"; }

live_pid() {
  local f pid
  f=$(pid_file "$1")
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "tokenledger.role=$1" || return 1
  echo "$pid"
}

start() {
  local role pid args
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  for role in "$@"; do
    args=$(role_args "$role") || exit 2
    if pid=$(live_pid "$role"); then
      echo "$role: already running (pid $pid)" >&2
      continue
    fi
    TOKENLEDGER_JAVA_OPTS="-Dtokenledger.role=$role ${TOKENLEDGER_JAVA_OPTS:-}" \
      nohup "$ROOT/tokenledger" $args >"$LOG_DIR/$role.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$(pid_file "$role")"
    # A role that dies at once (bad config, unreachable services) is reported here, not later.
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || { tail -n 30 "$LOG_DIR/$role.log" >&2; rm -f "$(pid_file "$role")"; echo "$role: exited during start-up (log: $LOG_DIR/$role.log)" >&2; exit 1; }
      sleep 0.1
    done
    echo "$role: started (pid $pid, log $LOG_DIR/$role.log)" >&2
  done
}

stop() {
  local role pid
  for role in "$@"; do
    if pid=$(live_pid "$role"); then
      kill -TERM "$pid"
      for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      echo "$role: stopped (pid $pid)" >&2
    fi
    rm -f "$(pid_file "$role")"
  done
}

status() {
  local role pid
  for role in "${ROLES[@]}"; do
    if pid=$(live_pid "$role"); then printf '%-8s up   %s\n' "$role" "$pid"; else printf '%-8s down\n' "$role"; fi
  done
}

# Total lag of the pipeline's consumer groups (stream processor and sink, default names unless
# TOKENLEDGER_PIPELINE_GROUPS lists others), via Kafka's own tool from the stack's broker distribution.
# A partition without a committed offset counts with its whole log: otherwise a group that has
# committed on some partitions only would look drained.
total_lag() {
  local groups=() g n=0
  for g in ${TOKENLEDGER_PIPELINE_GROUPS:-tokenledger-streams tokenledger-sink}; do groups+=(--group "$g"); n=$((n + 1)); done
  "$(java_bin)" -cp "$DIST_DIR/kafka-4.3.1/lib/*" -Dlog4j2.level=ERROR org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
      --bootstrap-server "$TOKENLEDGER_BOOTSTRAP_SERVERS" --describe "${groups[@]}" 2>/dev/null \
    | awk -v want="$n" '/^GROUP/ { for (i = 1; i <= NF; i++) { if ($i == "LAG") col = i; if ($i == "LOG-END-OFFSET") leo = i }; next }
           col && $col ~ /^[0-9]+$/ { lag += $col; seen[$1] = 1; next }
           # no committed offset yet ("-"): the whole partition is still to be read
           col && leo && $leo ~ /^[0-9]+$/ { lag += $leo; seen[$1] = 1 }
           END { for (g in seen) k++; if (k < want) print "unknown"; else print lag + 0 }'
}

wait_drained() {
  local limit=${1:-180} waited=0 zero=0 lag
  while [ "$waited" -lt "$limit" ]; do
    lag=$(total_lag)
    if [ "$lag" = 0 ]; then zero=$((zero + 1)); else zero=0; fi
    # twice in a row: the streams app commits before the sink sees its output
    [ "$zero" -ge 2 ] && return 0
    sleep 3
    waited=$((waited + 3))
  done
  if [ "$lag" = unknown ]; then
    echo "the pipeline's consumer groups have not committed offsets after ${limit}s (are streams and sink running?)" >&2
  else
    echo "still lagging by $lag records after ${limit}s" >&2
  fi
  return 1
}

cmd=${1:-status}
shift || true
case $cmd in
  start) if [ $# -gt 0 ]; then start "$@"; else start "${DEFAULT_ROLES[@]}"; fi ;;
  stop) if [ $# -gt 0 ]; then stop "$@"; else stop "${ROLES[@]}"; fi ;;
  status) status ;;
  wait-drained) wait_drained "${1:-180}" ;;
  *) echo "usage: infra/apps.sh start|stop|status|wait-drained" >&2; exit 2 ;;
esac
