#!/usr/bin/env bash
# A second, throw-away local Kafka broker with authenticated listeners, from the same Kafka jars as the
# local stack: SASL_PLAINTEXT and SASL_SSL (SCRAM-SHA-512; the user is created when the storage is
# formatted) plus a PLAINTEXT listener for the broker itself. The TLS certificate is self-signed for
# 127.0.0.1/localhost (keytool); the clients' truststore is written beside it. Used by the security
# integration tests and to try a role's security settings by hand.
#
#   infra/kafka/secure-broker.sh up      format (first time), start, wait until ready, print the client settings
#   infra/kafka/secure-broker.sh down    stop it (the pid it recorded) and delete its directory
#
# Settings (environment):
#   TOKENLEDGER_SECURE_KAFKA_DIR            data, certificates, logs, pid   (default: <repo>/.stack/secure-kafka)
#   TOKENLEDGER_SECURE_KAFKA_SASL_PORT      SASL_PLAINTEXT listener         (default: 29094)
#   TOKENLEDGER_SECURE_KAFKA_SSL_PORT       SASL_SSL listener               (default: 29095)
#   TOKENLEDGER_SECURE_KAFKA_INTERNAL_PORT  the broker's own listener       (default: 29096)
#   TOKENLEDGER_SECURE_KAFKA_CONTROLLER_PORT KRaft controller               (default: 29097)
#   TOKENLEDGER_SECURE_KAFKA_USER / _PASSWORD  the SCRAM user                (default: tokenledger / tokenledger-secret)
#   TOKENLEDGER_DIST_DIR                    where infra/stack.sh installed Kafka (default: <repo>/.stack/dist)
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR=${TOKENLEDGER_SECURE_KAFKA_DIR:-$REPO_DIR/.stack/secure-kafka}
SASL_PORT=${TOKENLEDGER_SECURE_KAFKA_SASL_PORT:-29094}
SSL_PORT=${TOKENLEDGER_SECURE_KAFKA_SSL_PORT:-29095}
INTERNAL_PORT=${TOKENLEDGER_SECURE_KAFKA_INTERNAL_PORT:-29096}
CONTROLLER_PORT=${TOKENLEDGER_SECURE_KAFKA_CONTROLLER_PORT:-29097}
USER_NAME=${TOKENLEDGER_SECURE_KAFKA_USER:-tokenledger}
USER_PASSWORD=${TOKENLEDGER_SECURE_KAFKA_PASSWORD:-tokenledger-secret}
DIST_DIR=${TOKENLEDGER_DIST_DIR:-${TOKENLEDGER_STACK_DIR:-$REPO_DIR/.stack}/dist}
KAFKA_LIB="$DIST_DIR/kafka-4.3.1/lib"
STORE_PASSWORD=broker-store-pw
TRUST_PASSWORD=client-trust-pw
MARKER=tokenledger.stack=secure-kafka
READY_TIMEOUT_S=${TOKENLEDGER_READY_TIMEOUT_S:-120}

say() { printf '%s\n' "$*" >&2; }
die() { say "secure-broker: $*"; exit 1; }
java_bin() { if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin"; else dirname "$(readlink -f "$(command -v java)")"; fi; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

live_pid() {
  local pid
  [ -f "$DIR/broker.pid" ] || return 1
  pid=$(cat "$DIR/broker.pid")
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$MARKER" || return 1
  echo "$pid"
}

print_env() {
  cat <<ENV
TOKENLEDGER_SECURE_KAFKA_SASL_BOOTSTRAP=127.0.0.1:$SASL_PORT
TOKENLEDGER_SECURE_KAFKA_SSL_BOOTSTRAP=127.0.0.1:$SSL_PORT
TOKENLEDGER_SECURE_KAFKA_TRUSTSTORE=$DIR/tls/client-truststore.p12
TOKENLEDGER_SECURE_KAFKA_TRUSTSTORE_PASSWORD=$TRUST_PASSWORD
ENV
}

up() {
  local bin pid waited=0
  if pid=$(live_pid); then say "secure-broker: already running (pid $pid)"; print_env; return 0; fi
  [ -f "$KAFKA_LIB/kafka_2.13-4.3.1.jar" ] || "$REPO_DIR/infra/stack.sh" install
  for p in "$SASL_PORT" "$SSL_PORT" "$INTERNAL_PORT" "$CONTROLLER_PORT"; do
    port_open "$p" && die "port $p on 127.0.0.1 is in use (set the TOKENLEDGER_SECURE_KAFKA_*_PORT variables)"
  done
  bin=$(java_bin)
  mkdir -p "$DIR/tls" "$DIR/data" "$DIR/logs"
  if [ ! -f "$DIR/tls/broker.p12" ]; then
    "$bin/keytool" -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 7 -dname CN=localhost \
      -ext SAN=ip:127.0.0.1,dns:localhost -keystore "$DIR/tls/broker.p12" -storetype PKCS12 \
      -storepass "$STORE_PASSWORD" >"$DIR/logs/keytool.log" 2>&1 || die "keytool could not create the broker key"
    "$bin/keytool" -exportcert -rfc -alias broker -keystore "$DIR/tls/broker.p12" -storepass "$STORE_PASSWORD" \
      -file "$DIR/tls/broker.crt" >>"$DIR/logs/keytool.log" 2>&1
    "$bin/keytool" -importcert -noprompt -alias broker -file "$DIR/tls/broker.crt" -keystore "$DIR/tls/client-truststore.p12" \
      -storetype PKCS12 -storepass "$TRUST_PASSWORD" >>"$DIR/logs/keytool.log" 2>&1 || die "keytool could not write the truststore"
  fi
  grep -v -E '^(listeners|advertised.listeners|inter.broker.listener.name|listener.security.protocol.map|log.dirs|controller.quorum.bootstrap.servers)=' \
    "$REPO_DIR/infra/kafka/server.properties" >"$DIR/server.properties"
  cat >>"$DIR/server.properties" <<PROPS
# --- authenticated listeners (infra/kafka/secure-broker.sh)
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
listeners=SASL_PLAINTEXT://127.0.0.1:$SASL_PORT,SASL_SSL://127.0.0.1:$SSL_PORT,INTERNAL://127.0.0.1:$INTERNAL_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$SASL_PORT,SASL_SSL://127.0.0.1:$SSL_PORT,INTERNAL://127.0.0.1:$INTERNAL_PORT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL
inter.broker.listener.name=INTERNAL
log.dirs=$DIR/data
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.location=$DIR/tls/broker.p12
ssl.keystore.type=PKCS12
ssl.keystore.password=$STORE_PASSWORD
ssl.key.password=$STORE_PASSWORD
PROPS
  if [ ! -f "$DIR/data/meta.properties" ]; then
    "$bin/java" -cp "$KAFKA_LIB/*" -Dlog4j2.configurationFile="$REPO_DIR/infra/kafka/log4j2.properties" -Dkafka.logs.dir="$DIR/logs" \
      kafka.tools.StorageTool format --config "$DIR/server.properties" --standalone \
      --cluster-id "$("$bin/java" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)" \
      --add-scram "SCRAM-SHA-512=[name=$USER_NAME,password=$USER_PASSWORD]" >"$DIR/logs/format.log" 2>&1 \
      || { tail -n 20 "$DIR/logs/format.log" >&2; die "storage format failed"; }
  fi
  : >"$DIR/logs/server.log"
  nohup "$bin/java" -Xms64m -Xmx384m -D$MARKER -Dlog4j2.configurationFile="$REPO_DIR/infra/kafka/log4j2.properties" \
    -Dkafka.logs.dir="$DIR/logs" -cp "$KAFKA_LIB/*" kafka.Kafka "$DIR/server.properties" >"$DIR/logs/console.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$DIR/broker.pid"
  until port_open "$SASL_PORT" && grep -q "Kafka Server started" "$DIR/logs/server.log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$DIR/logs/console.log" "$DIR/logs/server.log" >&2; die "the broker exited during start-up"; }
    [ "$waited" -lt $((READY_TIMEOUT_S * 10)) ] || die "not ready after ${READY_TIMEOUT_S}s (pid $pid)"
    sleep 0.1
    waited=$((waited + 1))
  done
  say "secure-broker: ready (pid $pid): SASL_PLAINTEXT 127.0.0.1:$SASL_PORT, SASL_SSL 127.0.0.1:$SSL_PORT, user $USER_NAME"
  print_env
}

down() {
  local pid i
  if pid=$(live_pid); then
    kill -TERM "$pid"
    for i in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    say "secure-broker: stopped (pid $pid)"
  fi
  rm -rf "$DIR"
}

case ${1:-} in
  up) up ;;
  down) down ;;
  env) print_env ;;
  *) die "usage: infra/kafka/secure-broker.sh up|down|env" ;;
esac
