"""Combines craftload's JSON lines of one call's slices into one line: calls and seconds summed,
calls/s from the sums, each latency percentile the median of the slices' (a slice's percentiles
cannot be merged exactly without its samples; the throughput ratio is the bar)."""
import json
import statistics
import sys

slices = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
combined = dict(slices[0])
combined["calls"] = sum(s["calls"] for s in slices)
combined["seconds"] = sum(s["seconds"] for s in slices)
combined["calls_per_sec"] = combined["calls"] / combined["seconds"]
for key in ("p50_us", "p99_us", "p999_us"):
    combined[key] = statistics.median(s[key] for s in slices)
combined["max_us"] = max(s["max_us"] for s in slices)
combined["slices"] = len(slices)
print(json.dumps(combined))
