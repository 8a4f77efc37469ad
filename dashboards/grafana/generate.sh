#!/usr/bin/env bash
# Writes dashboards/<uid>.json from dashboards.jq (one file per dashboard, stable formatting).
# Usage: generate.sh [OUTPUT_DIR]   (default: the dashboards/ folder next to this script)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/dashboards}"
mkdir -p "$out"
all="$(jq -n -f "$here/dashboards.jq")"
for uid in $(jq -r '.[].uid' <<<"$all"); do
  jq --arg uid "$uid" '.[] | select(.uid == $uid)' <<<"$all" > "$out/$uid.json"
done
