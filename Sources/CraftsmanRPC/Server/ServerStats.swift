import CraftsmanProto
import Dispatch
import Synchronization

/// Counters of a running server, served by the stats service: connections, calls in flight, and
/// per method the calls, errors by code and latency percentiles over the last 4096 calls.
///
/// A server finds each method's counters once, when it starts (``slot(for:)``): a call then costs
/// one atomic increment, one atomic decrement and one uncontended lock of its method's counters,
/// with no lookup by name.
public final class ServerStats: Sendable {
    private static let window = 4096

    fileprivate struct MethodCounters {
        var calls: UInt64 = 0
        var errors: [UInt32: UInt64] = [:]
        var latencies = [UInt64](repeating: 0, count: ServerStats.window)
        var next = 0
        var max: UInt64 = 0
    }

    /// One method's counters.
    final class MethodSlot: Sendable {
        fileprivate let counters = Mutex(MethodCounters())

        /// Records a finished call.
        func record(status: UInt32, micros: UInt64) {
            counters.withLock { $0.record(status: status, micros: micros) }
        }
    }

    private struct State {
        var openConnections = 0
        var connectionsAccepted: UInt64 = 0
        var connectionsRefused: UInt64 = 0
        var methods: [String: MethodSlot] = [:]
        var rejected: [UInt32: UInt64] = [:]
    }

    private let state = Mutex(State())
    private let inFlight = Atomic<Int>(0)
    /// When the server started, in milliseconds since the Unix epoch.
    public let startedAtUnixMilliseconds: Int64

    public init(startedAtUnixMilliseconds: Int64 = 0) {
        self.startedAtUnixMilliseconds = startedAtUnixMilliseconds
    }

    /// The counters of `method`, created at the first request; servers sharing these stats share them.
    func slot(for method: MethodDescriptor) -> MethodSlot {
        state.withLock { state in
            if let slot = state.methods[method.fullName] { return slot }
            let slot = MethodSlot()
            state.methods[method.fullName] = slot
            return slot
        }
    }

    func callStarted() {
        inFlight.add(1, ordering: .relaxed)
    }

    func callEnded(_ slot: MethodSlot, status: StatusCode, nanoseconds: UInt64) {
        inFlight.subtract(1, ordering: .relaxed)
        slot.record(status: status.rawValue, micros: nanoseconds / 1000)
    }

    func callRejected(_ code: StatusCode) {
        state.withLock { $0.rejected[code.rawValue, default: 0] += 1 }
    }

    func connectionOpened() {
        state.withLock {
            $0.openConnections += 1
            $0.connectionsAccepted += 1
        }
    }

    func connectionRefused() {
        state.withLock { $0.connectionsRefused += 1 }
    }

    func connectionClosed() {
        state.withLock { $0.openConnections -= 1 }
    }

    /// Calls running now.
    public var callsInFlight: Int { inFlight.load(ordering: .relaxed) }

    /// Connections open now.
    public var openConnections: Int { state.withLock { $0.openConnections } }

    /// The counters as the stats service reports them: methods that have had calls, by name.
    public func snapshot() -> GetStatsResponse {
        let callsInFlight = callsInFlight
        return state.withLock { state in
            var response = GetStatsResponse(
                startedAtUnixMs: startedAtUnixMilliseconds,
                openConnections: UInt32(clamping: state.openConnections),
                connectionsAccepted: state.connectionsAccepted,
                connectionsRefused: state.connectionsRefused,
                callsInFlight: UInt32(clamping: callsInFlight)
            )
            for name in state.methods.keys.sorted() {
                let counters = state.methods[name]!.counters.withLock { $0 }
                guard counters.calls > 0 else { continue }
                let filled = counters.latencies.prefix(Int(min(counters.calls, UInt64(Self.window)))).sorted()
                func percentile(_ p: Double) -> UInt64 {
                    filled.isEmpty ? 0 : filled[min(filled.count - 1, Int(Double(filled.count) * p))]
                }
                response.methods.append(
                    MethodStats(
                        method: name,
                        calls: counters.calls,
                        errors: counters.errors.keys.sorted().map { CodeCount(code: $0, count: counters.errors[$0]!) },
                        p50Micros: percentile(0.5),
                        p99Micros: percentile(0.99),
                        p999Micros: percentile(0.999),
                        maxMicros: counters.max
                    )
                )
            }
            return response
        }
    }
}

extension ServerStats.MethodCounters {
    fileprivate mutating func record(status: UInt32, micros: UInt64) {
        calls += 1
        if status != 0 { errors[status, default: 0] += 1 }
        latencies[next] = micros
        next = (next + 1) % latencies.count
        if micros > max { max = micros }
    }
}
