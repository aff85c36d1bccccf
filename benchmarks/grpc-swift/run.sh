#!/usr/bin/env bash
# Builds grpc-echo-bench in release, starts the gRPC echo server as its own process on a free
# loopback port, runs the client at inflight 1 and 64 (2 s warm-up, 10 s measured) and prints
# one JSON line per run on stdout. Build output and server logs go to stderr.
#
# Environment overrides: WARMUP (s), SECONDS_MEASURED (s), PAYLOAD (bytes), INFLIGHTS ("1 64"),
# SKIP_BUILD=1 to reuse an existing release build.
set -euo pipefail

cd "$(dirname "$0")"

WARMUP="${WARMUP:-2}"
SECONDS_MEASURED="${SECONDS_MEASURED:-10}"
PAYLOAD="${PAYLOAD:-256}"
INFLIGHTS="${INFLIGHTS:-1 64}"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  # The first release build compiles SwiftNIO, NIO-HTTP2, NIO-SSL, swift-certificates and gRPC:
  # roughly 10 minutes on a 2-core machine. Later builds take seconds.
  swift build -c release --product grpc-echo-bench >&2
fi
BIN="$(swift build -c release --show-bin-path)/grpc-echo-bench"

SERVER_OUT="$(mktemp)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -f "$SERVER_OUT"
}
trap cleanup EXIT INT TERM

"$BIN" server --port 0 >"$SERVER_OUT" &
SERVER_PID=$!

PORT=""
for _ in $(seq 1 100); do
  PORT="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$SERVER_OUT")"
  [[ -n "$PORT" ]] && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "server exited before listening" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$PORT" ]]; then
  echo "server did not report its port within 10 s" >&2
  exit 1
fi
echo "grpc-swift-2 server (pid $SERVER_PID) listening on 127.0.0.1:$PORT" >&2

for N in $INFLIGHTS; do
  "$BIN" client --port "$PORT" --inflight "$N" --payload "$PAYLOAD" \
    --warmup "$WARMUP" --seconds "$SECONDS_MEASURED"
done
