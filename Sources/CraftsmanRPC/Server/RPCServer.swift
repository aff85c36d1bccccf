import CraftsmanProto
import Dispatch
import Logging
import Synchronization

/// A Craftsman RPC server, independent of how bytes arrive: transports (the socket server, or an
/// in-process pipe in tests) hand it connections with ``accept(_:)``.
///
/// ```swift
/// var router = Router()
/// BuiltinServices.register(in: &router, ...)
/// let server = RPCServer(router: router, configuration: .init())
/// let sockets = try SocketServer(server: server, endpoints: [.tcp(host: "127.0.0.1", port: 0)])
/// ```
public final class RPCServer: Sendable {
    /// The served methods.
    public let router: Router
    /// Limits and timings.
    public let configuration: ServerConfiguration
    /// Counters for the stats service.
    public let stats: ServerStats
    private let interceptors: [any ServerInterceptor]
    /// The stats' counters of every method, by ``MethodHandler/index``: found once, not per call.
    private let methodStats: [ServerStats.MethodSlot]
    /// Where connection events are logged.
    public let logger: Logger

    private struct State {
        var connections: [ObjectIdentifier: ServerConnection] = [:]
        var draining = false
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Creates a server.
    /// - Parameters:
    ///   - router: the methods to serve.
    ///   - interceptors: run around every call, in order (authentication first).
    ///   - configuration: limits and timings.
    ///   - logger: where connection events go.
    public init(
        router: Router,
        interceptors: [any ServerInterceptor] = [],
        configuration: ServerConfiguration = ServerConfiguration(),
        stats: ServerStats = ServerStats(),
        logger: Logger = Logger(label: "craftsman.rpc")
    ) {
        self.router = router
        self.configuration = configuration
        self.stats = stats
        self.interceptors = interceptors
        methodStats = router.registered.map { stats.slot(for: $0.descriptor) }
        self.logger = logger
    }

    /// Takes a new connection. The returned connection expects ``ServerConnection/receive(_:)``
    /// calls on `queue`; over the connection limit, or while shutting down, it refuses the peer
    /// with GOAWAY and closes.
    public func accept(_ transport: ConnectionTransport, queue: DispatchQueue) -> ServerConnection {
        let connection = ServerConnection(server: self, transport: transport, queue: queue, logger: logger)
        let refusal: RPCError? = state.withLock { state in
            if state.draining {
                return RPCError(.unavailable, "the server is shutting down")
            }
            guard state.connections.count < configuration.maxConnections else {
                return RPCError(
                    .resourceExhausted, "the server has its limit of \(configuration.maxConnections) connections open",
                    retryAfterMilliseconds: 1000)
            }
            state.connections[ObjectIdentifier(connection)] = connection
            return nil
        }
        if let refusal {
            stats.connectionRefused()
            connection.refuse(refusal)
        } else {
            stats.connectionOpened()
            connection.start()
        }
        return connection
    }

    /// Gracefully shuts down every connection: GOAWAY, let calls finish within the grace period,
    /// then close. Returns when all connections are closed. New connections are refused.
    public func shutdown() async {
        let connections: [ServerConnection] = state.withLock { state in
            state.draining = true
            return Array(state.connections.values)
        }
        for connection in connections {
            connection.beginDraining(grace: configuration.shutdownGracePeriod)
        }
        await withCheckedContinuation { continuation in
            let done: Bool = state.withLock { state in
                if state.connections.isEmpty { return true }
                state.drained.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    func connectionClosed(_ connection: ServerConnection) {
        let waiters: [CheckedContinuation<Void, Never>] = state.withLock { state in
            guard state.connections.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return [] }
            guard state.connections.isEmpty, state.draining else { return [] }
            defer { state.drained = [] }
            return state.drained
        }
        stats.connectionClosed()
        for waiter in waiters { waiter.resume() }
    }

    func callStarted(_ info: CallInfo) throws(RPCError) {
        stats.callStarted()
        for interceptor in interceptors {
            try interceptor.callStarted(info)
        }
    }

    /// - Parameters:
    ///   - handlerEnded: false when the call ended without its handler having returned
    ///     (cancelled, connection closed); interceptors see every end once either way.
    ///   - endedAt: now, when the caller has read the clock already.
    func callEnded(
        _ info: CallInfo, status: StatusCode, message: String, handlerEnded: Bool, at endedAt: DispatchTime = .now()
    ) {
        let elapsed = endedAt.uptimeNanoseconds &- info.startedAt.uptimeNanoseconds
        stats.callEnded(methodStats[info.methodIndex], status: status, nanoseconds: elapsed)
        guard !interceptors.isEmpty else { return }
        let duration = Duration.nanoseconds(Int64(clamping: elapsed))
        for interceptor in interceptors {
            interceptor.callEnded(info, status: status, message: message, duration: duration)
        }
    }

    func rejectedCall(_ code: StatusCode) {
        stats.callRejected(code)
    }
}
