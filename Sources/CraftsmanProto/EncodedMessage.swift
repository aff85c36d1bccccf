/// A message of type `Message` in its wire form, encoded once and kept, so that a server can
/// answer with it again without encoding it again.
///
/// The bytes come only from encoding a `Message`, so they always decode as one.
///
/// ```swift
/// let reply = try EncodedMessage(EchoResponse(payload: [1, 2, 3]))
/// let back = try EchoResponse(serializedBytes: reply.bytes)
/// ```
public struct EncodedMessage<Message: ProtoMessage>: Sendable, Hashable {
    /// The encoded message.
    public let bytes: [UInt8]

    /// Encodes `message`.
    ///
    /// - Throws: ``ProtoEncodingError`` when a value cannot be represented (see
    ///   ``ProtoMessage/serializedBytes()``).
    public init(_ message: Message) throws(ProtoEncodingError) {
        bytes = try message.serializedBytes()
    }

    /// Bytes this module built to be exactly what encoding a `Message` writes
    /// (``TeacherReplySplice``).
    init(splicedBytes bytes: [UInt8]) {
        self.bytes = bytes
    }
}
