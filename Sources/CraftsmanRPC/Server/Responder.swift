import CraftsmanProto

/// How a handler registered with ``Router/register(_:completing:)`` answers its call, once,
/// from any thread. An answer after the call ended (cancelled, past its deadline, connection
/// closed) is dropped; an answer never given leaves the call to its deadline or the client.
public struct Responder<Output: ProtoMessage>: Sendable {
    let deliver: @Sendable (Result<[UInt8], RPCError>) -> Void

    /// Answers with `output`, encoded on the calling thread.
    public func succeed(_ output: Output) {
        deliver(Result { () throws(RPCError) in try Router.encode(output) })
    }

    /// Answers with a response encoded beforehand.
    public func succeed(_ encoded: EncodedMessage<Output>) {
        deliver(.success(encoded.bytes))
    }

    /// Answers with `error`'s status: an ``RPCError`` as it is, anything else as UNKNOWN.
    public func fail(_ error: any Error) {
        deliver(.failure(RPCError.from(error)))
    }
}
