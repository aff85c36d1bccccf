#!/usr/bin/env bash
# Resident memory of craftsmand when idle and with N idle connections (default 1000) that have
# completed the handshake. Loopback only; the server is stopped on exit.
#   benchmarks/memory/idle-connections.sh [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
count=${1:-1000}
(cd "$root" && swift build -c release --product craftsmand >&2)
data=$(mktemp -d)
log="$data/craftsmand.log"
: >"$log"  # exists before the server starts, for the wait loop below
"$(cd "$root" && swift build -c release --show-bin-path)/craftsmand" --listen 127.0.0.1:0 --data-dir "$data/data" \
    --max-connections $((count + 10)) --log-level warning >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$')
ulimit -n $((count + 100)) 2>/dev/null || true
/usr/bin/python3 - "$port" "$pid" "$count" <<'PY'
import socket, struct, sys, time
port, pid, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
def rss_kib():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1])
time.sleep(0.5)
idle = rss_kib()
opening = bytes.fromhex("8943524146540d0a0100") + struct.pack(">IIBB", 0, 0, 1, 0)  # preface + SETTINGS
sockets = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(opening)
    sockets.append(s)
time.sleep(1.5)
loaded = rss_kib()
print(f"idle RSS: {idle / 1024:.1f} MiB (bar: under 30 MiB)")
print(f"with {count} idle connections: {loaded / 1024:.1f} MiB, +{(loaded - idle) / 1024:.1f} MiB, "
      f"{(loaded - idle) / count:.1f} KiB each (bar: {count} add under 20 MiB)")
PY
