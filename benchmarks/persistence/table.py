"""Prints the persistence benchmark's table and its ratios against the bars of quality.md."""
import csv
import io
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
# Runs repeated with REPEAT pair up in order: the i-th craftsmand figure with the i-th reference.
all_writes = [r for r in rows if r.get("call") == "create-teacher"]
all_redis = [next(csv.DictReader(io.StringIO('"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms",'
                                             '"p99_latency_ms","max_latency_ms"\n' + r["csv"])))
             for r in rows if r.get("system") == "redis"]
all_reads = [r for r in rows if r.get("call") == "get-teacher"]
all_echo = [r for r in rows if r.get("call") == "echo"]
start = next((r for r in rows if r.get("measure") == "start"), None)
all_snaps = [r for r in rows if r.get("measure") == "snapshot"]
read_memory = next((r for r in rows if r.get("measure") == "read-memory"), None)


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def ms(us):
    return "%.1f" % (float(us) / 1000)


print()
print("| measure | craftsmand | reference | ratio | bar |")
print("|---|---:|---:|---:|---|")
write_ratios = []
for writes, redis in zip(all_writes, all_redis):
    write_ratio = float(writes["calls_per_sec"]) / float(redis["rps"])
    write_ratios.append(write_ratio)
    print("| durable writes, 64 in flight on %s connection%s, calls/s (p50 / p99 ms) | %s (%s / %s) | Redis SET %s (%s / %s) | %.2f× | ≥ 1× Redis: %s |" % (
        writes.get("connections", 1), "" if writes.get("connections", 1) == 1 else "s",
        "{:,.0f}".format(float(writes["calls_per_sec"])), ms(writes["p50_us"]), ms(writes["p99_us"]),
        "{:,.0f}".format(float(redis["rps"])), redis["p50_latency_ms"], redis["p99_latency_ms"], write_ratio,
        "met" if write_ratio >= 1 else "NOT met"))
if len(write_ratios) > 1:
    print("| durable writes: median of %d runs | | | %.2f× | |" % (len(write_ratios), median(write_ratios)))
if all_snaps:
    teachers = start["teachers"]
    idle = next(r for r in rows if r.get("measure") == "idle-snapshot")["snapshot"]
    snapshot_ms = idle["duration_ms"]
    print("| snapshot of %s teachers (%s MB) on the idle server, ms | %d | | | < 1000: %s |" % (
        "{:,}".format(teachers), "%.1f" % (idle["bytes"] / 1e6), snapshot_ms, "met" if snapshot_ms < 1000 else "NOT met"))
    pauses = []
    for snap in all_snaps:
        print("| the same under the read and write load below, ms | %d | | | (calls go first) |" % (
            snap["snapshot"]["duration_ms"]))
        # The pause a snapshot causes: per kind of call, how much longer the longest call was while the
        # snapshot was written than in the same load without one.
        extra = {kind: (float(snap["snap_" + kind]["max_us"]) - float(snap["base_" + kind]["max_us"])) / 1000 for kind in ("read", "write")}
        worst = max(extra.values())
        pauses.append(worst)
        print("| longest call while the snapshot is written (reads / writes), ms | %s / %s | without: %s / %s | +%.1f / +%.1f | pause < 10 ms: %s |" % (
            ms(snap["snap_read"]["max_us"]), ms(snap["snap_write"]["max_us"]), ms(snap["base_read"]["max_us"]),
            ms(snap["base_write"]["max_us"]), extra["read"], extra["write"], "met" if worst < 10 else "NOT met"))
    if len(pauses) > 1:
        print("| snapshot pause (the worse of reads and writes): median of %d runs, ms | | | +%.1f | pause < 10 ms: %s |" % (
            len(pauses), median(pauses), "met" if median(pauses) < 10 else "NOT met"))
if start is not None:
    teachers = start["teachers"]
    print("| load at start (snapshot of %s teachers), ms | %d (ready to serve: %d) | | | < 1000: %s |" % (
        "{:,}".format(teachers), start["recovery_ms"], start["ready_ms"], "met" if start["recovery_ms"] < 1000 else "NOT met"))
    per_teacher = (start["loaded_rss_kib"] - start["empty_rss_kib"]) / teachers * 1024
    print("| resident memory per stored teacher, bytes (RSS %d → %d KiB) | %.0f | | | < 2048: %s |" % (
        start["empty_rss_kib"], start["loaded_rss_kib"], per_teacher, "met" if per_teacher < 2048 else "NOT met"))
if read_memory is not None:
    per_teacher = (read_memory["read_rss_kib"] - read_memory["empty_rss_kib"]) / read_memory["teachers"] * 1024
    print("| the same after every teacher was read once (RSS %d → %d KiB) | %.0f | | | < 2048: %s |" % (
        read_memory["empty_rss_kib"], read_memory["read_rss_kib"], per_teacher, "met" if per_teacher < 2048 else "NOT met"))
# Reads and echo are measured in pairs with each client API; the bar is judged on the first API
# of the run (READ_APIS, `encoded` by default), the others are shown for reference.
read_ratios = {}
bar_api = all_reads[0].get("api", "callback") if all_reads else None
for reads, echo in zip(all_reads, all_echo):
    api = reads.get("api", "callback")
    read_ratio = float(reads["calls_per_sec"]) / float(echo["calls_per_sec"])
    read_ratios.setdefault(api, []).append(read_ratio)
    verdict = ("≥ 0.8 of echo: " + ("met" if read_ratio >= 0.8 else "NOT met")) if api == bar_api else "(for reference)"
    print("| reads: GetTeacher, 64 in flight, --api %s, calls/s (p50 / p99 ms) | %s (%s / %s) | echo %s (%s / %s) | %.2f | %s |" % (
        api, "{:,.0f}".format(float(reads["calls_per_sec"])), ms(reads["p50_us"]), ms(reads["p99_us"]),
        "{:,.0f}".format(float(echo["calls_per_sec"])), ms(echo["p50_us"]), ms(echo["p99_us"]), read_ratio, verdict))
for api, ratios in read_ratios.items():
    if len(ratios) > 1:
        verdict = ("≥ 0.8 of echo: " + ("met" if median(ratios) >= 0.8 else "NOT met")) if api == bar_api else "(for reference)"
        print("| reads, --api %s: median of %d runs | | | %.2f | %s |" % (api, len(ratios), median(ratios), verdict))
