#!/usr/bin/python3
"""Prints the echo benchmark's JSON lines as a table, with the ratios of docs/PERFORMANCE.md."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]


def find(system, mode, inflight, api=None):
    for row in rows:
        if row["system"] == system and row["mode"] == mode and row["inflight"] == inflight \
                and row.get("api", "async") == (api or row.get("api", "async")):
            return row
    return None


print(f"{'system':<16} {'client':<10} {'in flight':>9} {'calls/s':>12} {'p50 µs':>9} {'p99 µs':>9} {'p999 µs':>9}")
for row in rows:
    client = {"raw": "C", "craftsman": "Swift" if row["system"] == "craftsman-swift" else "C", "http2": "Swift"}[row["mode"]]
    if row["system"] == "craftsman-swift":
        client += " " + row.get("api", "async")
    system = {"c-epoll": "C epoll" if row["mode"] == "raw" else "craftsmand", "craftsman-swift": "craftsmand",
              "grpc-swift-2": "grpc-swift-2"}[row["system"]]
    print(f"{system:<16} {client:<10} {row['inflight']:>9} {row['calls_per_sec']:>12,.0f} {row['p50_us']:>9.1f} "
          f"{row['p99_us']:>9.1f} {row['p999_us']:>9.1f}")

c64, c1 = find("c-epoll", "raw", 64), find("c-epoll", "raw", 1)
grpc64 = find("grpc-swift-2", "http2", 64)
# The bars are judged with the client's completion-handler API ("callback", craftload's default);
# the async/await API's ratios are printed under them for comparison.
for api in ("callback", "async"):
    ours64, ours1 = find("craftsman-swift", "craftsman", 64, api), find("craftsman-swift", "craftsman", 1, api)
    if not (ours64 or ours1):
        continue
    print()
    print(f"Swift client, {api} API:")
    if ours64 and c64:
        ratio = ours64["calls_per_sec"] / c64["calls_per_sec"]
        print(f"64 in flight, craftsmand / C epoll calls/s:      {ratio:6.2f}  (bar: at least 0.25)")
    if ours64 and grpc64:
        ratio = ours64["calls_per_sec"] / grpc64["calls_per_sec"]
        print(f"64 in flight, craftsmand / grpc-swift-2 calls/s: {ratio:6.1f}  (bar: at least 10)")
    if ours1 and c1:
        ratio = ours1["p50_us"] / c1["p50_us"]
        print(f"1 in flight, craftsmand / C epoll p50 latency:   {ratio:6.2f}  (bar: at most 2)")
