import CraftsmanProto
import Synchronization

/// The services every Craftsman server offers besides the application's (docs/PROTOCOL.md,
/// section 8): health, reflection, stats and echo.
public enum BuiltinServices {
    /// Registers the built-in services in `router`.
    ///
    /// - Parameters:
    ///   - router: where to register. Reflection lists what the router holds at this moment
    ///     (plus the built-in services), so call this after registering the application's services.
    ///   - health: the serving status the health service reports.
    ///   - stats: the counters the stats service reports.
    public static func register(in router: inout Router, health: HealthStatus, stats: ServerStats) {
        router.register(
            HealthService.Check.self,
            inline: { request, _ in
                HealthCheckResponse(status: health.status(of: request.service))
            })
        router.register(
            HealthService.Watch.self,
            serverStreaming: { request, context, writer in
                var last: ServingStatus?
                for await status in health.updates(of: request.service) {
                    if status != last {
                        try await writer.write(HealthCheckResponse(status: status))
                        last = status
                    }
                    if context.isCancelled { break }
                }
            })
        router.register(StatsService.GetStats.self, inline: { _, _ in stats.snapshot() })
        registerEcho(in: &router)
        let services =
            router.methods + [
                ReflectionService.ListServices.descriptor, ReflectionService.GetSchema.descriptor,
            ]
        let listing = ListServicesResponse(
            services: Dictionary(grouping: services, by: \.service).keys.sorted().map { name in
                ServiceInfo(
                    name: name,
                    methods: services.filter { $0.service == name }.map {
                        MethodInfo(
                            name: $0.name,
                            inputType: $0.inputType,
                            outputType: $0.outputType,
                            clientStreaming: $0.clientStreaming,
                            serverStreaming: $0.serverStreaming
                        )
                    }
                )
            }
        )
        router.register(ReflectionService.ListServices.self, inline: { _, _ in listing })
        let schema = GetSchemaResponse(fileDescriptorSet: EmbeddedSchema.fileDescriptorSet)
        router.register(ReflectionService.GetSchema.self, inline: { _, _ in schema })
    }

    static func registerEcho(in router: inout Router) {
        router.register(
            EchoService.Echo.self,
            adaptive: { request, _ in
                guard request.delayMs <= 60_000 else {
                    throw RPCError(
                        .invalidArgument, "delay_ms \(request.delayMs): at most 60000",
                        fieldViolations: [
                            FieldViolation(field: "delay_ms", value: "\(request.delayMs)", rule: "at most 60000")
                        ])
                }
                @Sendable func answer() throws -> EchoResponse {
                    if let failure = request.failWith, failure.code != 0 { throw RPCError(failure) }
                    return EchoResponse(payload: request.payload)
                }
                guard request.delayMs > 0 else { return .now(try answer()) }
                return .later {
                    try await Task.sleep(for: .milliseconds(Int(request.delayMs)))
                    return try answer()
                }
            })
        router.register(
            EchoService.Expand.self,
            serverStreaming: { request, _, writer in
                guard request.count <= 100_000 else {
                    throw RPCError(
                        .invalidArgument, "count \(request.count): at most 100000 responses",
                        fieldViolations: [
                            FieldViolation(field: "count", value: "\(request.count)", rule: "at most 100000")
                        ])
                }
                guard request.intervalMs <= 10_000 else {
                    throw RPCError(
                        .invalidArgument, "interval_ms \(request.intervalMs): at most 10000",
                        fieldViolations: [
                            FieldViolation(field: "interval_ms", value: "\(request.intervalMs)", rule: "at most 10000")
                        ])
                }
                for sequence in 0..<request.count {
                    if sequence > 0, request.intervalMs > 0 {
                        try await Task.sleep(for: .milliseconds(Int(request.intervalMs)))
                    }
                    try await writer.write(EchoResponse(payload: request.payload, sequence: sequence))
                }
            })
        router.register(
            EchoService.Collect.self,
            clientStreaming: { requests, _ in
                var payload: [UInt8] = []
                var count: UInt32 = 0
                for try await request in requests {
                    if let failure = request.failWith, failure.code != 0 { throw RPCError(failure) }
                    payload += request.payload
                    count += 1
                }
                return EchoResponse(payload: payload, sequence: count)
            })
    }
}

/// The serving status reported by the health service.
public final class HealthStatus: Sendable {
    private struct State {
        var overall: ServingStatus = .serving
        var services: [String: ServingStatus] = [:]
        var watchers: [Int: @Sendable () -> Void] = [:]
        var nextWatcher = 0
    }

    private let state = Mutex(State())

    /// Creates a status in which the server and `services` are serving.
    public init(services: [String] = []) {
        state.withLock { state in
            for service in services { state.services[service] = .serving }
        }
    }

    /// The status of `service`, or of the whole server for "".
    public func status(of service: String) -> ServingStatus {
        state.withLock { state in
            if service.isEmpty { return state.overall }
            guard let status = state.services[service] else { return .serviceUnknown }
            return state.overall == .serving ? status : .notServing
        }
    }

    /// Marks the whole server as serving or not (on shutdown).
    public func setOverall(_ status: ServingStatus) {
        let watchers = state.withLock { state in
            state.overall = status
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher() }
    }

    /// The status of `service` now and after every change, until the consumer stops.
    func updates(of service: String) -> AsyncStream<ServingStatus> {
        let (stream, continuation) = AsyncStream<ServingStatus>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            defer { state.nextWatcher += 1 }
            state.watchers[state.nextWatcher] = { [weak self] in
                if let self { continuation.yield(self.status(of: service)) }
            }
            return state.nextWatcher
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) }
        }
        continuation.yield(status(of: service))
        return stream
    }
}
