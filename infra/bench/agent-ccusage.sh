#!/usr/bin/env bash
# The agent against ccusage on the same Claude Code corpus (figures, not pass/fail).
#   ./bench agent-ccusage [MB|CORPUS-DIR] [runs]     default 1024 MB (generated), 5 runs of each tool
#   CORPUS_SHAPE=short ./bench agent-ccusage 1024     a generated corpus of short sessions (~3,200 files per GiB,
#                                                     the shape the goal was measured on; default long: ~250 files)
# Both tools run as a user runs them, alternating (ccusage, agent, ccusage, agent, ...) so load from
# other work on the machine hits both alike; each run is timed from process start to its last byte of
# output (stdout to a file). Printed: the median wall time, CPU seconds (user + sys) and peak RSS of each
# tool, the ratio of the medians (agent / ccusage; the target is <= 0.5), the median of the runs' own ratios
# (run i of the agent against run i of ccusage, which ran just before it), and whether both counted the
# same tokens.
#   ccusage: `ccusage daily --json --offline` (npm ccusage@20.0.24 and its native linux-x64 binary,
#            installed into ${TOKENLEDGER_BENCH_CACHE:-~/.cache/tokenledger}/ccusage when missing),
#            pointed at the corpus with CLAUDE_CONFIG_DIR and an empty HOME
#   agent:   `./tokenledger agent daily --json` when the agent has that command, else
#            `./tokenledger agent backfill --dry-run` (every event as a JSON line, totals on stderr);
#            override with AGENT_COMMAND="…" (words after `./tokenledger agent`)
# Figures and commands are recorded in docs/benchmarks/agent.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
WHAT=${1:-1024}
RUNS=${2:-5}
CCUSAGE_VERSION=20.0.24
CACHE=${TOKENLEDGER_BENCH_CACHE:-$HOME/.cache/tokenledger}/ccusage

work=$(mktemp -d -t tokenledger-ccusage-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# --- ccusage, installed once outside the repository
ccusage_bin="$CACHE/node_modules/@ccusage/ccusage-linux-x64/bin/ccusage"
if [ ! -f "$ccusage_bin" ]; then
  echo "== installing ccusage@$CCUSAGE_VERSION into $CACHE (npm)"
  mkdir -p "$CACHE"
  npm install --silent --no-audit --no-fund --prefix "$CACHE" "ccusage@$CCUSAGE_VERSION" \
    "@ccusage/ccusage-linux-x64@$CCUSAGE_VERSION" >&2
fi
if [ -f "$ccusage_bin" ]; then
  chmod +x "$ccusage_bin" # what its `node` entry does before running it
  CCUSAGE=("$ccusage_bin")
else
  CCUSAGE=(node "$CACHE/node_modules/ccusage/src/cli.js") # another platform: the entry picks its binary
fi

# --- the corpus
if [ -d "$WHAT" ]; then
  corpus=$(cd "$WHAT" && pwd)
else
  . "$ROOT/infra/bench/classpath.sh"
  cp=$(bench_classpath collector-agent)
  echo "== corpus: $WHAT MB of Claude Code JSONL (${CORPUS_SHAPE:-long} sessions)"
  java -Xmx512m -cp "$cp" dev.tokenledger.agent.bench.AgentBench generate "$work/corpus" "$WHAT" "${CORPUS_SHAPE:-long}"
  corpus="$work/corpus"
fi
[ -d "$corpus/projects" ] || { echo "agent-ccusage: $corpus has no projects/ directory" >&2; exit 2; }

# --- the agent's command
[ -f "$ROOT/collector-agent/target/collector-agent.jar" ] || "$ROOT/tokenledger" build
mkdir -p "$work/home"
export HOME="$work/home" CLAUDE_CONFIG_DIR="$corpus" TOKENLEDGER_AGENT_STATE_DIR="$work/state"
unset CODEX_HOME GEMINI_DIR XDG_CONFIG_HOME XDG_STATE_HOME
if [ -z "${AGENT_COMMAND:-}" ]; then
  if "$ROOT/tokenledger" agent --help 2>/dev/null | grep -qE '^ +daily( |$)'; then
    AGENT_COMMAND="daily --json"
  else
    AGENT_COMMAND="backfill --dry-run --no-progress"
  fi
fi
read -r -a agent_args <<< "$AGENT_COMMAND"

# timed <name> <i> cmd…: one run, stdout to $work/<name>.<i>.out; appends "wall cpu rss_mb" to $work/<name>.times
timed() {
  local name=$1 i=$2
  shift 2
  /usr/bin/time -o "$work/$name.$i.time" -f "%e %U %S %M" "$@" > "$work/$name.$i.out" 2> "$work/$name.$i.err" || {
    echo "$name run $i failed:" >&2
    tail -20 "$work/$name.$i.err" >&2
    exit 1
  }
  awk '{ printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$work/$name.$i.time" >> "$work/$name.times"
}

echo "== ccusage: ${CCUSAGE[*]##*/} daily --json --offline"
echo "== agent:   ./tokenledger agent $AGENT_COMMAND"
# one unmeasured run of each: the page cache holds the corpus for both, the agent's launcher
# prepares its class-data archive (a one-off, as on a user's first run)
timed warm-ccusage 0 "${CCUSAGE[@]}" daily --json --offline
timed warm-agent 0 "$ROOT/tokenledger" agent "${agent_args[@]}"
for i in $(seq 1 "$RUNS"); do
  timed ccusage "$i" "${CCUSAGE[@]}" daily --json --offline
  timed agent "$i" "$ROOT/tokenledger" agent "${agent_args[@]}"
  printf 'run %d: ccusage %s s wall / agent %s s wall\n' "$i" "$(tail -1 "$work/ccusage.times" | cut -d' ' -f1)" \
    "$(tail -1 "$work/agent.times" | cut -d' ' -f1)"
done

# --- totals: ccusage's totalTokens against the agent's
cc_total=$(jq '.totals.totalTokens' "$work/ccusage.1.out")
if grep -q '^tokens: ' "$work/agent.1.err"; then
  agent_total=$(sed -n 's/^tokens: .*total \([0-9]*\)$/\1/p' "$work/agent.1.err")
else
  # the daily JSON: its totals object (totalTokens, or the sum of its token classes)
  agent_total=$(jq '(.totals // {}) as $t | if $t.totalTokens then $t.totalTokens else
      ([$t | to_entries[] | select(.key | test("(?i)tokens$")) | .value] | add) end' "$work/agent.1.out")
fi

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
col() { cut -d' ' -f"$2" "$work/$1.times" | median; }
cc_wall=$(col ccusage 1); cc_cpu=$(col ccusage 2); cc_rss=$(col ccusage 3)
ag_wall=$(col agent 1); ag_cpu=$(col agent 2); ag_rss=$(col agent 3)
bytes=$(du -sb "$corpus" | cut -f1)
files=$(find "$corpus/projects" -name '*.jsonl' | wc -l)
echo
printf 'corpus: %.1f MB, %d files; %d alternating runs of each, medians (load average now: %s)\n' \
  "$(echo "$bytes / 1048576" | bc -l)" "$files" "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '  ccusage daily --json --offline   %6.2f s wall  %6.2f CPU s  %5d MB peak RSS\n' "$cc_wall" "$cc_cpu" "$cc_rss"
printf '  agent %-26s %6.2f s wall  %6.2f CPU s  %5d MB peak RSS\n' "$AGENT_COMMAND" "$ag_wall" "$ag_cpu" "$ag_rss"
awk -v a="$ag_wall" -v c="$cc_wall" -v ac="$ag_cpu" -v cc="$cc_cpu" 'BEGIN {
  printf "  ratio agent / ccusage: %.2f wall, %.2f CPU (target <= 0.5 wall)\n", a / c, ac / cc }'
# run i of each tool ran back to back: the median of the runs' own ratios is steadier than the ratio of the
# medians when the machine's speed drifts during the series
pair_ratio() { paste -d' ' <(cut -d' ' -f"$1" "$work/agent.times") <(cut -d' ' -f"$1" "$work/ccusage.times") |
  awk '{ printf "%.4f\n", $1 / $2 }' | median; }
printf '  ratio run by run (median of %d pairs): %.2f wall, %.2f CPU\n' "$RUNS" "$(pair_ratio 1)" "$(pair_ratio 2)"
if [ "$cc_total" = "$agent_total" ]; then
  echo "  totals equal: yes ($cc_total tokens)"
else
  echo "  totals equal: NO (ccusage $cc_total, agent $agent_total)"
fi
