import CraftsmanProto

/// The methods a server serves, registered with their typed implementations.
///
/// ```swift
/// var router = Router()
/// router.register(EchoService.Echo.self, inline: { request, _ in EchoResponse(payload: request.payload) })
/// ```
public struct Router: Sendable {
    /// Handlers by service, then method: looked up per call without building a "service/method" string.
    private(set) var handlers: [String: [String: MethodHandler]] = [:]
    /// Every handler, by ``MethodHandler/index``.
    private(set) var registered: [MethodHandler] = []

    public init() {}

    /// Every registered method.
    public var methods: [MethodDescriptor] {
        handlers.values.flatMap(\.values).map(\.descriptor).sorted { $0.fullName < $1.fullName }
    }

    /// The handler for `service/method`, if registered.
    public func handler(service: String, method: String) -> MethodHandler? {
        handlers[service]?[method]
    }

    /// Registers a unary method that runs on the connection's queue: it must not block or wait.
    public mutating func register<M: ProtoMethod>(
        _ method: M.Type,
        inline body: @escaping @Sendable (M.Input, ServerContext) throws -> M.Output
    ) {
        add(
            M.descriptor, expecting: (false, false),
            .unary { bytes, context in
                .response(try Self.encode(try body(try Self.decode(M.Input.self, bytes), context)))
            })
    }

    /// Registers a unary method that runs on the connection's queue, like
    /// ``register(_:inline:)``, and answers with a response it keeps encoded (a cached reply):
    /// its bytes are sent as they are.
    public mutating func register<M: ProtoMethod>(
        _ method: M.Type,
        inlineEncoded body: @escaping @Sendable (M.Input, ServerContext) throws -> EncodedMessage<M.Output>
    ) {
        add(
            M.descriptor, expecting: (false, false),
            .unary { bytes, context in
                .response(try body(try Self.decode(M.Input.self, bytes), context).bytes)
            })
    }

    /// Registers a unary method that answers on the connection's queue when it can (``Reply/now``)
    /// and hands the work to a task when it must wait (``Reply/later``).
    public mutating func register<M: ProtoMethod>(
        _ method: M.Type,
        adaptive body: @escaping @Sendable (M.Input, ServerContext) throws -> Reply<M.Output>
    ) {
        add(
            M.descriptor, expecting: (false, false),
            .unary { bytes, context in
                switch try body(try Self.decode(M.Input.self, bytes), context) {
                case .now(let output):
                    return .response(try Self.encode(output))
                case .later(let work):
                    return .deferred { try Self.encode(try await work()) }
                }
            })
    }

    /// Registers a unary method that starts on the connection's queue, like
    /// ``register(_:inline:)``, and answers later through its ``Responder``, from any thread:
    /// for work that ends in a callback (a durable write, acknowledged when the journal's shared
    /// flush completes), so that a call costs no task and no thread switch of its own.
    public mutating func register<M: ProtoMethod>(
        _ method: M.Type,
        completing body: @escaping @Sendable (M.Input, ServerContext, Responder<M.Output>) throws -> Void
    ) {
        add(
            M.descriptor, expecting: (false, false),
            .unaryCompleting { bytes, context, deliver in
                try body(try Self.decode(M.Input.self, bytes), context, Responder(deliver: deliver))
            })
    }

    /// Registers a unary method that runs in a task.
    public mutating func register<M: ProtoMethod>(
        _ method: M.Type,
        unary body: @escaping @Sendable (M.Input, ServerContext) async throws -> M.Output
    ) {
        add(
            M.descriptor, expecting: (false, false),
            .unary { bytes, context in
                let request = try Self.decode(M.Input.self, bytes)
                return .deferred { try Self.encode(try await body(request, context)) }
            })
    }

    /// Registers a server-streaming method.
    public mutating func register<M: ProtoMethod>(
        _ method: M.Type,
        serverStreaming body: @escaping @Sendable (M.Input, ServerContext, ResponseWriter<M.Output>) async throws -> Void
    ) {
        add(
            M.descriptor, expecting: (false, true),
            .serverStreaming { bytes, context, writer in
                try await body(try Self.decode(M.Input.self, bytes), context, ResponseWriter(raw: writer))
            })
    }

    /// Registers a client-streaming method.
    public mutating func register<M: ProtoMethod>(
        _ method: M.Type,
        clientStreaming body: @escaping @Sendable (RequestStream<M.Input>, ServerContext) async throws -> M.Output
    ) {
        add(
            M.descriptor, expecting: (true, false),
            .clientStreaming { stream, context in
                try Self.encode(try await body(RequestStream(raw: stream), context))
            })
    }

    private mutating func add(_ descriptor: MethodDescriptor, expecting shape: (Bool, Bool), _ body: MethodHandler.Body) {
        precondition(
            descriptor.clientStreaming == shape.0 && descriptor.serverStreaming == shape.1,
            "\(descriptor) is registered with the wrong shape of handler"
        )
        precondition(handlers[descriptor.service]?[descriptor.name] == nil, "\(descriptor) is registered twice")
        let handler = MethodHandler(descriptor: descriptor, body: body, index: registered.count)
        handlers[descriptor.service, default: [:]][descriptor.name] = handler
        registered.append(handler)
    }

    static func decode<T: ProtoMessage>(_ type: T.Type, _ bytes: [UInt8]) throws(RPCError) -> T {
        do {
            return try T(serializedBytes: bytes)
        } catch {
            throw RPCError.invalidRequest(error, type: T.protoMessageName)
        }
    }

    static func decode<T: ProtoMessage>(_ type: T.Type, _ bytes: UnsafeRawBufferPointer) throws(RPCError) -> T {
        do {
            return try T(serializedBytes: bytes, limits: .default)
        } catch {
            throw RPCError.invalidRequest(error, type: T.protoMessageName)
        }
    }

    static func encode<T: ProtoMessage>(_ message: T) throws(RPCError) -> [UInt8] {
        do {
            return try message.serializedBytes()
        } catch {
            throw RPCError(.internal, "the response could not be encoded: \(error.message)", cause: error)
        }
    }
}
