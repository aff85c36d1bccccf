#!/usr/bin/python3
"""Prints the echo benchmark's JSON lines as a table per run, with the ratios of docs/PERFORMANCE.md,
and with several runs (REPEAT) the median of each ratio."""
import json
import statistics
import sys

all_rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
runs = sorted({row.get("run", 1) for row in all_rows})


def find(rows, system, mode, inflight, api=None):
    for row in rows:
        if row["system"] == system and row["mode"] == mode and row["inflight"] == inflight \
                and row.get("api", "async") == (api or row.get("api", "async")):
            return row
    return None


def print_table(rows):
    print(f"{'system':<16} {'client':<10} {'in flight':>9} {'calls/s':>12} {'p50 µs':>9} {'p99 µs':>9} {'p999 µs':>9}")
    for row in rows:
        client = {"raw": "C", "craftsman": "Swift" if row["system"] == "craftsman-swift" else "C",
                  "http2": "Swift"}[row["mode"]]
        if row["system"] == "craftsman-swift":
            client += " " + row.get("api", "async")
        system = {"c-epoll": "C epoll" if row["mode"] == "raw" else "craftsmand", "craftsman-swift": "craftsmand",
                  "grpc-swift-2": "grpc-swift-2"}[row["system"]]
        print(f"{system:<16} {client:<10} {row['inflight']:>9} {row['calls_per_sec']:>12,.0f} {row['p50_us']:>9.1f} "
              f"{row['p99_us']:>9.1f} {row['p999_us']:>9.1f}")


# The bars are judged with the client's completion-handler API ("callback", craftload's default);
# the async/await API's ratios are printed under them for comparison.
BARS = [
    ("64 in flight, craftsmand / C epoll calls/s:     ", "at least 0.25", "{:6.2f}"),
    ("64 in flight, craftsmand / grpc-swift-2 calls/s:", "at least 10", "{:6.1f}"),
    ("1 in flight, craftsmand / C epoll p50 latency:  ", "at most 2", "{:6.2f}"),
]


def ratios(rows, api):
    """The three ratios of one run for one client API; None where a system was not measured."""
    c64, c1 = find(rows, "c-epoll", "raw", 64), find(rows, "c-epoll", "raw", 1)
    grpc64 = find(rows, "grpc-swift-2", "http2", 64)
    ours64 = find(rows, "craftsman-swift", "craftsman", 64, api)
    ours1 = find(rows, "craftsman-swift", "craftsman", 1, api)
    return [
        ours64["calls_per_sec"] / c64["calls_per_sec"] if ours64 and c64 else None,
        ours64["calls_per_sec"] / grpc64["calls_per_sec"] if ours64 and grpc64 else None,
        ours1["p50_us"] / c1["p50_us"] if ours1 and c1 else None,
    ]


def print_ratios(values):
    for (label, bar, form), value in zip(BARS, values):
        if value is not None:
            print(f"{label} {form.format(value)}  (bar: {bar})")


per_api = {"callback": [], "async": []}
for run in runs:
    rows = [row for row in all_rows if row.get("run", 1) == run]
    if len(runs) > 1:
        print(f"\n== run {run} of {len(runs)}")
    print_table(rows)
    for api in per_api:
        values = ratios(rows, api)
        if all(value is None for value in values):
            continue
        per_api[api].append(values)
        print()
        print(f"Swift client, {api} API:")
        print_ratios(values)

if len(runs) > 1:
    for api, measured in per_api.items():
        if not measured:
            continue
        print()
        print(f"Median of {len(measured)} runs, Swift client, {api} API:")
        medians = []
        for index in range(len(BARS)):
            values = [run[index] for run in measured if run[index] is not None]
            medians.append(statistics.median(values) if values else None)
        print_ratios(medians)
