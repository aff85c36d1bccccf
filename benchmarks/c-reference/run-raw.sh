#!/usr/bin/env bash
# Builds echo_server and echo_client, starts the server on 127.0.0.1 (a free port), runs the client
# in raw mode at 1 and at 64 calls in flight (2 s warm-up, 10 s measured by default), prints one
# JSON line per run on stdout and stops the server.
#
# usage: [PIN=same|split] benchmarks/c-reference/run-raw.sh [extra echo_client options,
#        e.g. --payload 1024 --seconds 5]
#
# PIN (needs taskset): unset = let the scheduler place the two processes (the default, as for the
# other systems); same = both on CPU 0; split = server on CPU 0, client on CPU 1. On a VM the
# placement matters a lot for a ping-pong load (see README.md), so say which one a number is.
set -euo pipefail
cd "$(dirname "$0")"

server_pin=() client_pin=()
case "${PIN:-}" in
    "") ;;
    same) server_pin=(taskset -c 0) client_pin=(taskset -c 0) ;;
    split) server_pin=(taskset -c 0) client_pin=(taskset -c 1) ;;
    *) echo "run-raw.sh: PIN must be same or split" >&2; exit 2 ;;
esac

make -s >&2

port_file=$(mktemp)
server=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
        kill -TERM "$server"
        wait "$server" || true
    fi
    rm -f "$port_file"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${server_pin[@]}" ./echo_server --listen 127.0.0.1:0 >"$port_file" &
server=$!

port=""
for _ in $(seq 100); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$port_file")
    [ -n "$port" ] && break
    kill -0 "$server" 2>/dev/null || { echo "run-raw.sh: echo_server exited" >&2; exit 1; }
    sleep 0.05
done
[ -n "$port" ] || { echo "run-raw.sh: echo_server did not report its port" >&2; exit 1; }
echo "echo_server on 127.0.0.1:$port (pid $server), placement: ${PIN:-scheduler}" >&2

for inflight in 1 64; do
    "${client_pin[@]}" ./echo_client --connect "127.0.0.1:$port" --mode raw --inflight "$inflight" "$@"
done
