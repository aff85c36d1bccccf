import Foundation

/// Calls slower than a threshold (`--slow-ms`), kept with when they started so that a stall can
/// be lined up with what the server did then (a snapshot, a flush): the percentiles say how long
/// the slowest calls took, not when.
struct SlowCalls {
    /// A call at or over the threshold: its start, in nanoseconds after the measurement began,
    /// and its latency in nanoseconds.
    struct Call {
        let startedAfter: UInt64
        let latency: UInt64
    }

    let thresholdNanoseconds: UInt64
    private(set) var calls: [Call] = []

    /// `thresholdMilliseconds`: nil keeps no call.
    init(thresholdMilliseconds: Double?) {
        thresholdNanoseconds = thresholdMilliseconds.map { UInt64($0 * 1_000_000) } ?? .max
    }

    mutating func note(startedAfter: UInt64, latency: UInt64) {
        if latency >= thresholdNanoseconds { calls.append(Call(startedAfter: startedAfter, latency: latency)) }
    }

    /// One JSON line per call, in start order, with its start as Unix time in milliseconds
    /// (`measuredFrom` is the Unix time, in seconds, at which the measurement began).
    static func report(_ calls: [Call], measuredFrom: Double) -> String {
        calls.sorted { $0.startedAfter < $1.startedAfter }.map { call in
            let started = measuredFrom * 1000 + Double(call.startedAfter) / 1e6
            return String(
                format: "{\"slow_call\":{\"started_unix_ms\":%.3f,\"latency_us\":%.1f}}", started, Double(call.latency) / 1000)
        }.joined(separator: "\n")
    }
}
