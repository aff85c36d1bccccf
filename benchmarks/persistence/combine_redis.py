"""Combines the redis-benchmark CSV lines of one run's slices ("SET", rps, avg, min, p50, p95, p99,
max latencies in ms, and the requests the slice was given, which run.sh appends) into one JSON
line in the shape table.py reads: requests per second as the summed requests over the summed
times (a slice's time is its requests over its rate), each latency the median of the slices'
(the maximum for max)."""
import csv
import json
import statistics
import sys

slices = [row for row in csv.reader(open(sys.argv[1])) if row and row[0] == "SET"]
if not slices:
    sys.exit("combine_redis.py: no SET line in " + sys.argv[1])
requests = [int(row[8]) for row in slices]
rates = [float(row[1]) for row in slices]
seconds = sum(count / rate for count, rate in zip(requests, rates))
combined = ["SET", "%.2f" % (sum(requests) / seconds)]
for column in range(2, 7):
    combined.append("%.3f" % statistics.median(float(row[column]) for row in slices))
combined.append("%.3f" % max(float(row[7]) for row in slices))
line = ",".join('"%s"' % value for value in combined)
print(json.dumps({"system": "redis", "call": "SET", "slices": len(slices), "requests": sum(requests),
                  "seconds": round(seconds, 3), "slice_rates": rates, "csv": line}))
