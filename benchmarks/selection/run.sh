#!/usr/bin/env bash
# Selection load benchmark over the demo program, measured in one run on 127.0.0.1: a server
# loaded with `craftsmand demo-load` (40 schools, 3,000 teachers, 95 teams, round 2024 confirmed,
# round 2026 in evaluation), then, 64 calls in flight on one connection each for SECONDS_MEASURED
# after a warm-up: echo (256 bytes, the framework's own cost, the reference), GetNomination of a
# random nomination, CheckEligibility of a random teacher for a random tier (the eligibility
# engine on every call), and GetDashboard by round and school (a pass over every nomination).
#
#   benchmarks/selection/run.sh                    # 10 s per measurement
#   SECONDS_MEASURED=3 benchmarks/selection/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${SECONDS_MEASURED:-10}
warmup=${WARMUP:-2}
work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
log() { echo "selection-bench: $*" >&2; }
py=/usr/bin/python3

log "building (release)"
(cd "$root" && scripts/install-deps --all >/dev/null)
(cd "$root" && swift build -c release --product craftsmand >&2 && swift build -c release --product craftload >&2)
bin=$(cd "$root" && swift build -c release --show-bin-path)

log "loading the demo program"
"$bin/craftsmand" demo-load --data-dir "$work/data" >"$work/demo-load.txt"
grep -E 'teachers|round|time' "$work/demo-load.txt" >&2
"$bin/craftsmand" --listen 127.0.0.1:0 --data-dir "$work/data" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
    if port=$(grep -o 'listening on [^ ]*:[0-9]*' "$work/server.log" | head -1 | grep -o '[0-9]*$'); then break; fi
    sleep 0.05
done
[ -n "${port:-}" ] || { log "craftsmand did not start: $(cat "$work/server.log")"; exit 1; }

results="$work/results.jsonl"
for call in echo get-nomination check-eligibility dashboard; do
    log "$call: $seconds s at 64 in flight"
    "$bin/craftload" --connect "127.0.0.1:$port" --call "$call" --inflight 64 --payload 256 --warmup "$warmup" --seconds "$seconds" >>"$results"
done

$py - "$results" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
echo = rows[0]["calls_per_sec"]
print("| call (64 in flight) | calls/s | p50 µs | p99 µs | of echo |")
print("|---|---:|---:|---:|---:|")
for row in rows:
    print("| %s | %s | %s | %s | %.2f |" % (row["call"], f"{row['calls_per_sec']:,.0f}", row["p50_us"], row["p99_us"], row["calls_per_sec"] / echo))
PY
