#!/usr/bin/env bash
# dashboards/check.sh: proves the Grafana dashboards and the Prometheus rules against a real
# Prometheus scraping a running sandbox. Installs nothing: needs prometheus, promtool, jq and curl
# (.ci/run installs Debian's prometheus package). Runs Prometheus itself on 127.0.0.1 with a
# temporary storage directory; never touches a system Prometheus.
#
#  1. static: the committed dashboards equal what dashboards.jq generates; uids unique; every panel
#     has a unit; every alert has summary, description and a README runbook; promtool check
#     config, check rules and test rules pass; every metric a query names is a vipwarden metric,
#     a recording rule or one of Prometheus' own series.
#  2. live: starts the sandbox (SANDBOX_CMD), scrapes all its targets every second, then asserts
#     through the HTTP API that every panel, variable, annotation and rule expression evaluates
#     without error; after the scripted failover every panel query returns at least one series;
#     every metric name used is exported by some target; during the split-brain scenario the
#     VipwardenSplitBrain alert (in progress) or VipwardenSplitBrainEpisodes (resolved faster than a
#     scrape) becomes pending or firing.
#
# Environment:
#   SANDBOX_CMD       command that runs the whole system; @TARGETS@ is replaced by the path of the
#                     targets file the sandbox must write (default: ./vipwarden sandbox --duration
#                     $SANDBOX_SECONDS --port 0, plus --metrics-targets-file @TARGETS@ when the sandbox has it)
#   SANDBOX_SECONDS   --duration of the default sandbox command (default 150)
#   CHECK_STATIC_ONLY=1  stop after the static part
#   CHECK_KEEP=1      keep the work directory (Prometheus config, logs) for debugging
#
# Targets file (written by the sandbox once every endpoint listens; write a temp file and rename):
#   one target per line: <job> <host:port> [<label>=<value> ...]; job is agent, coordinator or
#   gateway; '#' starts a comment. Agents carry node=<node id>. Scraped path: /metrics.
#   Example:  agent 127.0.0.1:40111 node=node-a1
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
D="$ROOT/dashboards"
SANDBOX_SECONDS="${SANDBOX_SECONDS:-150}"
START_TIMEOUT="${START_TIMEOUT:-60}"       # sandbox start until the targets file exists
FAILOVER_TIMEOUT="${FAILOVER_TIMEOUT:-90}"  # Prometheus up until the first failover is seen
SPLIT_TIMEOUT="${SPLIT_TIMEOUT:-120}"       # Prometheus up until the split-brain alert is seen
# Worst case, every wait running out: about 10 s static + 60 + 120 + 20 s of retries + 10 s to stop,
# under 4 minutes (building the jars, when stale, comes before and is not counted).
RATE_WINDOW="20s"                           # $__rate_interval at a 1 s scrape interval

# Prometheus' own series that queries may use besides vipwarden's.
SYNTHETIC='^(up|scrape_duration_seconds|scrape_samples_scraped|scrape_samples_post_metric_relabeling|scrape_series_added|ALERTS|ALERTS_FOR_STATE)$'

failures=()
fail() { failures+=("$*"); echo "FAIL: $*" >&2; }
step() { echo "== dashboards: $*"; }
finish() {
  if [ "${#failures[@]}" -gt 0 ]; then
    echo "dashboards check FAILED (${#failures[@]}):" >&2
    printf '  - %s\n' "${failures[@]}" >&2
    exit 1
  fi
  echo "dashboards check passed"
  exit 0
}

for tool in prometheus promtool jq curl; do
  command -v "$tool" >/dev/null || { echo "dashboards/check.sh: '$tool' is missing (CI installs it: .ci/run APT_PACKAGES)" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/vipwarden-dashboards.XXXXXX")"
SANDBOX_PID=""
PROM_PID=""
stop_group() { # pid: TERM the process group, KILL it after 10 s
  local pid="$1" i
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  [ -n "$PROM_PID" ] && stop_group "$PROM_PID"
  [ -n "$SANDBOX_PID" ] && stop_group "$SANDBOX_PID"
  if [ "${CHECK_KEEP:-0}" = "1" ]; then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------------------------------------
step "dashboards are what dashboards.jq generates"
"$D/grafana/generate.sh" "$WORK/generated"
if ! diff -r "$WORK/generated" "$D/grafana/dashboards" >"$WORK/drift.txt"; then
  fail "dashboards/grafana/dashboards differs from dashboards.jq: run dashboards/grafana/generate.sh ($(head -c 400 "$WORK/drift.txt"))"
fi

DASHBOARDS=("$D"/grafana/dashboards/*.json)
RULE_FILES=("$D"/prometheus/rules/*.yml)

step "dashboard structure"
dups=$(jq -r '.uid' "${DASHBOARDS[@]}" | sort | uniq -d)
[ -z "$dups" ] || fail "duplicate dashboard uids: $dups"
for f in "${DASHBOARDS[@]}"; do
  jq -e '.uid | test("^vipwarden-[a-z-]+$")' "$f" >/dev/null || fail "$f: uid must look like vipwarden-<name>"
  [ "$(jq -r .uid "$f").json" = "$(basename "$f")" ] || fail "$f: file name must be <uid>.json"
  jq -r '.panels[] | select(.type != "row") | select((.fieldConfig.defaults.unit // "") == "") | .title' "$f" |
    while read -r t; do [ -z "$t" ] || echo "$f: panel '$t' has no unit"; done >"$WORK/nounit.txt"
  [ ! -s "$WORK/nounit.txt" ] || fail "$(cat "$WORK/nounit.txt")"
  jq -r '.panels[] | select(.type != "row") | select((.targets // []) | length == 0) | .title' "$f" >"$WORK/notarget.txt"
  [ ! -s "$WORK/notarget.txt" ] || fail "$f: panels without a query: $(paste -sd, "$WORK/notarget.txt")"
done

step "promtool check config, check rules, test rules"
promtool check config "$D/prometheus/prometheus.yml" >"$WORK/promtool.txt" 2>&1 || fail "promtool check config: $(cat "$WORK/promtool.txt")"
promtool check rules "${RULE_FILES[@]}" >"$WORK/promtool.txt" 2>&1 || fail "promtool check rules: $(cat "$WORK/promtool.txt")"
(cd "$D/prometheus/tests" && promtool test rules ./*.yml) >"$WORK/promtool.txt" 2>&1 || fail "promtool test rules: $(cat "$WORK/promtool.txt")"

# Rules as JSON lines, through promtool's own parser would be nicer; the rule files are plain YAML
# that Prometheus accepts, and Prometheus reports them back as JSON once it runs (below). For the
# static checks read them from a Prometheus started without targets.
PROM_PORT=""
free_port() {
  local p
  for p in $(shuf -i 20000-29999 -n 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}
start_prometheus() { # config file
  PROM_PORT="$(free_port)" || { fail "no free port for Prometheus"; finish; }
  rm -rf "$WORK/tsdb"
  setsid prometheus --config.file="$1" --storage.tsdb.path="$WORK/tsdb" \
    --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn >"$WORK/prometheus.log" 2>&1 &
  PROM_PID=$!
  local i
  for i in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1; then return 0; fi
    kill -0 "$PROM_PID" 2>/dev/null || break
    sleep 0.2
  done
  fail "Prometheus did not become ready: $(tail -5 "$WORK/prometheus.log")"
  finish
}
api() { curl -fsS "http://127.0.0.1:$PROM_PORT$1"; }
query() { curl -sS -G --data-urlencode "query=$1" "http://127.0.0.1:$PROM_PORT/api/v1/query"; }

rules_yaml() { # the rule_files section
  local f
  echo "rule_files:"
  for f in "${RULE_FILES[@]}"; do echo "  - $f"; done
}
{ printf 'global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n'; rules_yaml; } >"$WORK/rules-only.yml"
start_prometheus "$WORK/rules-only.yml"
api /api/v1/rules >"$WORK/rules.json"
stop_group "$PROM_PID"; PROM_PID=""

step "alerts have summary, description naming the HaVip/node, and a runbook"
jq -r '.data.groups[].rules[] | select(.type == "alerting") | .name' "$WORK/rules.json" >"$WORK/alerts.txt"
[ -s "$WORK/alerts.txt" ] || fail "no alerting rules found"
while read -r a; do
  r=$(jq -c --arg a "$a" '.data.groups[].rules[] | select(.name == $a)' "$WORK/rules.json")
  jq -e '.annotations.summary and .annotations.description' <<<"$r" >/dev/null || fail "alert $a: summary or description missing"
  # Fleet-wide alerts (label scope: fleet) have no HaVip or node to name.
  if ! jq -e '.labels.scope == "fleet"' <<<"$r" >/dev/null; then
    jq -e '(.annotations.summary + .annotations.description) | test("\\$labels\\.(havip|node|instance)")' <<<"$r" >/dev/null ||
      fail "alert $a: summary/description name neither the HaVip nor the node"
  fi
  anchor=$(tr '[:upper:]' '[:lower:]' <<<"$a")
  jq -e --arg r "README.md#$anchor" '.annotations.runbook == $r' <<<"$r" >/dev/null || fail "alert $a: annotation runbook must be README.md#$anchor"
  grep -q "^#### $a\$" "$ROOT/README.md" || fail "alert $a: no runbook heading '#### $a' in README.md"
done <"$WORK/alerts.txt"

# Every query: kind<TAB>where<TAB>expression. Kinds: panel (must return series after the failover),
# var (template variable, as a query), annotation and rule (must evaluate).
{
  for f in "${DASHBOARDS[@]}"; do
    jq -r --arg f "$(basename "$f")" '.panels[] | select(.type != "row") | .title as $t
      | .targets[] | ["panel", "\($f): \($t) [\(.refId)]", .expr] | @tsv' "$f"
    jq -r --arg f "$(basename "$f")" '.templating.list[] | select(.type == "query")
      | ["var", "\($f): variable \(.name)", .query.query] | @tsv' "$f"
    jq -r --arg f "$(basename "$f")" '.annotations.list[] | select(.expr)
      | ["annotation", "\($f): annotation \(.name)", .expr] | @tsv' "$f"
  done
  jq -r '.data.groups[] | .name as $g | .rules[] | ["rule", "\($g): \(.name)", .query] | @tsv' "$WORK/rules.json"
} >"$WORK/queries.raw.tsv"

# Grafana-only syntax to PromQL: variables match anything, label_values(M, L) becomes a query for
# the label's values, interval macros get values that fit a 1 s scrape interval.
to_promql() {
  sed -E \
    -e 's/^label_values\(([^,]+),[[:space:]]*([a-zA-Z_]+)\)$/count by (\2) (\1)/' \
    -e 's/^label_values\(([a-zA-Z_]+)\)$/count by (\1) ({\1!=""})/' \
    -e "s/\\\$__rate_interval/$RATE_WINDOW/g; s/\\\$__interval/5s/g; s/\\\$__range/5m/g" \
    -e 's/\$\{?(havip|node|vpc|coordinator)\}?/.*/g'
}
while IFS=$'\t' read -r kind where expr; do
  printf '%s\t%s\t%s\n' "$kind" "$where" "$(printf '%s' "$expr" | to_promql)"
done <"$WORK/queries.raw.tsv" >"$WORK/queries.tsv"
step "$(wc -l <"$WORK/queries.tsv") queries ($(grep -c '^panel' "$WORK/queries.tsv") panel targets)"

step "metric names used"
recorded=$(jq -r '.data.groups[].rules[] | select(.type == "recording") | .name' "$WORK/rules.json" | sort -u)
# Metric names: everything vipwarden_*, recording rules vipwarden:*, and any other identifier
# followed by a label matcher (so a non-vipwarden metric cannot slip in unnoticed).
cut -f3 "$WORK/queries.tsv" | sed -E 's/"[^"]*"//g' |
  grep -oE '(vipwarden[_:][a-zA-Z0-9_:]+|[a-zA-Z_:][a-zA-Z0-9_:]*[[:space:]]*\{)' |
  sed -E 's/[[:space:]]*\{$//' | sort -u >"$WORK/used.txt"
: >"$WORK/used-metrics.txt"
while read -r m; do
  if [[ "$m" == *:* ]]; then
    grep -qx "$m" <<<"$recorded" || fail "recording rule '$m' is used but not defined"
  elif [[ "$m" =~ $SYNTHETIC ]]; then
    :
  elif [[ "$m" == vipwarden_* ]]; then
    echo "$m" >>"$WORK/used-metrics.txt"
  else
    fail "query uses '$m', which is neither a vipwarden metric nor one of Prometheus' own series"
  fi
done <"$WORK/used.txt"
step "$(wc -l <"$WORK/used-metrics.txt") vipwarden metric names used"

if [ "${CHECK_STATIC_ONLY:-0}" = "1" ]; then finish; fi

# ------------------------------------------------------------------------------------------------
if [ -z "${SANDBOX_CMD:-}" ]; then
  SANDBOX_CMD="./vipwarden sandbox --duration $SANDBOX_SECONDS --port 0"
  # A sandbox without the option only prints its URLs (see targets_from_log).
  sandbox_help=$(cd "$ROOT" && ./vipwarden sandbox --help 2>&1 || true)
  if grep -q -- '--metrics-targets-file' <<<"$sandbox_help"; then
    SANDBOX_CMD+=" --metrics-targets-file @TARGETS@"
  fi
fi
step "starting the sandbox: $SANDBOX_CMD"
TARGETS="$WORK/targets"
cmd="${SANDBOX_CMD//@TARGETS@/$TARGETS}"
(cd "$ROOT" && exec setsid bash -c "$cmd") >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
started=$(date +%s)
# Fallback for a sandbox that only prints its /metrics URLs: one URL per line, the line naming the
# component (agent, coordinator, gateway) and, for agents, optionally node=<id>.
targets_from_log() {
  grep -oE '.*https?://[0-9.]+:[0-9]+/metrics' "$WORK/sandbox.log" | while read -r line; do
    hostport=$(sed -E 's#.*https?://([0-9.]+:[0-9]+)/metrics#\1#' <<<"$line")
    node=$(grep -oE 'node[= ][A-Za-z0-9._-]+' <<<"$line" | head -1 | cut -c6-)
    case "$line" in
      *[Aa]gent*) echo "agent $hostport${node:+ node=$node}" ;;
      *[Cc]oordinator*) echo "coordinator $hostport" ;;
      *[Gg]ateway*) echo "gateway $hostport" ;;
    esac
  done | sort -u || true
}
until [ -s "$TARGETS" ]; do
  if ! grep -q '^agent ' "$TARGETS" 2>/dev/null && [ -z "${printed:-}" ]; then
    t=$(targets_from_log)
    if grep -q '^agent ' <<<"$t" && grep -q '^coordinator ' <<<"$t" && grep -q '^gateway ' <<<"$t"; then
      printed=1; sleep 3 # the rest of the URLs
      if [ ! -s "$TARGETS" ]; then targets_from_log >"$TARGETS"; step "targets taken from the URLs the sandbox printed"; fi
      continue
    fi
  fi
  if ! kill -0 "$SANDBOX_PID" 2>/dev/null; then
    fail "the sandbox exited before writing its targets file: $(tail -20 "$WORK/sandbox.log")"; finish
  fi
  if [ $(( $(date +%s) - started )) -ge "$START_TIMEOUT" ]; then
    fail "no targets file after ${START_TIMEOUT}s (does the sandbox support --metrics-targets-file?): $(tail -20 "$WORK/sandbox.log")"; finish
  fi
  sleep 0.5
done
step "targets after $(( $(date +%s) - started ))s: $(grep -v '^#' "$TARGETS" | awk 'NF{print $1}' | sort | uniq -c | paste -sd' ')"

{
  printf 'global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n'
  rules_yaml
  echo "scrape_configs:"
  for job in agent coordinator gateway; do
    grep -qE "^[[:space:]]*$job[[:space:]]" "$TARGETS" || { fail "targets file has no $job"; continue; }
    echo "  - job_name: vipwarden-$job"
    echo "    static_configs:"
    grep -E "^[[:space:]]*$job[[:space:]]" "$TARGETS" | while read -r _ hostport labels; do
      echo "      - targets: [\"$hostport\"]"
      if [ -n "${labels:-}" ]; then
        echo "        labels:"
        for kv in $labels; do echo "          ${kv%%=*}: \"${kv#*=}\""; done
      fi
    done
  done
} >"$WORK/prometheus.yml"
promtool check config "$WORK/prometheus.yml" >"$WORK/promtool.txt" 2>&1 || { fail "generated config: $(cat "$WORK/promtool.txt")"; finish; }
start_prometheus "$WORK/prometheus.yml"
prom_started=$(date +%s)
step "Prometheus on 127.0.0.1:$PROM_PORT"

wait_targets_up() {
  local i
  for i in $(seq 1 60); do
    if api /api/v1/targets | jq -e '.data.activeTargets | length > 0 and all(.health == "up")' >/dev/null; then return 0; fi
    sleep 0.5
  done
  fail "targets not up: $(api /api/v1/targets | jq -c '[.data.activeTargets[] | select(.health != "up") | {scrapeUrl, lastError}]')"
}
wait_targets_up

split_seen=""
poll_split_alert() {
  if [ -z "$split_seen" ]; then
    split_seen=$(api /api/v1/alerts | jq -r '[.data.alerts[] | select(.labels.alertname | test("^VipwardenSplitBrain"))
      | "\(.labels.alertname) \(.state) \(.labels.havip // .labels.instance)"] | first // empty') || true
    [ -z "$split_seen" ] || step "$split_seen after $(( $(date +%s) - prom_started ))s"
  fi
}

step "waiting for the scripted failover"
failover_at=""
while [ -z "$failover_at" ]; do
  poll_split_alert
  if [ "$(query 'sum(vipwarden_coordinator_failovers_total) > 0' | jq '.data.result | length')" -gt 0 ]; then
    failover_at=$(date +%s)
  elif [ $(( $(date +%s) - prom_started )) -ge "$FAILOVER_TIMEOUT" ]; then
    fail "no failover (vipwarden_coordinator_failovers_total) within ${FAILOVER_TIMEOUT}s"; finish
  elif ! kill -0 "$SANDBOX_PID" 2>/dev/null; then
    fail "the sandbox exited before a failover: $(tail -20 "$WORK/sandbox.log")"; finish
  else
    sleep 1
  fi
done
step "failover seen $(( failover_at - prom_started ))s after Prometheus started"

# Rates need two samples in the window and recording rules one evaluation after them; then every
# panel must have series. Empty ones get a few more seconds (a counter appears on first use).
sleep 5
evaluate() { # queries file -> lines "status<TAB>kind<TAB>where<TAB>expr<TAB>detail"
  local kind where expr r
  while IFS=$'\t' read -r kind where expr; do
    r=$(query "$expr" | jq -r 'if .status != "success" then "error\t\(.error // "no answer" | gsub("[\t\n]"; " "))"
      elif (.data.result | type) == "array" and (.data.result | length) == 0 then "empty\t" else "ok\t" end')
    printf '%s\t%s\t%s\t%s\t%s\n' "${r%%$'\t'*}" "$kind" "$where" "$expr" "${r#*$'\t'}"
  done <"$1"
}
step "evaluating every query"
evaluate "$WORK/queries.tsv" >"$WORK/eval.tsv"
for attempt in $(seq 1 10); do
  awk -F'\t' '$1 == "empty" && ($2 == "panel" || $2 == "var") {print $2 "\t" $3 "\t" $4}' "$WORK/eval.tsv" >"$WORK/retry.tsv"
  [ -s "$WORK/retry.tsv" ] || break
  poll_split_alert
  sleep 2
  awk -F'\t' '!($1 == "empty" && ($2 == "panel" || $2 == "var"))' "$WORK/eval.tsv" >"$WORK/kept.tsv"
  evaluate "$WORK/retry.tsv" | cat "$WORK/kept.tsv" - >"$WORK/eval.tsv"
done
while IFS=$'\t' read -r status kind where expr detail; do
  case "$status:$kind" in
    error:*) fail "$kind $where: $expr: $detail" ;;
    empty:panel|empty:var) fail "no series after the failover: $kind $where: $expr" ;;
  esac
done <"$WORK/eval.tsv"
step "$(grep -c '^ok' "$WORK/eval.tsv") queries with series, $(grep -c '^empty' "$WORK/eval.tsv") empty (rules, annotations), $(grep -c '^error' "$WORK/eval.tsv") errors"

step "rule health in Prometheus"
api /api/v1/rules | jq -r '.data.groups[].rules[] | select(.health != "ok") | "\(.name): \(.health) \(.lastError // "")"' >"$WORK/unhealthy.txt"
[ ! -s "$WORK/unhealthy.txt" ] || fail "rules not healthy: $(paste -sd';' "$WORK/unhealthy.txt")"

step "every metric name used is exported by some target"
: >"$WORK/exported.txt"
grep -v '^[[:space:]]*#' "$TARGETS" | while read -r _ hostport _; do
  [ -n "$hostport" ] || continue
  curl -fsS --max-time 5 "http://$hostport/metrics" | sed -nE \
    -e 's/^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*).*/\2/p' \
    -e 's/^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ].*/\1/p'
done | sort -u >"$WORK/exported.txt" || true
# A labelled counter has no series until first used (the client writes nothing for it), so a
# name the run did not exercise is accepted when a component declares it in its main sources;
# a name nobody declares fails.
grep -rhoE --include='*.java' '"vipwarden_[a-z0-9_]+"' "$ROOT"/*/src/main/java "$ROOT"/*/*/src/main/java 2>/dev/null |
  tr -d '"' >"$WORK/declared.txt" || true
for f in $(grep -rlE --include='*.java' 'String P = "vipwarden_' "$ROOT"/*/src/main/java 2>/dev/null); do
  prefix=$(sed -nE 's/.*String P = "(vipwarden_[a-z0-9_]*)".*/\1/p' "$f" | head -1)
  grep -oE 'P \+ "[a-z0-9_]+"' "$f" | sed -E "s/P \\+ \"([a-z0-9_]+)\"/$prefix\\1/" >>"$WORK/declared.txt"
done
sort -u -o "$WORK/declared.txt" "$WORK/declared.txt"
while read -r m; do
  grep -qx "$m" "$WORK/exported.txt" && continue
  base=$(sed -E 's/_(total|bucket|sum|count|created)$//' <<<"$m")
  if grep -qxE "($m|$base)" "$WORK/declared.txt"; then
    echo "note: $m is declared but had no series in this run (labelled metric not yet used)"
  else
    fail "metric '$m' is used by a dashboard or rule but no component exports it"
  fi
done <"$WORK/used-metrics.txt"

step "waiting for the split-brain alert"
while [ -z "$split_seen" ]; do
  poll_split_alert
  [ -z "$split_seen" ] || break
  # A pending alert that lasted less than a poll still left an ALERTS sample at its evaluation.
  seen=$(query 'max_over_time(ALERTS{alertname=~"VipwardenSplitBrain.*"}[10m])' | jq -r '.data.result[0].metric | select(.) | "\(.alertname) \(.alertstate) \(.havip // .instance)"')
  if [ -n "$seen" ]; then split_seen="$seen (from the ALERTS series)"; step "$split_seen"; break; fi
  if [ $(( $(date +%s) - prom_started )) -ge "$SPLIT_TIMEOUT" ] || ! kill -0 "$SANDBOX_PID" 2>/dev/null; then
    fail "neither VipwardenSplitBrain nor VipwardenSplitBrainEpisodes became pending or firing (vipwarden_havip_phase{phase=\"split_brain\"} max: $(query 'max(max_over_time(vipwarden_havip_phase{phase="split_brain"}[10m]))' | jq -c '.data.result'))"
    break
  fi
  sleep 1
done

step "done in $(( $(date +%s) - started ))s from the sandbox start"
finish
