#!/usr/bin/env bash
# Whole-process timings on a 10-year diary, next to sqlite3 answering the same question.
# Usage: scripts/perf.sh [RUNS]   (needs sqlite3; uses hyperfine when installed)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
command -v sqlite3 >/dev/null || { echo "perf.sh needs sqlite3 (apt-get install sqlite3)"; exit 1; }
cargo build --release -q
bin=$PWD/target/release/dosediary
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/ten.sqlite3
export TZ=${TZ:-Europe/Berlin} DOSEDIARY_NOW=2026-11-20T15:30:00+01:00
"$bin" --db "$db" demo --days 3650 >/dev/null
echo "diary: $(sqlite3 "$db" 'select count(*) from entries') entries, $(du -h "$db" | cut -f1)"

# mean wall time of a command in ms, over $runs runs (after one warm-up)
mean_ms() {
  "$@" >/dev/null 2>&1
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1; done
  end=$(date +%s%N)
  echo $(( (end - start) / runs / 1000000 ))
}
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

since=$(sqlite3 "$db" "select strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20T14:30:00', '-37 days')")
printf '%-22s %10s %12s %8s %12s\n' command dosediary_ms sqlite3_ms ratio peak_rss_kb
row() {
  local name=$1 q=$2; shift 2
  local a b
  a=$(mean_ms "$bin" --db "$db" "$@")
  b=$(mean_ms sqlite3 -csv "$db" "$q")
  local r; r=$(awk -v a="$a" -v b="$b" 'BEGIN { if (b < 1) b = 1; printf "%.1fx", a / b }')
  printf '%-22s %10s %12s %8s %12s\n' "$name" "$a" "$b" "$r" "$(peak_kb "$bin" --db "$db" "$@")"
}
row "today --json"       "select * from entries where taken_at_utc >= '$since' and deleted_at_utc is null order by taken_at_utc" today --json
row "flags --json"       "select * from entries where deleted_at_utc is null order by taken_at_utc" flags --json
row "export --format csv" "select * from entries where deleted_at_utc is null order by taken_at_utc" export --format csv
