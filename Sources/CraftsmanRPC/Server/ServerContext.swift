import CraftsmanProto
import Dispatch
import Synchronization

/// What a handler knows about its call: the method, the caller's metadata, the deadline and the
/// connection, and a way to add response metadata.
public final class ServerContext: Sendable {
    /// The method being called.
    public let method: MethodDescriptor
    /// The call's id on its connection.
    public let callID: UInt32
    /// Request metadata (for example `authorization`, `request-id`).
    public let metadata: Metadata
    /// When the call must be finished, if the client set a deadline.
    public let deadline: DispatchTime?
    /// The peer's address, for logs (`127.0.0.1:50412`, `unix`).
    public let peer: String

    private let state = Mutex<State>(State())

    private struct State {
        var cancelled = false
        var responseMetadata = Metadata()
    }

    init(method: MethodDescriptor, callID: UInt32, metadata: Metadata, deadline: DispatchTime?, peer: String) {
        self.method = method
        self.callID = callID
        self.metadata = metadata
        self.deadline = deadline
        self.peer = peer
    }

    /// Whether the call was cancelled (by the client, its deadline, or the connection closing).
    /// Async handlers also see `Task.isCancelled`.
    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Adds an entry to the response metadata sent with the call's RESPONSE frame.
    public func addResponseMetadata(_ key: String, _ value: String) {
        state.withLock { $0.responseMetadata.add(key, value) }
    }

    var responseMetadata: Metadata { state.withLock { $0.responseMetadata } }

    func markCancelled() {
        state.withLock { $0.cancelled = true }
    }
}
