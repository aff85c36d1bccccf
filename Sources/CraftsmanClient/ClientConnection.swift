import CraftsmanProto
import CraftsmanRPC
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One connection to a Craftsman server, carrying many concurrent calls.
///
/// A dedicated thread reads and demultiplexes frames; callers write their own frames, batched
/// while another caller is writing, so many calls in flight share few system calls.
@usableFromInline
final class ClientConnection: Sendable {
    /// What a call is waiting for.
    enum Pending: Sendable {
        /// Unchecked: the continuation leaves `pending` under its lock before it is resumed, so it
        /// is resumed exactly once, and the checked kind costs an allocation per call.
        case unary(UnsafeContinuation<[UInt8], any Error>)
        /// A call started with a completion handler, run on the event loop's thread.
        case completion(@Sendable (Result<[UInt8], RPCError>) -> Void)
        case stream(MessageInbox)
        case slot(ResponseSlot)
    }

    private struct Calls {
        var pending: [UInt32: Pending] = [:]
        var windows: [UInt32: SendWindow] = [:]
        var closedError: RPCError?
        var goAwayLastID: UInt32?
    }

    /// Call ids are taken under the writer's lock, in the same step that queues the REQUEST, so
    /// that they reach the server in increasing order as the protocol requires.
    private struct Writer {
        var buffer: [UInt8] = []
        var writing = false
        var nextID: UInt32 = 1
    }

    let descriptor: Int32
    private let loop: ClientEventLoop
    /// Loop-thread state: the frame decoder of what arrives.
    private nonisolated(unsafe) var decoder: FrameDecoder
    private let calls = Mutex(Calls())
    private let writer = Mutex(Writer())
    private let serverMaxFrameSize = Atomic<Int>(ProtocolConstants.defaultMaxFrameSize)
    private let serverWindow = Atomic<Int>(ProtocolConstants.defaultInitialCallWindow)
    let endpoint: ClientEndpoint
    let configuration: ClientConfiguration

    /// Connects, sends the preface and SETTINGS, and hands the socket to `loop`.
    init(endpoint: ClientEndpoint, configuration: ClientConfiguration, loop: ClientEventLoop) throws(RPCError) {
        self.endpoint = endpoint
        self.configuration = configuration
        self.loop = loop
        decoder = FrameDecoder(maxFrameSize: configuration.maxFrameSize, expectsPreface: true)
        descriptor = try Self.connect(endpoint, timeout: configuration.connectTimeout)
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var opening = ProtocolConstants.preface
        let settings = ConnectionSettings(
            maxFrameSize: UInt32(configuration.maxFrameSize),
            initialCallWindow: UInt32(configuration.initialCallWindow),
            agent: configuration.agent
        )
        Frame(callID: 0, type: .settings, payload: (try? settings.serializedBytes()) ?? []).encode(into: &opening)
        writer.withLock { $0.buffer = opening }
        flushQueued()
        loop.attach(self)
    }

    /// Whether new calls may start here (not closed, no GOAWAY received).
    var isUsable: Bool {
        calls.withLock { $0.closedError == nil && $0.goAwayLastID == nil }
    }

    /// Closes the connection; calls in flight fail with UNAVAILABLE. The event loop then sees the
    /// socket end and closes it.
    func close() {
        fail(RPCError(.unavailable, "the client closed the connection"))
        shutdown(descriptor, Int32(SHUT_RDWR))
        loop.wake()
    }

    // MARK: - Calls

    /// Runs a unary call.
    ///
    /// `nonisolated(nonsending)`: it runs on its caller's executor. A hop to the generic executor
    /// at every async function's entry cost a task switch per call, and with a task executor
    /// preference each switch takes the task's status lock.
    @usableFromInline
    nonisolated(nonsending) func unary(method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        let header = try requestHeader(method: method, payload: request, options: options)
        let started = Atomic<UInt32>(0)
        let cancelled = Atomic<Bool>(false)
        var timer: DispatchWorkItem?
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<[UInt8], any Error>) in
                do {
                    let id = try startCall(header: header, flags: .endStream) { id, calls in
                        calls.pending[id] = .unary(continuation)
                    }
                    started.store(id, ordering: .sequentiallyConsistent)
                    timer = armDeadline(id, options)
                    if cancelled.load(ordering: .sequentiallyConsistent) {
                        abandon(id, with: RPCError(.cancelled, "the call was cancelled by the caller"))
                    }
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            cancelled.store(true, ordering: .sequentiallyConsistent)
            let id = started.load(ordering: .sequentiallyConsistent)
            if id != 0 { abandon(id, with: RPCError(.cancelled, "the call was cancelled by the caller")) }
        }
    }

    /// Starts a unary call whose outcome goes to `completion`, on the event loop's thread; the
    /// call's id, for ``abandon(_:with:)``. No task and no continuation: the path of
    /// ``RPCClient/start(_:_:options:completion:)``.
    func start(
        method: MethodDescriptor, request: [UInt8], options: CallOptions,
        completion: @escaping @Sendable (Result<[UInt8], RPCError>) -> Void
    ) throws(RPCError) -> UInt32 {
        let header = try requestHeader(method: method, payload: request, options: options)
        guard let timeout = options.timeout ?? configuration.defaultTimeout else {
            return try startCall(header: header, flags: .endStream) { id, calls in
                calls.pending[id] = .completion(completion)
            }
        }
        // The timer is cancelled when the call ends first, so that answered calls leave no
        // work items waiting on the global queue.
        let callID = Atomic<UInt32>(0)
        // Cancelling a work item is thread-safe; the type is only not marked Sendable.
        nonisolated(unsafe) let timer = DispatchWorkItem { [weak self] in
            self?.abandon(callID.load(ordering: .acquiring), with: RPCError(.deadlineExceeded, "no answer within \(timeout)"))
        }
        let id = try startCall(header: header, flags: .endStream) { id, calls in
            calls.pending[id] = .completion { result in
                timer.cancel()
                completion(result)
            }
        }
        callID.store(id, ordering: .releasing)
        schedule(timer, after: timeout)
        return id
    }

    /// Takes the next call id, registers the call with `register` and queues its REQUEST frame,
    /// all in one step.
    private func startCall(
        header: RequestEnvelope,
        flags: FrameFlags,
        register: (UInt32, inout Calls) -> Void
    ) throws(RPCError) -> UInt32 {
        let result: Result<UInt32, RPCError> = writer.withLock { writer in
            let registered: RPCError? = calls.withLock { calls in
                if let error = calls.closedError { return error }
                if calls.goAwayLastID != nil { return RPCError(.unavailable, "the server is going away") }
                guard writer.nextID < UInt32.max else { return RPCError(.unavailable, "this connection has used every call id") }
                register(writer.nextID, &calls)
                return nil
            }
            if let registered { return .failure(registered) }
            let id = writer.nextID
            writer.nextID += 1
            Frame.encodeHeader(into: &writer.buffer, payloadLength: header.count, callID: id, type: .request, flags: flags)
            header.append(to: &writer.buffer)
            return .success(id)
        }
        let id = try result.get()
        scheduleFlush()
        return id
    }

    /// Starts a server-streaming call; its messages arrive in the returned inbox.
    func serverStream(method: MethodDescriptor, request: [UInt8], options: CallOptions) throws -> (UInt32, MessageInbox) {
        let header = try requestHeader(method: method, payload: request, options: options)
        let batch = max(1, configuration.initialCallWindow / 2)
        let consumed = Atomic<Int>(0)
        let callID = Atomic<UInt32>(0)
        // Window credit goes back in batches of half the window, not one frame per message.
        let inbox = MessageInbox { [weak self] in
            let count = consumed.add(1, ordering: .relaxed).newValue
            if count % batch == 0 {
                self?.sendFrame(callID: callID.load(ordering: .relaxed), type: .window, payload: Self.bigEndian(UInt32(batch)))
            }
        }
        let id = try startCall(header: header, flags: .endStream) { id, calls in
            callID.store(id, ordering: .relaxed)
            calls.pending[id] = .stream(inbox)
        }
        _ = armDeadline(id, options)
        return (id, inbox)
    }

    /// Runs a client-streaming call: sends every request (waiting for window credit), then
    /// returns the response.
    func clientStream<S: AsyncSequence & Sendable>(
        method: MethodDescriptor,
        requests: S,
        options: CallOptions
    ) async throws -> [UInt8] where S.Element == [UInt8] {
        let window = SendWindow(initial: serverWindow.load(ordering: .relaxed))
        let header = try requestHeader(method: method, payload: nil, options: options)
        let started = Atomic<UInt32>(0)
        var timer: DispatchWorkItem?
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            let slot = ResponseSlot()
            var iterator = requests.makeAsyncIterator()
            var current = try await iterator.next()
            let id = try startCall(header: header, flags: current == nil ? .endStream : []) { id, calls in
                calls.pending[id] = .slot(slot)
                calls.windows[id] = window
            }
            started.store(id, ordering: .sequentiallyConsistent)
            timer = armDeadline(id, options)
            if current != nil {
                while let message = current {
                    let next = try await iterator.next()
                    try await window.acquire()
                    sendFrame(callID: id, type: .message, flags: next == nil ? .endStream : [], payload: message)
                    current = next
                }
            }
            return try await slot.wait()
        } onCancel: {
            let id = started.load(ordering: .sequentiallyConsistent)
            if id != 0 { abandon(id, with: RPCError(.cancelled, "the call was cancelled by the caller")) }
        }
    }

    /// Gives up on a call: tells the server and fails the waiter.
    func abandon(_ id: UInt32, with error: RPCError) {
        let pending: Pending? = calls.withLock { calls in
            calls.windows[id]?.close()
            calls.windows[id] = nil
            return calls.pending.removeValue(forKey: id)
        }
        guard let pending else { return }
        sendFrame(callID: id, type: .cancel, payload: [])
        resolve(pending, with: .failure(error))
    }

    /// A call's `RequestHeader`, measured; it is encoded into the write buffer when the call starts.
    private struct RequestEnvelope {
        enum Encoding {
            /// Written field by field straight into the buffer, the method's names encoded once.
            case direct(method: MethodDescriptor, timeoutMicros: UInt64, metadata: [MetadataEntry], payload: [UInt8]?)
            /// Encoded by the generic path, which alone decides on unusual headers.
            case encoded([UInt8])
        }

        let encoding: Encoding
        let count: Int

        func append(to buffer: inout [UInt8]) {
            switch encoding {
            case .direct(let method, let timeoutMicros, let metadata, let payload):
                RequestHeader.appendEnvelope(
                    method: method, timeoutMicros: timeoutMicros, metadata: metadata, payload: payload, to: &buffer)
            case .encoded(let bytes):
                buffer += bytes
            }
        }
    }

    private func requestHeader(method: MethodDescriptor, payload: [UInt8]?, options: CallOptions) throws(RPCError)
        -> RequestEnvelope
    {
        let timeout = options.timeout ?? configuration.defaultTimeout
        let timeoutMicros =
            timeout.map {
                UInt64(max(1, $0.components.seconds * 1_000_000 + $0.components.attoseconds / 1_000_000_000_000))
            } ?? 0
        let metadata = options.metadata.isEmpty ? [] : options.metadata.wireEntries
        let envelope: RequestEnvelope
        if let count = RequestHeader.envelopeCount(
            method: method, timeoutMicros: timeoutMicros, metadata: metadata, payloadCount: payload?.count)
        {
            envelope = RequestEnvelope(
                encoding: .direct(method: method, timeoutMicros: timeoutMicros, metadata: metadata, payload: payload),
                count: count)
        } else {
            let header = RequestHeader(
                service: method.service, method: method.name, timeoutMicros: timeoutMicros, metadata: metadata,
                payload: payload)
            do {
                let bytes = try header.envelopeBytes()
                envelope = RequestEnvelope(encoding: .encoded(bytes), count: bytes.count)
            } catch {
                throw RPCError(.invalidArgument, "the request cannot be encoded: \(error.message)")
            }
        }
        guard envelope.count <= serverMaxFrameSize.load(ordering: .relaxed) else {
            throw RPCError(.resourceExhausted, "the request of \(envelope.count) bytes exceeds the server's max_frame_size")
        }
        return envelope
    }

    private func armDeadline(_ id: UInt32, _ options: CallOptions) -> DispatchWorkItem? {
        guard let timeout = options.timeout ?? configuration.defaultTimeout else { return nil }
        let item = DispatchWorkItem { [weak self] in
            self?.abandon(id, with: RPCError(.deadlineExceeded, "no answer within \(timeout)"))
        }
        schedule(item, after: timeout)
        return item
    }

    private func schedule(_ item: DispatchWorkItem, after timeout: Duration) {
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds)), execute: item)
    }

    // MARK: - Writing

    func sendFrame(callID: UInt32, type: FrameType, flags: FrameFlags = [], payload: [UInt8]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ProtocolConstants.frameHeaderLength + payload.count)
        Frame.encodeHeader(into: &bytes, payloadLength: payload.count, callID: callID, type: type, flags: flags)
        bytes += payload
        enqueue(bytes)
    }

    /// Queues bytes and writes them, unless another caller is writing and will take them along.
    /// On the event loop's thread the write waits for the end of the round of jobs, so that all
    /// the requests of one round leave in one system call.
    private func enqueue(_ bytes: [UInt8]) {
        writer.withLock { $0.buffer += bytes }
        scheduleFlush()
    }

    private func scheduleFlush() {
        if loop.isCurrentThread {
            loop.needsFlush = true
        } else {
            flushQueued()
        }
    }

    /// Whether bytes wait for the socket to become writable.
    var hasPendingOutput: Bool {
        writer.withLock { !$0.buffer.isEmpty && !$0.writing }
    }

    /// Writes everything queued without blocking; the first caller to find no write in progress
    /// does the writing. What the socket does not take waits for the event loop to see it writable.
    func flushQueued() {
        let mustWrite: Bool = writer.withLock { writer in
            if writer.writing || writer.buffer.isEmpty { return false }
            writer.writing = true
            return true
        }
        guard mustWrite else { return }
        while true {
            let batch: [UInt8] = writer.withLock { writer in
                if writer.buffer.isEmpty {
                    writer.writing = false
                    return []
                }
                defer { writer.buffer = [] }
                return writer.buffer
            }
            guard !batch.isEmpty else { return }
            let written = writeSome(batch)
            if written < 0 {
                writer.withLock { $0.writing = false }
                fail(RPCError(.unavailable, "the connection to \(endpoint) broke while sending"))
                return
            }
            if written < batch.count {
                writer.withLock { writer in
                    writer.buffer = Array(batch[written...]) + writer.buffer
                    writer.writing = false
                }
                if !loop.isCurrentThread { loop.wake() }
                return
            }
        }
    }

    /// Writes what the socket takes now: the count, or -1 when the connection is broken.
    private func writeSome(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let count = send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if count > 0 {
                    offset += count
                } else if count < 0 && errno == EINTR {
                    continue
                } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    return offset
                } else {
                    return -1
                }
            }
            return offset
        }
    }

    // MARK: - Reading

    /// Reads and handles what arrived (on the event loop's thread); false once the connection is over.
    func readAvailable() -> Bool {
        let capacity = 64 << 10
        return withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 16) { buffer in
            for _ in 0..<16 {
                let count = recv(descriptor, buffer.baseAddress, capacity, 0)
                if count < 0 && errno == EINTR { continue }
                if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return true }
                guard count > 0 else {
                    fail(RPCError(.unavailable, "the connection to \(endpoint) closed"))
                    return false
                }
                decoder.append(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                if !drainFrames() { return false }
                if count < capacity { return true }
            }
            return true
        }
    }

    /// Shuts the socket down once the event loop has stopped polling it. The descriptor itself is
    /// closed only when this object goes away: while anyone can still call ``close()`` or write,
    /// its number must not be reused by another socket of the process, or a late call would hit
    /// that socket instead.
    func closeDescriptor() {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    deinit {
        Glibc.close(descriptor)
    }

    private func drainFrames() -> Bool {
        while true {
            let event: FrameDecoder.Event
            switch decoder.nextLendingPayload() {
            case .frame(let frame):
                // Handled where it lies in the decoder's buffer: no copy of the whole payload.
                if !decoder.withPayload(of: frame, { payload in handle(frame, payload) }) { return false }
                continue
            case .other(let other):
                event = other
            }
            switch event {
            case .needMoreData:
                return true
            case .preface(let major, _):
                if major != ProtocolConstants.majorVersion {
                    fail(
                        RPCError(
                            .unimplemented,
                            "the server speaks protocol version \(major), this client \(ProtocolConstants.majorVersion)"))
                    return false
                }
            case .badPreface:
                fail(RPCError(.unavailable, "\(endpoint) is not a Craftsman server (bad preface)"))
                return false
            case .oversizedFrame(let callID, _, _, let length):
                abandon(
                    callID, with: RPCError(.resourceExhausted, "a response frame of \(length) bytes exceeds this client's limit"))
            case .frame:
                break  // whole frames come as `LendingEvent.frame`, above
            }
        }
    }

    /// Handles one frame from the server, its payload lent until this returns; false when the
    /// connection is finished.
    private func handle(_ frame: FrameDecoder.LentFrame, _ payload: UnsafeRawBufferPointer) -> Bool {
        switch frame.type {
        case .settings:
            if let settings = try? ConnectionSettings(serializedBytes: payload, limits: .default) {
                if settings.maxFrameSize > 0 { serverMaxFrameSize.store(Int(settings.maxFrameSize), ordering: .relaxed) }
                if settings.initialCallWindow > 0 { serverWindow.store(Int(settings.initialCallWindow), ordering: .relaxed) }
            }
        case .response:
            let pending: Pending? = calls.withLock { calls in
                if !calls.windows.isEmpty { calls.windows.removeValue(forKey: frame.callID)?.close() }
                return calls.pending.removeValue(forKey: frame.callID)
            }
            guard let pending else { return true }
            guard let trailer = try? ResponseTrailer(envelopeBytes: payload) else {
                resolve(
                    pending,
                    with: .failure(RPCError(.internal, "the server sent an undecodable RESPONSE for call \(frame.callID)")))
                return true
            }
            let status =
                trailer.status ?? CallStatus(code: StatusCode.unknown.rawValue, message: "the RESPONSE carried no status")
            if status.code == 0 {
                resolve(pending, with: .success(trailer.payload ?? []))
            } else {
                resolve(pending, with: .failure(RPCError(status)))
            }
        case .message:
            let inbox: MessageInbox? = calls.withLock { calls in
                if case .stream(let inbox)? = calls.pending[frame.callID] { return inbox }
                return nil
            }
            inbox?.push([UInt8](payload))
        case .window:
            guard payload.count == 4 else { return true }
            let increment = payload.reduce(0) { $0 << 8 | Int($1) }
            calls.withLock { $0.windows[frame.callID] }?.grant(increment)
        case .ping:
            if !frame.flags.contains(.ack) {
                sendFrame(callID: 0, type: .ping, flags: .ack, payload: [UInt8](payload))
            }
        case .goAway:
            let goAway = (try? GoAway(serializedBytes: payload, limits: .default)) ?? GoAway()
            let status = goAway.status ?? CallStatus()
            let error =
                status.code == 0
                ? RPCError(
                    .unavailable, "the server is going away (\(status.message)); the call was not processed and may be retried")
                : RPCError(status)
            let refused: [Pending] = calls.withLock { calls in
                calls.goAwayLastID = goAway.lastCallID
                let ids = calls.pending.keys.filter { $0 > goAway.lastCallID }
                return ids.compactMap { calls.pending.removeValue(forKey: $0) }
            }
            for pending in refused { resolve(pending, with: .failure(error)) }
            if status.code != 0 {
                fail(error)
                return false
            }
        default:
            break
        }
        return true
    }

    private func resolve(_ pending: Pending, with result: Result<[UInt8], RPCError>) {
        switch pending {
        case .unary(let continuation):
            continuation.resume(with: result.mapError { $0 as any Error })
        case .completion(let completion):
            if loop.isCurrentThread {
                completion(result)
            } else {
                loop.execute { completion(result) }
            }
        case .slot(let slot):
            slot.fulfil(result)
        case .stream(let inbox):
            switch result {
            case .success: inbox.finish()
            case .failure(let error): inbox.finish(throwing: error)
            }
        }
    }

    /// Fails every call and refuses new ones.
    private func fail(_ error: RPCError) {
        let pending: [Pending] = calls.withLock { calls in
            if calls.closedError == nil { calls.closedError = error }
            for window in calls.windows.values { window.close() }
            calls.windows = [:]
            defer { calls.pending = [:] }
            return Array(calls.pending.values)
        }
        for call in pending { resolve(call, with: .failure(error)) }
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [
            UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value),
        ]
    }

    // MARK: - Connecting

    private static func connect(_ endpoint: ClientEndpoint, timeout: Duration) throws(RPCError) -> Int32 {
        switch endpoint {
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_flags = AI_NUMERICSERV
            var result: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &result)
            guard status == 0, let first = result else {
                throw RPCError(.unavailable, "cannot resolve \(endpoint): \(String(cString: gai_strerror(status)))")
            }
            defer { freeaddrinfo(result) }
            var lastError = "no address"
            var info: UnsafeMutablePointer<addrinfo>? = first
            while let current = info {
                let descriptor = socket(current.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
                if descriptor >= 0 {
                    setTimeout(descriptor, timeout)
                    if Glibc.connect(descriptor, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 {
                        var yes: Int32 = 1
                        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
                        setTimeout(descriptor, .zero)
                        return descriptor
                    }
                    lastError = String(cString: strerror(errno))
                    Glibc.close(descriptor)
                }
                info = current.pointee.ai_next
            }
            throw RPCError(.unavailable, "cannot connect to \(endpoint): \(lastError)")
        case .unix(let path):
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            guard path.utf8.count < MemoryLayout.size(ofValue: address.sun_path) else {
                throw RPCError(.invalidArgument, "the socket path \(path) is too long")
            }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: path.utf8)
                raw[path.utf8.count] = 0
            }
            let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard connected == 0 else {
                let reason = String(cString: strerror(errno))
                Glibc.close(descriptor)
                throw RPCError(.unavailable, "cannot connect to \(endpoint): \(reason)")
            }
            return descriptor
        }
    }

    /// Sets the send timeout (which also bounds connect) of a socket; zero clears it.
    private static func setTimeout(_ descriptor: Int32, _ timeout: Duration) {
        var value = timeval(
            tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }
}

/// A response that arrives once, possibly before anyone waits for it.
final class ResponseSlot: Sendable {
    private struct State {
        var result: Result<[UInt8], RPCError>?
        var waiter: CheckedContinuation<[UInt8], any Error>?
    }

    private let state = Mutex(State())

    func fulfil(_ result: Result<[UInt8], RPCError>) {
        let waiter: CheckedContinuation<[UInt8], any Error>? = state.withLock { state in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result.mapError { $0 as any Error })
    }

    func wait() async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<[UInt8], RPCError>? = state.withLock { state in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready.mapError { $0 as any Error }) }
        }
    }
}
