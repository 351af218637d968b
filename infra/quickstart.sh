#!/usr/bin/env bash
# One command from a fresh clone to a cost report of this machine's AI-assistant usage:
#   1. start the local stack (Kafka, Schema Registry, ClickHouse) — installs it on first use
#   2. build the jars if needed and apply the ClickHouse migrations
#   3. start the stream processor, the warehouse sink and the query API in the background
#   4. backfill this machine's Claude Code / Codex CLI / Gemini CLI logs with the collector agent
#   5. wait until the warehouse holds every priced event, then print a report
# The pipeline keeps running afterwards; `./tokenledger down` stops it and the stack.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TL="$ROOT/tokenledger"
STACK_DIR=${TOKENLEDGER_STACK_DIR:-$ROOT/.stack}
WAIT_S=${TOKENLEDGER_QUICKSTART_WAIT_S:-180}

say() { printf '\n==> %s\n' "$*" >&2; }

say "Starting the local stack"
"$ROOT/infra/stack.sh" up
eval "$("$ROOT/infra/stack.sh" env)"

if [ ! -f "$ROOT/collector-agent/target/collector-agent.jar" ] || [ ! -f "$ROOT/stream-processor/target/stream-processor.jar" ]; then
  say "Building Tokenledger (first run only)"
  "$TL" build
fi

say "Applying ClickHouse migrations"
"$TL" sink migrate

# The query API needs a credential: a local admin token for the agent's default organisation ([org] id =
# "default"), made once and
# kept (mode 0600) next to the stack's state; only its hash is stored in ClickHouse.
TOKEN_FILE="$STACK_DIR/api-token"
if [ ! -s "$TOKEN_FILE" ]; then
  say "Issuing a local admin API token ($TOKEN_FILE)"
  mkdir -p "$STACK_DIR"
  (umask 077; "$TL" api tokens create --org default --user "${USER:-local}" --role admin \
    --label quickstart 2>/dev/null > "$TOKEN_FILE.tmp") && mv "$TOKEN_FILE.tmp" "$TOKEN_FILE"
fi

say "Starting the stream processor, the warehouse sink and the query API"
"$ROOT/infra/apps.sh" start streams sink api

say "Backfilling this machine's AI-assistant logs"
"$TL" agent backfill

say "Waiting for the warehouse to catch up (up to ${WAIT_S}s)"
"$ROOT/infra/apps.sh" wait-drained "$WAIT_S" || echo "quickstart: the pipeline has not drained yet; the report below may be partial" >&2

say "Cost report (ClickHouse: $TOKENLEDGER_CLICKHOUSE_URL)"
"$ROOT/infra/report.sh"

API_URL="http://127.0.0.1:${TOKENLEDGER_API_PORT:-18090}"
cat >&2 <<EOF

The pipeline keeps running: streams, sink and the query API (logs in $STACK_DIR/logs/), Kafka,
registry, ClickHouse.
  $API_URL/dashboard/     the dashboard (sign in with the token in $TOKEN_FILE)
  curl -H "Authorization: Bearer \$(cat $TOKEN_FILE)" 'http://127.0.0.1:${TOKENLEDGER_API_PORT:-18090}/v1/spend?group_by=model'
                                 spend over HTTP (CSV: add &format=csv; every route: /v1/openapi.json)
  ./tokenledger agent run        keep watching this machine's logs
  ./tokenledger report           print the report again
  ./tokenledger down             stop the pipeline and the stack
EOF

# The one URL to open: the dashboard, signed in with the local admin token. The token is in the
# fragment (after #), which the browser never sends to a server or a log; the page moves it into the
# tab's session storage and removes it from the address bar.
say "Your spend of the last 12 months, charted: open this URL in a browser on this machine"
printf '%s/dashboard/#token=%s&preset=365d\n' "$API_URL" "$(cat "$TOKEN_FILE")"

