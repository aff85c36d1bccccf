import CraftsmanProto
import Dispatch
import Synchronization

/// Counters of a running server, served by the stats service: connections, calls in flight, and
/// per method the calls, errors by code and latency percentiles over the last 4096 calls.
public final class ServerStats: ServerInterceptor, Sendable {
    private static let window = 4096

    fileprivate struct MethodCounters {
        var calls: UInt64 = 0
        var errors: [UInt32: UInt64] = [:]
        var latencies = [UInt64](repeating: 0, count: ServerStats.window)
        var next = 0
        var max: UInt64 = 0
    }

    private struct State {
        var openConnections = 0
        var connectionsAccepted: UInt64 = 0
        var connectionsRefused: UInt64 = 0
        var callsInFlight = 0
        var methods: [String: MethodCounters] = [:]
        var rejected: [UInt32: UInt64] = [:]
    }

    private let state = Mutex(State())
    /// When the server started, in milliseconds since the Unix epoch.
    public let startedAtUnixMilliseconds: Int64

    public init(startedAtUnixMilliseconds: Int64 = 0) {
        self.startedAtUnixMilliseconds = startedAtUnixMilliseconds
    }

    public func callStarted(_ call: CallInfo) throws(RPCError) {
        state.withLock { $0.callsInFlight += 1 }
    }

    public func callEnded(_ call: CallInfo, status: StatusCode, message: String, duration: Duration) {
        let micros = UInt64(
            clamping: duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000)
        state.withLock { state in
            state.callsInFlight -= 1
            state.methods[call.method.fullName, default: MethodCounters()].record(status: status.rawValue, micros: micros)
        }
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
    public var callsInFlight: Int { state.withLock { $0.callsInFlight } }

    /// Connections open now.
    public var openConnections: Int { state.withLock { $0.openConnections } }

    /// The counters as the stats service reports them.
    public func snapshot() -> GetStatsResponse {
        state.withLock { state in
            var response = GetStatsResponse(
                startedAtUnixMs: startedAtUnixMilliseconds,
                openConnections: UInt32(clamping: state.openConnections),
                connectionsAccepted: state.connectionsAccepted,
                connectionsRefused: state.connectionsRefused,
                callsInFlight: UInt32(clamping: state.callsInFlight)
            )
            for name in state.methods.keys.sorted() {
                let counters = state.methods[name]!
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
