"""Prints the persistence benchmark's table and its ratios against the bars of quality.md."""
import csv
import io
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
writes = next(r for r in rows if r.get("call") == "create-teacher")
redis_csv = next(r for r in rows if r.get("system") == "redis")["csv"]
redis = next(csv.DictReader(io.StringIO('"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms",'
                                        '"p99_latency_ms","max_latency_ms"\n' + redis_csv)))
start = next(r for r in rows if r.get("measure") == "start")
snap = next(r for r in rows if r.get("measure") == "snapshot")
reads = next(r for r in rows if r.get("call") == "get-teacher")
echo = next(r for r in rows if r.get("call") == "echo")


def ms(us):
    return "%.1f" % (float(us) / 1000)


print()
print("| measure | craftsmand | reference | ratio | bar |")
print("|---|---:|---:|---:|---|")
write_ratio = float(writes["calls_per_sec"]) / float(redis["rps"])
print("| durable writes, 64 in flight, calls/s (p50 / p99 ms) | %s (%s / %s) | Redis SET %s (%s / %s) | %.2f× | ≥ 1× Redis: %s |" % (
    "{:,.0f}".format(float(writes["calls_per_sec"])), ms(writes["p50_us"]), ms(writes["p99_us"]),
    "{:,.0f}".format(float(redis["rps"])), redis["p50_latency_ms"], redis["p99_latency_ms"], write_ratio,
    "met" if write_ratio >= 1 else "NOT met"))
teachers = start["teachers"]
idle = next(r for r in rows if r.get("measure") == "idle-snapshot")["snapshot"]
snapshot_ms = idle["duration_ms"]
print("| snapshot of %s teachers (%s MB) on the idle server, ms | %d | | | < 1000: %s |" % (
    "{:,}".format(teachers), "%.1f" % (idle["bytes"] / 1e6), snapshot_ms, "met" if snapshot_ms < 1000 else "NOT met"))
print("| the same under the read and write load below, ms | %d | | | (calls go first) |" % (
    snap["snapshot"]["duration_ms"]))
# The pause a snapshot causes: per kind of call, how much longer the longest call was while the
# snapshot was written than in the same load without one.
extra = {kind: (float(snap["snap_" + kind]["max_us"]) - float(snap["base_" + kind]["max_us"])) / 1000 for kind in ("read", "write")}
worst = max(extra.values())
print("| longest call while the snapshot is written (reads / writes), ms | %s / %s | without: %s / %s | +%.1f / +%.1f | pause < 10 ms: %s |" % (
    ms(snap["snap_read"]["max_us"]), ms(snap["snap_write"]["max_us"]), ms(snap["base_read"]["max_us"]),
    ms(snap["base_write"]["max_us"]), extra["read"], extra["write"], "met" if worst < 10 else "NOT met"))
print("| load at start (snapshot of %s teachers), ms | %d (ready to serve: %d) | | | < 1000: %s |" % (
    "{:,}".format(teachers), start["recovery_ms"], start["ready_ms"], "met" if start["recovery_ms"] < 1000 else "NOT met"))
per_teacher = (start["loaded_rss_kib"] - start["empty_rss_kib"]) / teachers * 1024
print("| resident memory per stored teacher, bytes (RSS %d → %d KiB) | %.0f | | | < 2048: %s |" % (
    start["empty_rss_kib"], start["loaded_rss_kib"], per_teacher, "met" if per_teacher < 2048 else "NOT met"))
read_ratio = float(reads["calls_per_sec"]) / float(echo["calls_per_sec"])
print("| reads: GetTeacher, 64 in flight, calls/s (p50 / p99 ms) | %s (%s / %s) | echo %s (%s / %s) | %.2f | ≥ 0.8 of echo: %s |" % (
    "{:,.0f}".format(float(reads["calls_per_sec"])), ms(reads["p50_us"]), ms(reads["p99_us"]),
    "{:,.0f}".format(float(echo["calls_per_sec"])), ms(echo["p50_us"]), ms(echo["p99_us"]), read_ratio,
    "met" if read_ratio >= 0.8 else "NOT met"))
