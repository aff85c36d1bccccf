import CraftsmanProto
import Synchronization

/// Sends the responses of a server-streaming call, waiting whenever the client's window for the
/// call is used up (docs/PROTOCOL.md, section 4, Flow control).
public struct ResponseWriter<Message: ProtoMessage>: Sendable {
    let raw: RawResponseWriter

    /// Sends one response message.
    ///
    /// - Throws: `CancellationError` once the call is cancelled or its connection closed;
    ///   ``RPCError`` if the message cannot be encoded.
    public func write(_ message: Message) async throws {
        try await raw.write(try Router.encode(message))
    }
}

/// The request messages of a client-streaming call, as they arrive.
public struct RequestStream<Message: ProtoMessage>: AsyncSequence, Sendable {
    let raw: RawRequestStream

    public struct AsyncIterator: AsyncIteratorProtocol {
        var raw: RawRequestStream.AsyncIterator

        public mutating func next() async throws -> Message? {
            guard let bytes = try await raw.next() else { return nil }
            return try Router.decode(Message.self, bytes)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(raw: raw.makeAsyncIterator())
    }
}

/// Credit-based sending for one call: a message may be sent only while the peer's window allows.
/// Shared by the server (server streams) and the client library (client streams).
public final class SendWindow: Sendable {
    private struct State {
        var credit: Int
        var waiter: CheckedContinuation<Void, any Error>?
        var closed = false
    }

    private let state: Mutex<State>

    /// A window of `initial` messages.
    public init(initial: Int) {
        state = Mutex(State(credit: initial))
    }

    /// Takes one credit, waiting for a WINDOW frame when there is none.
    public func acquire() async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.closed { return .failure(CancellationError()) }
                    if state.credit > 0 {
                        state.credit -= 1
                        return .success(())
                    }
                    state.waiter = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            close()
        }
    }

    /// Adds `count` credits (a WINDOW frame arrived).
    public func grant(_ count: Int) {
        let waiter: CheckedContinuation<Void, any Error>? = state.withLock { state in
            state.credit += count
            guard let waiter = state.waiter, state.credit > 0 else { return nil }
            state.credit -= 1
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Fails the current and every later ``acquire()``: the call ended.
    public func close() {
        let waiter: CheckedContinuation<Void, any Error>? = state.withLock { state in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(throwing: CancellationError())
    }
}

/// Sends encoded response messages of a server-streaming call.
public struct RawResponseWriter: Sendable {
    let window: SendWindow
    let send: @Sendable ([UInt8]) -> Void

    /// Sends one encoded message once the window allows.
    public func write(_ bytes: [UInt8]) async throws {
        try Task.checkCancellation()
        try await window.acquire()
        send(bytes)
    }
}

/// A queue of received messages that one consumer reads as an `AsyncSequence`; shared by the
/// server (client streams) and the client library (server streams).
public final class MessageInbox: Sendable {
    private struct State {
        var messages: [[UInt8]] = []
        var head = 0
        var finished = false
        var failure: (any Error)?
        var waiter: CheckedContinuation<[UInt8]?, any Error>?
    }

    private let state = Mutex(State())
    /// Called after each message the consumer takes, to return window credit to the sender.
    let consumed: @Sendable () -> Void

    /// An inbox that calls `consumed` after each message the consumer takes.
    public init(consumed: @escaping @Sendable () -> Void) {
        self.consumed = consumed
    }

    /// Tells the sender's side that the consumer took a message (returns window credit).
    public func markConsumed() {
        consumed()
    }

    /// Delivers a message.
    public func push(_ message: [UInt8]) {
        let waiter: CheckedContinuation<[UInt8]?, any Error>? = state.withLock { state in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.messages.append(message)
            return nil
        }
        waiter?.resume(returning: message)
    }

    /// Ends the sequence, with an error or normally.
    public func finish(throwing error: (any Error)? = nil) {
        let waiter: CheckedContinuation<[UInt8]?, any Error>? = state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            state.failure = error
            defer { state.waiter = nil }
            return state.waiter
        }
        if let error { waiter?.resume(throwing: error) } else { waiter?.resume(returning: nil) }
    }

    /// The next message; nil at the end. One consumer at a time.
    public func next() async throws -> [UInt8]? {
        let message: [UInt8]? = try await withCheckedThrowingContinuation { continuation in
            let ready: Result<[UInt8]?, any Error>? = state.withLock { state in
                if state.head < state.messages.count {
                    let message = state.messages[state.head]
                    state.head += 1
                    if state.head == state.messages.count {
                        state.messages.removeAll(keepingCapacity: true)
                        state.head = 0
                    }
                    return .success(message)
                }
                if state.finished {
                    if let failure = state.failure { return .failure(failure) }
                    return .success(nil)
                }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
        return message
    }
}

/// The encoded request messages of a client-streaming call.
public struct RawRequestStream: AsyncSequence, Sendable {
    let inbox: MessageInbox

    /// A stream reading `inbox`.
    public init(inbox: MessageInbox) {
        self.inbox = inbox
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let inbox: MessageInbox

        public mutating func next() async throws -> [UInt8]? {
            let message = try await inbox.next()
            if message != nil { inbox.markConsumed() }
            return message
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(inbox: inbox)
    }
}
