#!/usr/bin/env bash
# Echo benchmark: this server with its Swift client (craftload), a minimal C epoll echo server
# with a C client (the machine's physical limit), and grpc-swift-2 over HTTP/2, measured in the
# same run with a 256-byte payload at 1 and 64 calls in flight on one connection, each after a
# warm-up. Prints one JSON line per measurement and a table with the ratios the quality bar uses.
#
#   benchmarks/echo/run.sh                 # 2 s warm-up, 10 s per measurement
#   SECONDS_MEASURED=3 WARMUP=1 benchmarks/echo/run.sh
#   SKIP_GRPC=1 benchmarks/echo/run.sh     # without grpc-swift-2 (its first build takes ~10 min)
#   REPEAT=3 benchmarks/echo/run.sh        # three runs of every system, each run's ratios and their medians
#
# Everything runs on 127.0.0.1; every server is stopped on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
warmup=${WARMUP:-2}
seconds=${SECONDS_MEASURED:-10}
payload=${PAYLOAD:-256}
repeat=${REPEAT:-1}
results=$(mktemp)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -f "$results"
}
trap cleanup EXIT

log() { echo "echo-bench: $*" >&2; }

# start_server LOG COMMAND...: starts a server, waits for "listening on HOST:PORT", sets $port.
# Called directly (not in $(...)), so that the server's pid reaches the cleanup list.
start_server() {
    local log=$1
    shift
    "$@" >"$log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 100); do
        if port=$(grep -o 'listening on [^ ]*:[0-9]*' "$log" | head -1 | grep -o '[0-9]*$'); then
            return
        fi
        sleep 0.1
    done
    log "server did not start: $(cat "$log")"
    exit 1
}

log "building (release)"
(cd "$root" && scripts/install-deps --run >/dev/null && swift build -c release --product craftsmand >&2 && swift build -c release --product craftload >&2)
make -s -C "$root/benchmarks/c-reference" >&2
bin=$(cd "$root" && swift build -c release --show-bin-path)
if [ -z "${SKIP_GRPC:-}" ]; then
    log "building grpc-swift-2 (the first build takes about 10 minutes)"
    (cd "$root/benchmarks/grpc-swift" && swift build -c release >&2)
    grpc_bin=$(cd "$root/benchmarks/grpc-swift" && swift build -c release --show-bin-path)/grpc-echo-bench
fi

logs=$(mktemp -d)
start_server "$logs/c.log" "$root/benchmarks/c-reference/echo_server" --listen 127.0.0.1:0
c_port=$port
start_server "$logs/craftsmand.log" "$bin/craftsmand" --listen 127.0.0.1:0 --data-dir "$logs/data" --log-level warning
craftsmand_port=$port
if [ -z "${SKIP_GRPC:-}" ]; then
    start_server "$logs/grpc.log" "$grpc_bin" server --port 0
    grpc_port=$port
fi

# measure: runs a client and appends its JSON line, tagged with the run's number, to the results.
measure() { "$@" | sed "s/^{/{\"run\":$run,/" | tee -a "$results"; }

# Each run measures every system, so that a slow or fast phase of the machine falls on all of them.
for run in $(seq 1 "$repeat"); do
    log "run $run of $repeat: C epoll reference"
    for n in 1 64; do
        measure "$root/benchmarks/c-reference/echo_client" --connect "127.0.0.1:$c_port" --mode raw --inflight "$n" \
            --payload "$payload" --warmup "$warmup" --seconds "$seconds"
    done
    log "run $run of $repeat: craftsmand with craftload (Swift client: completion handlers, then async/await)"
    for api in callback async; do
        for n in 1 64; do
            measure "$bin/craftload" --connect "127.0.0.1:$craftsmand_port" --api "$api" --inflight "$n" --payload "$payload" \
                --warmup "$warmup" --seconds "$seconds"
        done
    done
    log "run $run of $repeat: craftsmand with the C client (server cost alone)"
    for n in 1 64; do
        measure "$root/benchmarks/c-reference/echo_client" --connect "127.0.0.1:$craftsmand_port" --mode craftsman \
            --inflight "$n" --payload "$payload" --warmup "$warmup" --seconds "$seconds"
    done
    if [ -z "${SKIP_GRPC:-}" ]; then
        log "run $run of $repeat: grpc-swift-2 over HTTP/2"
        for n in 1 64; do
            measure "$grpc_bin" client --port "$grpc_port" --inflight "$n" --payload "$payload" --warmup "$warmup" \
                --seconds "$seconds"
        done
    fi
done

/usr/bin/python3 "$here/table.py" "$results"
