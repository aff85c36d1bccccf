import CraftsmanProto
import Dispatch
import Logging
import Synchronization

/// One client connection: the protocol of docs/PROTOCOL.md from the server's side.
///
/// Everything here runs on the connection's serial `queue`: the transport delivers bytes with
/// ``receive(_:)``, handler tasks report back through `queue.async`. Responses produced while
/// handling one batch of received bytes are sent with one ``ConnectionTransport/send(_:)``, so
/// many calls in flight cost few system calls.
public final class ServerConnection: @unchecked Sendable {
    private enum Phase {
        case awaitingPreface
        case awaitingSettings
        case open
        /// GOAWAY sent: finishing the calls at or below the last accepted id, taking no new ones.
        case draining
        case closed
    }

    /// A call in progress.
    private final class Call {
        let id: UInt32
        let info: CallInfo
        let handler: MethodHandler
        var task: Task<Void, Never>?
        var sendWindow: SendWindow?
        var inbox: MessageInbox?
        var receivedMessages = 0
        var clientFinished = false
        var grantedMessages: Int
        var deadlineTimer: DispatchWorkItem?

        init(id: UInt32, info: CallInfo, handler: MethodHandler, window: Int) {
            self.id = id
            self.info = info
            self.handler = handler
            grantedMessages = window
        }
    }

    /// The longest deadline honoured, in microseconds: one day.
    static let longestDeadlineMicros: UInt64 = 86_400 * 1_000_000

    let queue: DispatchQueue
    private let server: RPCServer
    private let transport: ConnectionTransport
    private let configuration: ServerConfiguration
    private var logger: Logger

    private var phase = Phase.awaitingPreface
    private var decoder: FrameDecoder
    private var calls: [UInt32: Call] = [:]
    /// The handler of the previous call: calls on one connection mostly repeat a method, and
    /// comparing two names costs less than looking them up.
    private var lastHandler: MethodHandler?
    /// The names of the previous call's method, reused by the next call's header when they repeat.
    private var requestNames = RequestNames()
    private var highestCallID: UInt32 = 0
    private var outgoing: [UInt8] = []
    /// While a long read is handled, the replies queued so far are written once they reach this
    /// many bytes, instead of all after the read. Written together, the replies to one read
    /// travel as one batch: the client works through it while this thread idles, then sends its
    /// next batch while the client idles, so a pipelining peer and this thread take turns on a
    /// two-core machine. Written in parts, the client starts on the first replies while the rest
    /// are handled. Echo at 64 in flight went from ~290k to ~600–690k calls/s on this
    /// machine (2 KiB: ~450k, 8 KiB: ~520k, 16 KiB: no gain over one write); see docs/PERFORMANCE.md.
    static let replyChunkBytes = 4096
    /// Calls finished on other threads (handler tasks, the journal's flush callbacks), waiting to
    /// be answered on the queue. While the queue is busy handling a long read, it answers them
    /// between two frames instead of after the whole read: otherwise every reply waits for the
    /// handling of every request that arrived with it, and the client's next requests wait too.
    private let finished = Mutex<[(id: UInt32, result: Result<[UInt8], RPCError>)]>([])
    /// Whether `finished` holds anything; read between frames without taking the lock.
    private let hasFinished = Atomic<Bool>(false)
    private var flushScheduled = false
    private var peerMaxFrameSize = ProtocolConstants.defaultMaxFrameSize
    private var peerInitialWindow = ProtocolConstants.defaultInitialCallWindow

    private let openedAt = DispatchTime.now()
    private var lastReceived = DispatchTime.now()
    /// When a call last started or ended: idleness counts calls, not pings.
    private var lastCallActivity = DispatchTime.now()
    private var partialFrameSince: DispatchTime?
    private var pingSentAt: DispatchTime?
    private var housekeeping: DispatchSourceTimer?
    private var drainDeadline: DispatchWorkItem?

    init(server: RPCServer, transport: ConnectionTransport, queue: DispatchQueue, logger: Logger) {
        self.server = server
        self.transport = transport
        self.queue = queue
        self.configuration = server.configuration
        self.logger = logger
        self.logger[metadataKey: "peer"] = "\(transport.peerDescription)"
        decoder = FrameDecoder(maxFrameSize: server.configuration.maxFrameSize, expectsPreface: true)
    }

    // MARK: - Lifecycle

    /// Starts the connection's timers; call once, before the first ``receive(_:)``.
    public func start() {
        queue.async { [self] in
            let timer = DispatchSource.makeTimerSource(queue: queue)
            let interval = DispatchTimeInterval.nanoseconds(Int(configuration.housekeepingInterval.nanoseconds))
            timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(5))
            timer.setEventHandler { [weak self] in self?.checkTimeouts() }
            timer.resume()
            housekeeping = timer
        }
    }

    /// Refuses the connection (over the connection limit): preface, GOAWAY, close.
    func refuse(_ error: RPCError) {
        queue.async { [self] in
            outgoing += ProtocolConstants.preface
            fail(error, sendPreface: false)
        }
    }

    /// The transport closed (peer hung up, or a read/write error): cancel every call.
    public func transportClosed() {
        queue.async { [self] in
            guard phase != .closed else { return }
            logger.debug("connection closed by the peer", metadata: ["calls": "\(calls.count)"])
            teardown()
        }
    }

    /// Starts a graceful shutdown: GOAWAY, finish calls in flight within `grace`, then close.
    func beginDraining(grace: Duration) {
        queue.async { [self] in
            switch phase {
            case .closed, .draining:
                return
            case .awaitingPreface, .awaitingSettings:
                teardown()
                return
            case .open:
                break
            }
            phase = .draining
            send(
                frame: .goAway, callID: 0,
                payload: encode(GoAway(lastCallID: highestCallID, status: CallStatus(code: 0, message: "server shutting down"))))
            flush()
            if calls.isEmpty {
                teardown()
                return
            }
            let deadline = DispatchWorkItem { [weak self] in
                guard let self, phase != .closed else { return }
                logger.info("shutdown grace period over; cancelling calls", metadata: ["calls": "\(calls.count)"])
                for call in calls.values {
                    finish(call, with: RPCError(.unavailable, "the server shut down before the call finished"))
                }
                teardown()
            }
            drainDeadline = deadline
            queue.asyncAfter(deadline: .now() + .nanoseconds(Int(grace.nanoseconds)), execute: deadline)
        }
    }

    private func teardown() {
        guard phase != .closed else { return }
        phase = .closed
        housekeeping?.cancel()
        housekeeping = nil
        drainDeadline?.cancel()
        for call in calls.values {
            cancelWork(of: call)
            server.callEnded(call.info, status: .cancelled, message: "the connection closed", handlerEnded: false)
        }
        calls.removeAll()
        flush()
        transport.close()
        server.connectionClosed(self)
    }

    // MARK: - Receiving

    /// Bytes arrived from the peer.
    public func receive(_ bytes: UnsafeRawBufferPointer) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard phase != .closed else { return }
        lastReceived = .now()
        pingSentAt = nil
        decoder.append(bytes)
        configuration.readRound {
            processEvents()
            if phase != .closed {
                if decoder.isInsideFrame {
                    if partialFrameSince == nil { partialFrameSince = lastReceived }
                } else {
                    partialFrameSince = nil
                }
            }
            flush()
        }
    }

    private func processEvents() {
        while phase != .closed {
            let event: FrameDecoder.Event
            switch decoder.nextLendingPayload() {
            case .frame(let frame):
                // Handled where it lies in the decoder's buffer: no copy of the payload.
                decoder.withPayload(of: frame) { payload in handle(frame, payload) }
                if hasFinished.load(ordering: .acquiring) {
                    answerFinished()
                    flush()
                } else if outgoing.count >= Self.replyChunkBytes {
                    flush()
                }
                continue
            case .other(let other):
                event = other
            }
            switch event {
            case .needMoreData:
                return
            case .preface(let major, let minor):
                handlePreface(major: major, minor: minor)
            case .badPreface(let bytes):
                let shown = bytes.prefix(10).map { String($0, radix: 16) }.joined(separator: " ")
                fail(
                    RPCError(.invalidArgument, "bad preface: expected 89 43 52 41 46 54 0d 0a then the version, got \(shown)"),
                    sendPreface: true)
            case .oversizedFrame(let callID, let type, _, let length):
                handleOversized(callID: callID, type: type, length: length)
            case .frame:
                break  // whole frames come as `LendingEvent.frame`, above
            }
        }
    }

    private func handlePreface(major: UInt8, minor: UInt8) {
        guard major == ProtocolConstants.majorVersion else {
            fail(
                RPCError(
                    .unimplemented,
                    "protocol version \(major).\(minor) is not supported; this server speaks \(ProtocolConstants.majorVersion).x"
                ),
                sendPreface: true
            )
            return
        }
        outgoing += ProtocolConstants.magic + [ProtocolConstants.majorVersion, min(minor, ProtocolConstants.minorVersion)]
        let settings = ConnectionSettings(
            maxFrameSize: UInt32(configuration.maxFrameSize),
            maxConcurrentCalls: UInt32(configuration.maxConcurrentCalls),
            initialCallWindow: UInt32(configuration.initialCallWindow),
            maxMetadataBytes: UInt32(configuration.maxMetadataBytes),
            keepaliveIntervalMs: configuration.keepaliveInterval.milliseconds,
            idleTimeoutMs: configuration.idleTimeout.milliseconds,
            agent: configuration.agent
        )
        send(frame: .settings, callID: 0, payload: encode(settings))
        phase = .awaitingSettings
    }

    /// Handles one frame; `payload` is lent, valid only until this returns.
    private func handle(_ frame: FrameDecoder.LentFrame, _ payload: UnsafeRawBufferPointer) {
        if phase == .awaitingSettings {
            guard frame.type == .settings, frame.callID == 0 else {
                fail(
                    RPCError(
                        .invalidArgument, "the first frame must be SETTINGS on call 0, got \(frame.type) on call \(frame.callID)")
                )
                return
            }
            do {
                let settings = try ConnectionSettings(serializedBytes: payload, limits: .default)
                if settings.maxFrameSize > 0 { peerMaxFrameSize = Int(settings.maxFrameSize) }
                if settings.initialCallWindow > 0 { peerInitialWindow = Int(settings.initialCallWindow) }
                logger.debug("client settings", metadata: ["agent": "\(settings.agent)"])
            } catch {
                fail(RPCError(.invalidArgument, "the SETTINGS frame is not a valid ConnectionSettings: \(error.message)"))
                return
            }
            phase = .open
            return
        }
        switch frame.type {
        case .request:
            startCall(frame, payload)
        case .message:
            receiveMessage(frame, payload)
        case .cancel:
            guard let call = calls[frame.callID] else {
                if frame.callID > highestCallID || frame.callID == 0 {
                    fail(RPCError(.invalidArgument, "CANCEL for call \(frame.callID), which was never opened"))
                }
                return  // already finished: the frames crossed
            }
            calls[frame.callID] = nil
            cancelWork(of: call)
            server.callEnded(call.info, status: .cancelled, message: "cancelled by the client", handlerEnded: false)
            finishDrainingIfDone()
        case .window:
            guard payload.count == ProtocolConstants.windowPayloadLength else {
                fail(RPCError(.invalidArgument, "a WINDOW frame has a 4-byte payload, got \(payload.count) bytes"))
                return
            }
            let increment = payload.reduce(0) { $0 << 8 | Int($1) }
            calls[frame.callID]?.sendWindow?.grant(increment)
        case .ping:
            if !frame.flags.contains(.ack) {
                send(frame: .ping, callID: 0, flags: .ack, payload: [UInt8](payload))
            }
        case .goAway:
            logger.debug("client sent GOAWAY")
            if calls.isEmpty { teardown() } else { phase = .draining }
        case .settings:
            break  // later SETTINGS frames are allowed and change nothing the server relies on
        case .response:
            fail(RPCError(.invalidArgument, "a client may not send RESPONSE frames (call \(frame.callID))"))
        default:
            break  // unknown frame types are skipped (docs/PROTOCOL.md, section 3)
        }
    }

    private func handleOversized(callID: UInt32, type: FrameType, length: Int) {
        let limit = configuration.maxFrameSize
        if phase == .open || phase == .draining, callID != 0, type == .request || type == .message {
            let error = RPCError(
                .resourceExhausted,
                "the \(type) frame of call \(callID) has \(length) payload bytes; the limit is \(limit)"
            )
            if type == .request {
                // The same rule as for any REQUEST: a reused id would get a second RESPONSE.
                guard callID > highestCallID else {
                    fail(
                        RPCError(.invalidArgument, "call id \(callID) is not greater than the previous call id \(highestCallID)"))
                    return
                }
                highestCallID = callID
                server.rejectedCall(error.code)
                send(frame: .response, callID: callID, payload: encode(ResponseTrailer(status: error.callStatus)))
            } else if let call = calls[callID] {
                finish(call, with: error)
            }
            return
        }
        fail(RPCError(.resourceExhausted, "a \(type) frame of \(length) payload bytes exceeds the limit of \(limit)"))
    }

    // MARK: - Calls

    private func startCall(_ frame: FrameDecoder.LentFrame, _ frameBytes: UnsafeRawBufferPointer) {
        let now = DispatchTime.now()
        lastCallActivity = now
        let id = frame.callID
        guard id > highestCallID else {
            fail(RPCError(.invalidArgument, "call id \(id) is not greater than the previous call id \(highestCallID)"))
            return
        }
        highestCallID = id
        guard phase == .open else {
            reject(id, RPCError(.unavailable, "the server is shutting down; call \(id) was not started"))
            return
        }
        let header: RequestHeader
        // Where the request message is in `frameBytes`, unless the header holds a copy.
        let lentPayload: Range<Int>?
        do {
            (header, lentPayload) = try RequestHeader.decodeEnvelope(lendingPayloadOf: frameBytes, names: &requestNames)
        } catch {
            reject(id, RPCError.invalidRequest(error, type: RequestHeader.protoMessageName))
            return
        }
        let handler: MethodHandler
        if let last = lastHandler, last.descriptor.name == header.method, last.descriptor.service == header.service {
            handler = last
        } else {
            guard let found = server.router.handler(service: header.service, method: header.method) else {
                reject(id, RPCError(.unimplemented, "unknown method \(header.service)/\(header.method)"))
                return
            }
            lastHandler = found
            handler = found
        }
        guard calls.count < configuration.maxConcurrentCalls else {
            reject(
                id,
                RPCError(
                    .resourceExhausted,
                    "\(calls.count) calls are already open on this connection; the limit is \(configuration.maxConcurrentCalls)",
                    retryAfterMilliseconds: 10
                )
            )
            return
        }
        let metadataSize = header.metadata.reduce(0) { total, entry in
            switch entry.value {
            case .text(let text)?: total + entry.key.utf8.count + text.utf8.count
            case .binary(let bytes)?: total + entry.key.utf8.count + bytes.count
            case nil: total + entry.key.utf8.count
            }
        }
        guard metadataSize <= configuration.maxMetadataBytes else {
            reject(
                id,
                RPCError(
                    .resourceExhausted,
                    "the call's metadata has \(metadataSize) bytes; the limit is \(configuration.maxMetadataBytes)"))
            return
        }
        let metadata: Metadata
        do {
            metadata = try Metadata(validating: header.metadata)
        } catch {
            reject(id, error)
            return
        }
        let descriptor = handler.descriptor
        let endOfClientStream = frame.flags.contains(.endStream)
        if !descriptor.clientStreaming && (!endOfClientStream) {
            reject(id, RPCError(.invalidArgument, "\(descriptor) takes one request: its REQUEST frame must carry END_STREAM"))
            return
        }
        // Deadlines beyond a day are treated as a day: far enough for any call, and safely inside
        // what DispatchTime can represent (a client may send any 64-bit value).
        let timeoutMicros = min(header.timeoutMicros, Self.longestDeadlineMicros)
        let deadline = timeoutMicros > 0 ? now + .microseconds(Int(timeoutMicros)) : nil
        let context = ServerContext(
            method: descriptor, callID: id, metadata: metadata, deadline: deadline, peer: transport.peerDescription)
        let info = CallInfo(method: descriptor, context: context, startedAt: now, methodIndex: handler.index)
        do {
            try server.callStarted(info)
        } catch {
            server.callEnded(info, status: error.code, message: error.message, handlerEnded: true)
            send(frame: .response, callID: id, payload: encode(ResponseTrailer(status: error.callStatus)))
            return
        }
        let call: Call

        switch handler.body {
        case .unary(let body):
            // The fast path: decoded and, when the handler can, answered here without a task and
            // without a `Call`, since nothing refers to the call once it is answered.
            let outcome: InlineResult
            do {
                if let lentPayload {
                    outcome = try body(UnsafeRawBufferPointer(rebasing: frameBytes[lentPayload]), context)
                } else {
                    outcome = try (header.payload ?? []).withUnsafeBytes { try body($0, context) }
                }
            } catch {
                sendResponse(callID: id, info: info, serverStreaming: false, .failure(RPCError.from(error)))
                finishDrainingIfDone()
                return
            }
            switch outcome {
            case .response(let bytes):
                sendResponse(callID: id, info: info, serverStreaming: false, .success(bytes))
                finishDrainingIfDone()
                return
            case .deferred(let work):
                call = Call(id: id, info: info, handler: handler, window: configuration.initialCallWindow)
                calls[id] = call
                call.task = Task { [weak self] in
                    let result: Result<[UInt8], RPCError>
                    do {
                        result = .success(try await work())
                    } catch {
                        result = .failure(RPCError.from(error))
                    }
                    self?.complete(id, result)
                }
            }
        case .unaryCompleting(let body):
            call = Call(id: id, info: info, handler: handler, window: configuration.initialCallWindow)
            calls[id] = call
            let deliver: @Sendable (Result<[UInt8], RPCError>) -> Void = { [weak self] result in self?.complete(id, result) }
            do {
                if let lentPayload {
                    try body(UnsafeRawBufferPointer(rebasing: frameBytes[lentPayload]), context, deliver)
                } else {
                    try (header.payload ?? []).withUnsafeBytes { try body($0, context, deliver) }
                }
            } catch {
                respond(call, .failure(RPCError.from(error)))
                return
            }
        case .serverStreaming(let body):
            let payload = lentPayload.map { [UInt8](frameBytes[$0]) } ?? header.payload ?? []
            call = Call(id: id, info: info, handler: handler, window: configuration.initialCallWindow)
            calls[id] = call
            let window = SendWindow(initial: peerInitialWindow)
            call.sendWindow = window
            let writer = RawResponseWriter(window: window) { [weak self] bytes in
                guard let self else { return }
                queue.async { self.sendStreamMessage(id, bytes) }
            }
            call.task = Task { [weak self] in
                let result: Result<[UInt8], RPCError>
                do {
                    try await body(payload, context, writer)
                    result = .success([])
                } catch {
                    result = .failure(RPCError.from(error))
                }
                self?.completeAfterQueuedWork(id, result)
            }
        case .clientStreaming(let body):
            call = Call(id: id, info: info, handler: handler, window: configuration.initialCallWindow)
            calls[id] = call
            let inbox = MessageInbox { [weak self] in
                guard let self else { return }
                queue.async { self.returnCredit(id) }
            }
            call.inbox = inbox
            if let first = lentPayload.map({ [UInt8](frameBytes[$0]) }) ?? header.payload {
                call.receivedMessages += 1
                inbox.push(first)
            }
            if endOfClientStream {
                call.clientFinished = true
                inbox.finish()
            }
            call.task = Task { [weak self] in
                let result: Result<[UInt8], RPCError>
                do {
                    result = .success(try await body(RawRequestStream(inbox: inbox), context))
                } catch {
                    result = .failure(RPCError.from(error))
                }
                self?.complete(id, result)
            }
        }
        if let deadline {
            let expiry = DispatchWorkItem { [weak self] in
                guard let self, let call = calls[id] else { return }
                finish(call, with: RPCError(.deadlineExceeded, "the deadline of \(header.timeoutMicros) µs passed"))
                flush()
            }
            call.deadlineTimer = expiry
            queue.asyncAfter(deadline: deadline, execute: expiry)
        }
    }

    private func receiveMessage(_ frame: FrameDecoder.LentFrame, _ payload: UnsafeRawBufferPointer) {
        guard let call = calls[frame.callID] else {
            guard frame.callID <= highestCallID, frame.callID != 0 else {
                fail(RPCError(.invalidArgument, "MESSAGE frame for call \(frame.callID), which was never opened"))
                return
            }
            return  // the call already ended; the client had not heard yet
        }
        guard let inbox = call.inbox else {
            finish(
                call, with: RPCError(.invalidArgument, "\(call.info.method) takes one request; MESSAGE frames are not allowed"))
            return
        }
        call.receivedMessages += 1
        guard call.receivedMessages <= call.grantedMessages else {
            finish(
                call,
                with: RPCError(
                    .resourceExhausted,
                    "call \(call.id) sent more MESSAGE frames than its window of \(call.grantedMessages) allowed"))
            return
        }
        inbox.push([UInt8](payload))
        if frame.flags.contains(.endStream) {
            call.clientFinished = true
            inbox.finish()
        }
    }

    /// The handler of a client-streaming call consumed a message: grant the client another.
    private func returnCredit(_ id: UInt32) {
        guard let call = calls[id] else { return }
        call.grantedMessages += 1
        send(frame: .window, callID: id, payload: [0, 0, 0, 1])
        scheduleFlush()
    }

    private func sendStreamMessage(_ id: UInt32, _ bytes: [UInt8]) {
        guard calls[id] != nil, phase != .closed else { return }
        guard bytes.count <= peerMaxFrameSize else {
            if let call = calls[id] {
                finish(
                    call,
                    with: RPCError(
                        .resourceExhausted,
                        "a response message of \(bytes.count) bytes exceeds the client's max_frame_size of \(peerMaxFrameSize)"))
            }
            return
        }
        send(frame: .message, callID: id, payload: bytes)
        scheduleFlush()
    }

    /// A handler task finished (any thread).
    /// Records that call `id` finished (on any thread) and has it answered on the queue: by the
    /// queue's next pass between two frames, or by one block for all calls finished meanwhile.
    /// For calls with nothing of theirs still queued (unary and client-streaming calls).
    private func complete(_ id: UInt32, _ result: Result<[UInt8], RPCError>) {
        let first = finished.withLock { finished in
            finished.append((id, result))
            if finished.count == 1 { hasFinished.store(true, ordering: .releasing) }
            return finished.count == 1
        }
        guard first else { return }
        if let round = AnswerRound.current {
            round.connections.append(self)
        } else {
            scheduleAnswers()
        }
    }

    /// Has the calls in `finished` answered on the queue: by the transport's I/O thread when it
    /// offers to, else by a block of the queue's own.
    private func scheduleAnswers() {
        let answer: @Sendable () -> Void = { [self] in
            answerFinished()
            flush()
        }
        if !transport.perform(answer) { queue.async(execute: answer) }
    }

    /// Runs `round`, in which calls of any connections may finish, and has each connection answer
    /// them only once `round` is over, with one wake-up and one write for all of its own.
    ///
    /// For a thread that finishes many calls at once, like the journal's after a flush. Waking a
    /// connection's thread at its first finished call lets that thread take the processor from
    /// this one (the scheduler favours the newly woken): it sends that one reply, its client sends
    /// one new request, which is handled alone, and only then is the next call finished here. The
    /// replies of one flush trickled out one by one that way, at a wake-up each.
    public static func answeringTogether(_ round: () -> Void) {
        let outer = AnswerRound.current
        let current = AnswerRound()
        AnswerRound.current = current
        round()
        AnswerRound.current = outer
        if let outer {
            outer.connections += current.connections
        } else {
            for connection in current.connections { connection.scheduleAnswers() }
        }
    }

    /// Records that the server-streaming call `id` finished, and answers it on the queue after
    /// every block queued before this one: its last messages, which ``complete(_:_:)`` could
    /// overtake between two frames.
    private func completeAfterQueuedWork(_ id: UInt32, _ result: Result<[UInt8], RPCError>) {
        queue.async { [self] in
            guard let call = calls[id] else { return }  // cancelled, expired or the connection closed
            respond(call, result)
            scheduleFlush()
        }
    }

    /// Answers the calls finished on other threads. On the queue.
    private func answerFinished() {
        let answers = finished.withLock { finished in
            hasFinished.store(false, ordering: .relaxed)
            defer { finished.removeAll(keepingCapacity: true) }
            return finished
        }
        for answer in answers {
            guard let call = calls[answer.id] else { continue }  // cancelled, expired or the connection closed
            respond(call, answer.result)
        }
    }

    /// Ends `call` with `error` now, cancelling its work.
    private func finish(_ call: Call, with error: RPCError) {
        cancelWork(of: call)
        respond(call, .failure(error))
    }

    private func respond(_ call: Call, _ result: Result<[UInt8], RPCError>) {
        calls[call.id] = nil
        call.deadlineTimer?.cancel()
        call.sendWindow?.close()
        call.inbox?.finish(throwing: CancellationError())
        sendResponse(callID: call.id, info: call.info, serverStreaming: call.handler.descriptor.serverStreaming, result)
        finishDrainingIfDone()
    }

    /// Queues the RESPONSE frame that ends a call and records the call's end.
    private func sendResponse(
        callID: UInt32, info: CallInfo, serverStreaming: Bool, _ result: Result<[UInt8], RPCError>
    ) {
        let now = DispatchTime.now()
        lastCallActivity = now
        var metadata = info.context.responseMetadata
        if let requestID = info.context.metadata["request-id"] { metadata.add("request-id", requestID) }
        if metadata.isEmpty, !serverStreaming, case .success(let payload) = result, payload.count <= peerMaxFrameSize - 64 {
            // The common reply: OK with the response and no metadata, written straight into the
            // write buffer instead of building and encoding a ResponseTrailer.
            server.callEnded(info, status: .ok, message: "", handlerEnded: true, at: now)
            Frame.encodeHeader(
                into: &outgoing, payloadLength: ResponseTrailer.okEnvelopeCount(payloadCount: payload.count), callID: callID,
                type: .response, flags: [])
            ResponseTrailer.appendOKEnvelope(payload: payload, to: &outgoing)
            return
        }
        var trailer = ResponseTrailer()
        if !metadata.isEmpty { trailer.metadata = metadata.wireEntries }
        switch result {
        case .success(let payload):
            if serverStreaming {
                trailer.status = CallStatus()
            } else if payload.count > peerMaxFrameSize - 64 {
                let error = RPCError(
                    .resourceExhausted,
                    "the response of \(payload.count) bytes exceeds the client's max_frame_size of \(peerMaxFrameSize)")
                trailer.status = error.callStatus
            } else {
                trailer.status = CallStatus()
                trailer.payload = payload
            }
        case .failure(let error):
            trailer.status = error.callStatus
        }
        let status = trailer.status ?? CallStatus()
        server.callEnded(info, status: StatusCode(rawValue: status.code), message: status.message, handlerEnded: true, at: now)
        send(frame: .response, callID: callID, payload: encode(trailer))
    }

    private func reject(_ id: UInt32, _ error: RPCError) {
        server.rejectedCall(error.code)
        send(frame: .response, callID: id, payload: encode(ResponseTrailer(status: error.callStatus)))
    }

    private func cancelWork(of call: Call) {
        call.deadlineTimer?.cancel()
        call.info.context.markCancelled()
        call.task?.cancel()
        call.sendWindow?.close()
        call.inbox?.finish(throwing: CancellationError())
    }

    private func finishDrainingIfDone() {
        if phase == .draining && calls.isEmpty {
            flush()
            teardown()
        }
    }

    // MARK: - Timeouts

    private func checkTimeouts() {
        guard phase != .closed else { return }
        let now = DispatchTime.now()
        func elapsed(since instant: DispatchTime) -> UInt64 {
            now.uptimeNanoseconds &- instant.uptimeNanoseconds
        }
        if phase == .awaitingPreface || phase == .awaitingSettings {
            if elapsed(since: openedAt) > configuration.handshakeTimeout.nanoseconds {
                fail(
                    RPCError(.deadlineExceeded, "no preface and SETTINGS within \(configuration.handshakeTimeout)"),
                    sendPreface: phase == .awaitingPreface)
                flush()
            }
            return
        }
        if let since = partialFrameSince, elapsed(since: since) > configuration.frameTimeout.nanoseconds {
            fail(
                RPCError(
                    .invalidArgument,
                    "a frame begun \(configuration.frameTimeout) ago has not arrived completely; it arrived too slowly"))
            flush()
            return
        }
        if let sent = pingSentAt {
            if elapsed(since: sent) > configuration.keepaliveTimeout.nanoseconds {
                logger.info("closing: no answer to a keepalive ping")
                teardown()
            }
        } else if elapsed(since: lastReceived) > configuration.keepaliveInterval.nanoseconds {
            pingSentAt = now
            send(frame: .ping, callID: 0, payload: [UInt8](repeating: 0, count: ProtocolConstants.pingPayloadLength))
            flush()
        }
        if calls.isEmpty && phase == .open && elapsed(since: lastCallActivity) > configuration.idleTimeout.nanoseconds {
            phase = .draining
            send(
                frame: .goAway, callID: 0,
                payload: encode(GoAway(lastCallID: highestCallID, status: CallStatus(code: 0, message: "idle"))))
            flush()
            teardown()
        }
    }

    // MARK: - Sending

    private func send(frame type: FrameType, callID: UInt32, flags: FrameFlags = [], payload: [UInt8]) {
        Frame.encodeHeader(into: &outgoing, payloadLength: payload.count, callID: callID, type: type, flags: flags)
        outgoing.append(contentsOf: payload)
    }

    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        queue.async { [self] in
            flushScheduled = false
            flush()
        }
    }

    private func flush() {
        guard !outgoing.isEmpty else { return }
        let bytes = outgoing
        outgoing.removeAll(keepingCapacity: true)
        transport.send(bytes)
    }

    /// Ends the connection for a protocol error: GOAWAY naming it, then close.
    private func fail(_ error: RPCError, sendPreface: Bool = false) {
        guard phase != .closed else { return }
        logger.info("closing the connection: \(error.message)")
        if sendPreface { outgoing += ProtocolConstants.preface }
        send(frame: .goAway, callID: 0, payload: encode(GoAway(lastCallID: highestCallID, status: error.callStatus)))
        teardown()
    }

    private func encode<M: ProtoMessage>(_ message: M) -> [UInt8] {
        // Envelopes hold only strings this server produced or validated, so encoding cannot fail;
        // if it ever did, an empty payload decodes as an all-default message.
        (try? message.serializedBytes()) ?? []
    }

    /// One per call: the specialised encoder.
    private func encode(_ trailer: ResponseTrailer) -> [UInt8] {
        (try? trailer.envelopeBytes()) ?? []
    }
}
