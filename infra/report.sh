#!/usr/bin/env bash
# Prints the cost report (this month, in the organisation time zone) from the warehouse.
#   infra/report.sh [--month YYYY-MM] [--top N]
# Addresses come from the environment (TOKENLEDGER_CLICKHOUSE_URL, …) or the local stack.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec "$ROOT/tokenledger" api report "$@"
