import CraftsmanProto
import CraftsmanRPC
import Dispatch
import Synchronization

/// Where a server listens; the same type the server uses.
public typealias ClientEndpoint = Endpoint

/// Settings of an ``RPCClient``.
public struct ClientConfiguration: Sendable {
    /// Time allowed to establish a connection. Default 5 s.
    public var connectTimeout: Duration = .seconds(5)
    /// Deadline applied to calls that set none. Default: none.
    public var defaultTimeout: Duration?
    /// The first wait after a failed connection attempt; doubles up to ``maxBackoff``. Default 100 ms.
    public var initialBackoff: Duration = .milliseconds(100)
    /// The longest wait between connection attempts. Default 5 s.
    public var maxBackoff: Duration = .seconds(5)
    /// The largest frame accepted from the server. Default 4 MiB.
    public var maxFrameSize = ProtocolConstants.defaultMaxFrameSize
    /// How many stream messages the server may send on a call before waiting for this client to
    /// read them. Default 64.
    public var initialCallWindow = ProtocolConstants.defaultInitialCallWindow
    /// Announced to the server in SETTINGS.
    public var agent = "craftsman-swift-client/0.1"

    /// The documented defaults.
    public init() {}
}

/// Per-call options.
public struct CallOptions: Sendable {
    /// The call's deadline, measured from when it starts; nil for the client's default.
    public var timeout: Duration?
    /// Request metadata (for example `authorization: Bearer …`).
    public var metadata: Metadata

    public init(timeout: Duration? = nil, metadata: Metadata = Metadata()) {
        self.timeout = timeout
        self.metadata = metadata
    }
}

/// A client of a Craftsman server: async/await calls multiplexed over one connection, which is
/// re-established with exponential backoff when it breaks.
///
/// ```swift
/// let client = RPCClient(endpoint: .tcp(host: "127.0.0.1", port: 7433))
/// let reply = try await client.unary(EchoService.Echo.self, EchoRequest(payload: [1, 2, 3]))
/// ```
///
/// Errors are ``RPCError`` values with the server's status code and message. Cancelling the
/// calling task cancels the call on the server.
public final class RPCClient: Sendable {
    /// The server.
    public let endpoint: ClientEndpoint
    /// Settings.
    public let configuration: ClientConfiguration

    private struct State {
        var connection: ClientConnection?
        var failures = 0
        var nextAttempt: ContinuousClock.Instant?
        var lastError: RPCError?
        var closed = false
        var connecting: Task<ClientConnection, any Error>?
    }

    private let state = Mutex(State())
    private let loop = ClientEventLoop()

    /// The client's I/O thread as a task executor. Tasks that prefer it —
    /// `withTaskExecutorPreference(client.executor) { … }` — run their calls without a thread hop
    /// per call, which is what a load generator or a busy integration wants.
    public var executor: any TaskExecutor { loop }

    /// A client of the server at `endpoint`; it connects at the first call.
    public init(endpoint: ClientEndpoint, configuration: ClientConfiguration = ClientConfiguration()) {
        self.endpoint = endpoint
        self.configuration = configuration
    }

    deinit {
        state.withLock { $0.connection }?.close()
        loop.stop()
    }

    /// Closes the connection; calls in flight fail with UNAVAILABLE, later calls too.
    public func close() {
        let connection = state.withLock { state in
            state.closed = true
            defer { state.connection = nil }
            return state.connection
        }
        connection?.close()
    }

    /// A unary call.
    ///
    /// It runs on the caller's executor (`nonisolated(nonsending)`), which saves a task switch
    /// per call: with `withTaskExecutorPreference(client.executor)`, on the client's I/O thread.
    /// Inlinable, so that it is specialised for the caller's method: generic, every call looked up
    /// the metadata of its message types.
    /// - Throws: ``RPCError`` with the server's status, or UNAVAILABLE / DEADLINE_EXCEEDED /
    ///   CANCELLED from this side.
    @inlinable
    nonisolated(nonsending) public func unary<M: ProtoMethod>(
        _ method: M.Type, _ request: M.Input, options: CallOptions = CallOptions()
    ) async throws -> M.Output {
        let bytes = try encode(request)
        let connection = try await connection()
        let response = try await connection.unary(method: M.descriptor, request: bytes, options: options)
        return try decode(M.Output.self, response)
    }

    /// Starts a unary call and returns at once; `completion` runs exactly once, on the client's
    /// I/O thread, with the response or the error — never inside this method.
    ///
    /// The async ``unary(_:_:options:)`` is the usual way to call. This one is for callers that
    /// keep many calls going without a task each (a load generator, a bridge to callback-based
    /// code): no task, continuation or cancellation record per call. `completion` must not
    /// block, since the client's frames wait while it runs; it may start the next call.
    /// ``ClientCall/cancel()`` cancels the call, as cancelling the task of an async call does.
    @inlinable
    @discardableResult
    public func start<M: ProtoMethod>(
        _ method: M.Type, _ request: M.Input, options: CallOptions = CallOptions(),
        completion: @escaping @Sendable (Result<M.Output, RPCError>) -> Void
    ) -> ClientCall {
        let bytes: [UInt8]
        do {
            bytes = try encode(request)
        } catch {
            deliver(error, to: completion)
            return ClientCall(.ended)
        }
        return start(method: M.descriptor, request: bytes, options: options) { [self] result in
            switch result {
            case .success(let bytes):
                let output: Result<M.Output, RPCError>
                do throws(RPCError) {
                    output = .success(try decode(M.Output.self, bytes))
                } catch {
                    output = .failure(error)
                }
                completion(output)
            case .failure(let error):
                completion(.failure(error))
            }
        }
    }

    /// Starts a unary call whose request was encoded beforehand, and hands `completion` the
    /// response's bytes undecoded (still checked to be a whole frame with an OK status): for
    /// callers that send the same requests many times or need only the status, such as a load
    /// generator, as gRPC's generic calls do. `completion` runs as for
    /// ``start(_:_:options:completion:)``.
    @discardableResult
    public func start<M: ProtoMethod>(
        _ method: M.Type, encoded request: EncodedMessage<M.Input>, options: CallOptions = CallOptions(),
        completion: @escaping @Sendable (Result<[UInt8], RPCError>) -> Void
    ) -> ClientCall {
        start(method: M.descriptor, request: request.bytes, options: options, completion: completion)
    }

    @usableFromInline
    func deliver<Output>(_ error: RPCError, to completion: @escaping @Sendable (Result<Output, RPCError>) -> Void) {
        loop.execute { completion(.failure(error)) }
    }

    /// Starts a call on the current connection, or on the next one once it is made.
    @usableFromInline
    func start(
        method: MethodDescriptor, request: [UInt8], options: CallOptions,
        completion: @escaping @Sendable (Result<[UInt8], RPCError>) -> Void
    ) -> ClientCall {
        let ready = state.withLock { state in
            state.closed ? nil : state.connection.flatMap { $0.isUsable ? $0 : nil }
        }
        if let ready {
            do {
                let id = try ready.start(method: method, request: request, options: options, completion: completion)
                return ClientCall(.started(ready, id))
            } catch {
                deliver(error, to: completion)
                return ClientCall(.ended)
            }
        }
        // No connection yet: the call starts once one is made, unless it is cancelled first.
        let deferred = DeferredCall()
        Task {
            do {
                let connection = try await connection()
                guard !deferred.isCancelled else {
                    deliver(ClientCall.cancelledError, to: completion)
                    return
                }
                let id = try connection.start(method: method, request: request, options: options, completion: completion)
                deferred.started(id: id, on: connection)
            } catch {
                deliver(RPCError.from(error), to: completion)
            }
        }
        return ClientCall(.deferred(deferred))
    }

    /// A server-streaming call: the responses as an async sequence; the call's status is thrown
    /// at the end if it is not OK.
    public func serverStream<M: ProtoMethod>(_ method: M.Type, _ request: M.Input, options: CallOptions = CallOptions())
        async throws
        -> ResponseStream<M.Output>
    {
        let bytes = try encode(request)
        let connection = try await connection()
        let (id, inbox) = try connection.serverStream(method: M.descriptor, request: bytes, options: options)
        return ResponseStream(
            inbox: inbox, onCancel: { connection.abandon(id, with: RPCError(.cancelled, "the stream was cancelled")) })
    }

    /// A client-streaming call: sends every request of `requests`, then returns the response.
    public func clientStream<M: ProtoMethod, S: AsyncSequence & Sendable>(
        _ method: M.Type,
        _ requests: S,
        options: CallOptions = CallOptions()
    ) async throws -> M.Output where S.Element == M.Input {
        let connection = try await connection()
        let encoded = requests.map { request throws -> [UInt8] in try self.encode(request) }
        let response = try await connection.clientStream(
            method: M.descriptor, requests: EncodedRequests(base: encoded), options: options)
        return try decode(M.Output.self, response)
    }

    /// The current connection, or a new one when there is none (respecting the backoff). Calls
    /// that arrive while a connection is being made wait for that one instead of making their own.
    @usableFromInline
    nonisolated(nonsending) func connection() async throws(RPCError) -> ClientConnection {
        enum Next {
            case ready(ClientConnection)
            case wait(Task<ClientConnection, any Error>)
            case fail(RPCError)
        }
        let now = ContinuousClock.now
        let next: Next = state.withLock { state in
            if state.closed { return .fail(RPCError(.unavailable, "the client is closed")) }
            if let connection = state.connection, connection.isUsable { return .ready(connection) }
            state.connection = nil
            if let connecting = state.connecting { return .wait(connecting) }
            if let next = state.nextAttempt, now < next, let error = state.lastError {
                return .fail(RPCError(.unavailable, "\(error.message); reconnecting in \(next - now)"))
            }
            let connecting = Task { () throws -> ClientConnection in try self.establish() }
            state.connecting = connecting
            return .wait(connecting)
        }
        switch next {
        case .ready(let connection):
            return connection
        case .fail(let error):
            throw error
        case .wait(let connecting):
            do {
                return try await connecting.value
            } catch {
                throw RPCError.from(error)
            }
        }
    }

    /// Connects, and records the outcome for the next callers (the connection, or the backoff).
    private func establish() throws(RPCError) -> ClientConnection {
        do {
            let connection = try ClientConnection(endpoint: endpoint, configuration: configuration, loop: loop)
            state.withLock { state in
                state.failures = 0
                state.nextAttempt = nil
                state.lastError = nil
                state.connection = connection
                state.connecting = nil
            }
            return connection
        } catch {
            state.withLock { state in
                state.failures += 1
                let exponent = min(state.failures - 1, 16)
                let backoff = min(configuration.initialBackoff * (1 << exponent), configuration.maxBackoff)
                // Up to 20% jitter, so that many clients do not retry in lockstep.
                let jitter = backoff * Double.random(in: 0...0.2)
                state.nextAttempt = ContinuousClock.now + backoff + jitter
                state.lastError = error
                state.connecting = nil
            }
            throw error
        }
    }

    @inlinable
    func encode<T: ProtoMessage>(_ message: T) throws(RPCError) -> [UInt8] {
        do {
            return try message.serializedBytes()
        } catch {
            throw RPCError(.invalidArgument, "the request cannot be encoded: \(error.message)")
        }
    }

    @inlinable
    func decode<T: ProtoMessage>(_ type: T.Type, _ bytes: [UInt8]) throws(RPCError) -> T {
        do {
            return try T(serializedBytes: bytes)
        } catch {
            throw RPCError(.internal, "the server's response is not a valid \(T.protoMessageName): \(error.message)")
        }
    }
}

/// The responses of a server-streaming call.
public struct ResponseStream<Message: ProtoMessage>: AsyncSequence, Sendable {
    let handle: StreamHandle

    init(inbox: MessageInbox, onCancel: @escaping @Sendable () -> Void) {
        handle = StreamHandle(inbox: inbox, onCancel: onCancel)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let handle: StreamHandle

        public mutating func next() async throws -> Message? {
            let handle = handle
            let bytes: [UInt8]?
            do {
                bytes = try await withTaskCancellationHandler {
                    try await handle.inbox.next()
                } onCancel: {
                    handle.cancel()
                }
            } catch {
                handle.markFinished()
                throw error
            }
            guard let bytes else {
                handle.markFinished()
                return nil
            }
            handle.inbox.markConsumed()
            do {
                return try Message(serializedBytes: bytes)
            } catch {
                handle.cancel()
                throw RPCError(.internal, "the server sent an invalid \(Message.protoMessageName): \(error.message)")
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: handle)
    }

    /// Stops the call: the server is told to stop sending.
    public func cancel() {
        handle.cancel()
    }
}

/// Owns a server stream's call: when the last copy of the stream and its iterators is gone
/// before the stream ended, the call is cancelled, so the server does not keep a handler waiting
/// for window credit that will never come.
final class StreamHandle: Sendable {
    let inbox: MessageInbox
    private let onCancel: @Sendable () -> Void
    private let finished = Atomic<Bool>(false)

    init(inbox: MessageInbox, onCancel: @escaping @Sendable () -> Void) {
        self.inbox = inbox
        self.onCancel = onCancel
    }

    func markFinished() {
        finished.store(true, ordering: .relaxed)
    }

    func cancel() {
        if !finished.exchange(true, ordering: .relaxed) { onCancel() }
    }

    deinit {
        if !finished.load(ordering: .relaxed) { onCancel() }
    }
}

/// Adapts a sequence of encoded requests to the connection's `Sendable` requirement.
struct EncodedRequests<Base: AsyncSequence>: AsyncSequence, @unchecked Sendable where Base.Element == [UInt8] {
    let base: Base

    func makeAsyncIterator() -> Base.AsyncIterator {
        base.makeAsyncIterator()
    }
}

/// A unary call started with ``RPCClient/start(_:_:options:completion:)``: a handle to cancel it.
public struct ClientCall: Sendable {
    @usableFromInline
    enum Target: Sendable {
        /// Sent on a connection, as this call id.
        case started(ClientConnection, UInt32)
        /// Waiting for a connection.
        case deferred(DeferredCall)
        /// Failed before it was sent; its completion has the error.
        case ended
    }

    static let cancelledError = RPCError(.cancelled, "the call was cancelled by the caller")

    let target: Target

    @usableFromInline
    init(_ target: Target) {
        self.target = target
    }

    /// Cancels the call: the server is told to stop its work, and the completion gets CANCELLED
    /// unless the call has already ended. Calling it again, or after the call ended, does nothing.
    public func cancel() {
        switch target {
        case .started(let connection, let id): connection.abandon(id, with: Self.cancelledError)
        case .deferred(let deferred): deferred.cancel()
        case .ended: break
        }
    }
}

/// A call waiting for the client's first connection (or the next, after a break).
@usableFromInline
final class DeferredCall: Sendable {
    private enum State {
        case waiting(cancelled: Bool)
        case started(id: UInt32, connection: ClientConnection)
    }

    private let state = Mutex(State.waiting(cancelled: false))

    func cancel() {
        let started: (UInt32, ClientConnection)? = state.withLock { state in
            switch state {
            case .waiting:
                state = .waiting(cancelled: true)
                return nil
            case .started(let id, let connection):
                return (id, connection)
            }
        }
        if let (id, connection) = started { connection.abandon(id, with: ClientCall.cancelledError) }
    }

    var isCancelled: Bool {
        state.withLock { state in
            if case .waiting(cancelled: true) = state { return true }
            return false
        }
    }

    /// Records where the call went; a cancellation that came meanwhile is carried out now.
    func started(id: UInt32, on connection: ClientConnection) {
        let cancelled = state.withLock { state in
            defer { state = .started(id: id, connection: connection) }
            if case .waiting(cancelled: true) = state { return true }
            return false
        }
        if cancelled { connection.abandon(id, with: ClientCall.cancelledError) }
    }
}
