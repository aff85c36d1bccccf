import CraftsmanProto

/// A method's implementation over encoded messages; built by ``Router`` from typed closures.
///
/// A class: a call holds its handler by one reference instead of copying the descriptor's strings.
public final class MethodHandler: Sendable {
    /// How the handler runs.
    enum Body: Sendable {
        /// One request, one response. Runs on the connection's queue without a task — the fastest
        /// path, for work that never blocks — and may hand the rest of the work to a task. The
        /// request's bytes are lent (still in the connection's read buffer): they are decoded
        /// before the body returns and never kept.
        case unary(@Sendable (UnsafeRawBufferPointer, ServerContext) throws -> InlineResult)
        /// One request, one response that the handler starts on the connection's queue and
        /// delivers later through the callback, from any thread, without a task: for work that
        /// finishes in a callback of its own (a journal flush that many calls share). The
        /// request's bytes are lent, as for `unary`.
        case unaryCompleting(
            @Sendable (UnsafeRawBufferPointer, ServerContext, @escaping @Sendable (Result<[UInt8], RPCError>) -> Void) throws
                -> Void)
        /// One request, a stream of responses.
        case serverStreaming(@Sendable ([UInt8], ServerContext, RawResponseWriter) async throws -> Void)
        /// A stream of requests, one response.
        case clientStreaming(@Sendable (RawRequestStream, ServerContext) async throws -> [UInt8])
    }

    /// The method as the schema declares it.
    public let descriptor: MethodDescriptor
    let body: Body
    /// The handler's position in its router's registration order: servers keep per-method state
    /// (the stats' counters) in arrays indexed by it.
    let index: Int

    init(descriptor: MethodDescriptor, body: Body, index: Int) {
        self.descriptor = descriptor
        self.body = body
        self.index = index
    }
}

/// What the inline part of a unary handler produced.
enum InlineResult: Sendable {
    /// The encoded response, ready now.
    case response([UInt8])
    /// Work that must wait (for a disk flush, a timer): run it in a task.
    case deferred(@Sendable () async throws -> [UInt8])
}

/// The answer of an adaptive unary handler: now, or from a task.
public enum Reply<Output: Sendable>: Sendable {
    /// The response, computed on the connection's queue.
    case now(Output)
    /// Work that must wait; it runs in a task and its result is the response.
    case later(@Sendable () async throws -> Output)
}
