import CraftsmanProto
import Dispatch

/// What an interceptor sees of a call.
public struct CallInfo: Sendable {
    /// The method called.
    public let method: MethodDescriptor
    /// The call's context (metadata, deadline, peer).
    public let context: ServerContext
    /// When the server read the call's REQUEST frame.
    public let startedAt: DispatchTime
    /// The handler's ``MethodHandler/index`` in the server's router.
    let methodIndex: Int
}

/// Code that runs around every call — unary and streaming alike — for authentication, logging and
/// metrics.
///
/// Both hooks are synchronous and run on the connection's queue, so they must be quick; they add
/// no task or queue hop to a call.
public protocol ServerInterceptor: Sendable {
    /// Called after the request header is read and before the handler starts. Throwing refuses
    /// the call with the thrown error (for example UNAUTHENTICATED); the handler never runs.
    func callStarted(_ call: CallInfo) throws(RPCError)

    /// Called once when the call ends, with its final status and how long it took.
    func callEnded(_ call: CallInfo, status: StatusCode, message: String, duration: Duration)
}

extension ServerInterceptor {
    public func callStarted(_ call: CallInfo) throws(RPCError) {}
    public func callEnded(_ call: CallInfo, status: StatusCode, message: String, duration: Duration) {}
}
