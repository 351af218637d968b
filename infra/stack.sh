#!/usr/bin/env bash
# The local Tokenledger stack: a single-node KRaft Kafka broker, Apicurio Registry (Confluent-compatible
# API) and ClickHouse, all real servers on 127.0.0.1 with their data under one directory.
#
#   infra/stack.sh up [kafka|registry|clickhouse ...]     install on first use, start, wait until ready
#   infra/stack.sh down [service ...]                      stop what this script started (pid files)
#   infra/stack.sh status                                  what runs, where, with which pid
#   infra/stack.sh install                                 download/install only
#   infra/stack.sh env                                     print the client settings as shell exports
#
# Settings (environment):
#   TOKENLEDGER_STACK_DIR          data, logs, pid files and downloads   (default: <repo>/.stack)
#   TOKENLEDGER_DIST_DIR           downloaded servers                     (default: $TOKENLEDGER_STACK_DIR/dist)
#   TOKENLEDGER_KAFKA_PORT         broker listener                        (default: 19092)
#   TOKENLEDGER_CONTROLLER_PORT    KRaft controller listener              (default: 19093)
#   TOKENLEDGER_REGISTRY_PORT      schema registry HTTP                   (default: 18081)
#   TOKENLEDGER_CLICKHOUSE_PORT    ClickHouse HTTP                        (default: 18123)
#   TOKENLEDGER_CLICKHOUSE_TCP_PORT ClickHouse native protocol            (default: 19000)
#   TOKENLEDGER_COMPATIBILITY      registry global compatibility level    (default: BACKWARD)
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INFRA_DIR="$REPO_DIR/infra"
STACK_DIR=${TOKENLEDGER_STACK_DIR:-$REPO_DIR/.stack}
DIST_DIR=${TOKENLEDGER_DIST_DIR:-$STACK_DIR/dist}
DATA_DIR="$STACK_DIR/data"
RUN_DIR="$STACK_DIR/run"
LOG_DIR="$STACK_DIR/logs"

KAFKA_PORT=${TOKENLEDGER_KAFKA_PORT:-19092}
CONTROLLER_PORT=${TOKENLEDGER_CONTROLLER_PORT:-19093}
REGISTRY_PORT=${TOKENLEDGER_REGISTRY_PORT:-18081}
CLICKHOUSE_PORT=${TOKENLEDGER_CLICKHOUSE_PORT:-18123}
CLICKHOUSE_TCP_PORT=${TOKENLEDGER_CLICKHOUSE_TCP_PORT:-19000}
COMPATIBILITY=${TOKENLEDGER_COMPATIBILITY:-BACKWARD}

KAFKA_VERSION=4.3.1
APICURIO_VERSION=2.6.13.Final
KAFKA_LIB="$DIST_DIR/kafka-$KAFKA_VERSION/lib"
APICURIO_HOME="$DIST_DIR/apicurio-$APICURIO_VERSION"
APICURIO_JAR="$APICURIO_HOME/apicurio-registry-app-$APICURIO_VERSION-runner.jar"
READY_TIMEOUT_S=${TOKENLEDGER_READY_TIMEOUT_S:-120}
ALL_SERVICES=(kafka registry clickhouse)

say() { printf '%s\n' "$*" >&2; }
die() { say "stack: $*"; exit 1; }

java_bin() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; else command -v java || die "no java on PATH (JDK 17+ required)"; fi
}

# --- process bookkeeping -------------------------------------------------------------------------

pid_file() { echo "$RUN_DIR/$1.pid"; }

# The pid recorded for a service, if that process is alive and still is that service.
live_pid() {
  local f pid
  f=$(pid_file "$1")
  [ -f "$f" ] || return 1
  pid=$(cat "$f" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "tokenledger.stack=$1" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_free_port() {
  local svc=$1 port=$2
  if port_open "$port"; then
    die "$svc: port $port on 127.0.0.1 is already in use by another process (not started by this stack). Stop it or set the port variable (see infra/stack.sh)."
  fi
}

log_tail() { say "---- last lines of $1 ----"; tail -n 40 "$1" >&2 2>/dev/null || true; say "----"; }

# wait_ready <service> <pid> <log> <check-function>
wait_ready() {
  local svc=$1 pid=$2 log=$3 check=$4 waited=0
  while ! $check; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log_tail "$log"
      rm -f "$(pid_file "$svc")"
      die "$svc: the process exited during start-up (log: $log)"
    fi
    if [ "$waited" -ge $((READY_TIMEOUT_S * 10)) ]; then
      log_tail "$log"
      die "$svc: not ready after ${READY_TIMEOUT_S}s (pid $pid still running; log: $log)"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

stop_service() {
  local svc=$1 pid i
  if ! pid=$(live_pid "$svc"); then
    rm -f "$(pid_file "$svc")"
    say "$svc: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$svc: did not stop within 30s, killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pid_file "$svc")"
  say "$svc: stopped (pid $pid)"
}

# --- installation ---------------------------------------------------------------------------------

mvn_cmd() {
  if [ -x "$REPO_DIR/mvnw" ]; then echo "$REPO_DIR/mvnw"; else command -v mvn || die "neither ./mvnw nor mvn found"; fi
}

install_jvm_servers() {
  if [ -f "$KAFKA_LIB/kafka_2.13-$KAFKA_VERSION.jar" ] && [ -f "$APICURIO_JAR" ]; then return 0; fi
  say "install: resolving Kafka $KAFKA_VERSION and Apicurio Registry $APICURIO_VERSION from Maven Central"
  mkdir -p "$DIST_DIR"
  rm -rf "$KAFKA_LIB.tmp" "$APICURIO_HOME.tmp"
  "$(mvn_cmd)" -B -q -f "$INFRA_DIR/dist/pom.xml" package \
      -Dkafka.lib.dir="$KAFKA_LIB.tmp" -Dapicurio.dir="$APICURIO_HOME.tmp" >&2 \
    || die "install: Maven could not resolve the Kafka / Apicurio distributions"
  rm -rf "$KAFKA_LIB" "$APICURIO_HOME"
  mkdir -p "$(dirname "$KAFKA_LIB")"
  mv "$KAFKA_LIB.tmp" "$KAFKA_LIB"
  mv "$APICURIO_HOME.tmp" "$APICURIO_HOME"
}

clickhouse_bin() { command -v clickhouse-server || command -v clickhouse || true; }

install_clickhouse() {
  [ -n "$(clickhouse_bin)" ] && return 0
  command -v apt-get >/dev/null || die "install: ClickHouse is missing and apt-get is not available; install clickhouse-server yourself"
  say "install: clickhouse-server from Debian's packages"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q clickhouse-server clickhouse-client >&2 \
    || { $sudo apt-get update -q >&2 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q clickhouse-server clickhouse-client >&2; } \
    || die "install: apt-get could not install clickhouse-server"
}

install_all() {
  install_jvm_servers
  install_clickhouse
}

# --- Kafka ----------------------------------------------------------------------------------------

kafka_ready() { port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$LOG_DIR/kafka/server.log" 2>/dev/null; }

start_kafka() {
  local java conf="$RUN_DIR/kafka/server.properties" data="$DATA_DIR/kafka" log="$LOG_DIR/kafka/console.log" pid
  java=$(java_bin)
  mkdir -p "$RUN_DIR/kafka" "$LOG_DIR/kafka" "$data"
  require_free_port kafka "$KAFKA_PORT"
  require_free_port kafka-controller "$CONTROLLER_PORT"
  sed -e "s#@DATA_DIR@#$data#g" -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" \
    "$INFRA_DIR/kafka/server.properties" >"$conf"
  if [ ! -f "$data/meta.properties" ]; then
    say "kafka: formatting storage in $data"
    "$java" -cp "$KAFKA_LIB/*" -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties" \
        -Dkafka.logs.dir="$LOG_DIR/kafka" kafka.tools.StorageTool format \
        --config "$conf" --cluster-id "$("$java" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)" \
        --standalone >"$LOG_DIR/kafka/format.log" 2>&1 || { log_tail "$LOG_DIR/kafka/format.log"; die "kafka: storage format failed"; }
  fi
  : >"$LOG_DIR/kafka/server.log"
  nohup "$java" -Xms128m -Xmx512m -XX:+UseG1GC -Dtokenledger.stack=kafka \
      -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties" -Dkafka.logs.dir="$LOG_DIR/kafka" \
      -cp "$KAFKA_LIB/*" kafka.Kafka "$conf" >"$log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$(pid_file kafka)"
  wait_ready kafka "$pid" "$LOG_DIR/kafka/server.log" kafka_ready
  say "kafka: ready on 127.0.0.1:$KAFKA_PORT (pid $pid)"
}

# --- Schema Registry ------------------------------------------------------------------------------

registry_url() { echo "http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7"; }
registry_ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$(registry_url)/subjects" 2>/dev/null)" = 200 ]; }

start_registry() {
  local java log="$LOG_DIR/registry.log" pid code
  java=$(java_bin)
  mkdir -p "$LOG_DIR" "$DATA_DIR/registry"
  require_free_port registry "$REGISTRY_PORT"
  # H2 in file mode keeps schema ids stable across restarts (the default is in-memory).
  nohup "$java" -Xms64m -Xmx384m -Dtokenledger.stack=registry \
      -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$REGISTRY_PORT" \
      -Dquarkus.datasource.jdbc.url="jdbc:h2:file:$DATA_DIR/registry/registry;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0" \
      -Dquarkus.datasource.jdbc.min-size=2 -Dquarkus.datasource.jdbc.initial-size=2 \
      -Dquarkus.log.console.level=WARN \
      -jar "$APICURIO_JAR" >"$log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$(pid_file registry)"
  wait_ready registry "$pid" "$log" registry_ready
  code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/vnd.schemaregistry.v1+json' \
      -d "{\"compatibility\":\"$COMPATIBILITY\"}" "$(registry_url)/config")
  [ "$code" = 200 ] || die "registry: setting global compatibility $COMPATIBILITY failed (HTTP $code)"
  say "registry: ready on $(registry_url) (pid $pid, compatibility $COMPATIBILITY)"
}

# --- ClickHouse -----------------------------------------------------------------------------------

clickhouse_ready() { [ "$(curl -s "http://127.0.0.1:$CLICKHOUSE_PORT/ping" 2>/dev/null)" = "Ok." ]; }

start_clickhouse() {
  local bin root="$DATA_DIR/clickhouse" conf_dir="$RUN_DIR/clickhouse" log="$LOG_DIR/clickhouse/console.log" pid
  bin=$(clickhouse_bin)
  [ -n "$bin" ] || die "clickhouse: not installed (run: infra/stack.sh install)"
  mkdir -p "$root/data" "$root/tmp" "$root/user_files" "$root/format_schemas" "$conf_dir" "$LOG_DIR/clickhouse"
  require_free_port clickhouse "$CLICKHOUSE_PORT"
  require_free_port clickhouse-tcp "$CLICKHOUSE_TCP_PORT"
  sed -e "s#@ROOT@/log#$LOG_DIR/clickhouse#g" -e "s#@ROOT@#$root#g" \
      -e "s#@HTTP_PORT@#$CLICKHOUSE_PORT#g" -e "s#@TCP_PORT@#$CLICKHOUSE_TCP_PORT#g" \
      "$INFRA_DIR/clickhouse/config.xml" >"$conf_dir/config.xml"
  cp "$INFRA_DIR/clickhouse/users.xml" "$conf_dir/users.xml"
  # A crash can leave a status file with a stale pid; the server refuses to start on a live one only.
  rm -f "$root/data/status"
  if [ "$(basename "$bin")" = clickhouse ]; then set -- server; else set --; fi
  nohup "$bin" "$@" --config-file="$conf_dir/config.xml" -- --tokenledger.stack=clickhouse >"$log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$(pid_file clickhouse)"
  wait_ready clickhouse "$pid" "$LOG_DIR/clickhouse/clickhouse-server.err.log" clickhouse_ready
  say "clickhouse: ready on http://127.0.0.1:$CLICKHOUSE_PORT (pid $pid)"
}

# --- commands -------------------------------------------------------------------------------------

service_url() {
  case $1 in
    kafka) echo "127.0.0.1:$KAFKA_PORT" ;;
    registry) registry_url ;;
    clickhouse) echo "http://127.0.0.1:$CLICKHOUSE_PORT" ;;
  esac
}

check_service() {
  case $1 in
    kafka) kafka_ready ;;
    registry) registry_ready ;;
    clickhouse) clickhouse_ready ;;
  esac
}

up() {
  local svc pid
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$DATA_DIR"
  for svc in "$@"; do
    case $svc in
      kafka|registry) install_jvm_servers ;;
      clickhouse) install_clickhouse ;;
      *) die "unknown service '$svc' (expected: ${ALL_SERVICES[*]})" ;;
    esac
  done
  for svc in "$@"; do
    if pid=$(live_pid "$svc"); then
      if check_service "$svc"; then say "$svc: already running (pid $pid)"; continue; fi
      wait_ready "$svc" "$pid" "$LOG_DIR/$svc.log" "check_service $svc" || true
      continue
    fi
    rm -f "$(pid_file "$svc")"
    "start_$svc"
  done
}

down() {
  local svc i
  # stop in reverse dependency order
  for ((i = $# ; i > 0 ; i--)); do
    svc=${!i}
    stop_service "$svc"
  done
}

status() {
  local svc pid state rc=0
  printf '%-11s %-8s %-8s %s\n' SERVICE STATE PID ADDRESS
  for svc in "${ALL_SERVICES[@]}"; do
    if pid=$(live_pid "$svc"); then
      if check_service "$svc"; then state=up; else state=starting; rc=1; fi
    else
      pid=-; state=down; rc=1
    fi
    printf '%-11s %-8s %-8s %s\n' "$svc" "$state" "$pid" "$(service_url "$svc")"
  done
  printf 'data: %s\n' "$STACK_DIR"
  return $rc
}

print_env() {
  cat <<EOF
export TOKENLEDGER_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT
export TOKENLEDGER_REGISTRY_URL=$(registry_url)
export TOKENLEDGER_CLICKHOUSE_URL=http://127.0.0.1:$CLICKHOUSE_PORT
EOF
}

cmd=${1:-status}
shift || true
[ $# -gt 0 ] || set -- "${ALL_SERVICES[@]}"
case $cmd in
  up|start) up "$@" ;;
  down|stop) down "$@" ;;
  restart) down "$@"; up "$@" ;;
  status) status ;;
  install) install_all ;;
  env) print_env ;;
  *) die "usage: infra/stack.sh up|down|restart|status|install|env [service ...]" ;;
esac
