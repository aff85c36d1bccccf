internal import CProtobufC

/// A generated message type that maps field by field onto its protobuf-c struct.
///
/// Generated code implements both directions; ``ProtoCodec`` wraps them with validation,
/// allocation bounds and protobuf-c's pack and unpack. Kept internal so that no pointer leaves
/// this module.
protocol CMessageBridged: ProtoMessage {
    /// The struct protoc-c generated for this message.
    associatedtype CStruct

    /// protobuf-c's descriptor of the message, the very global protoc-c emitted.
    static var cDescriptor: UnsafePointer<ProtobufCMessageDescriptor> { get }

    /// Copies a message that protobuf-c unpacked (and ``WireValidator`` vetted) into Swift.
    init(cStruct: UnsafePointer<CStruct>) throws(ProtoDecodingError)

    /// The message read straight from `bytes` by a hand-written decoder (``TeacherCodec``), or
    /// nil, which sends the input down the generic path. A decoder answers only for plain, valid
    /// messages within `limits`, with the very value the generic path would give; for anything
    /// else it answers nil and the generic path decides. Most types have none (the default).
    static func directlyDecoded(_ bytes: UnsafeRawBufferPointer, limits: DecodingLimits) -> Self?

    /// The message's encoding written by a hand-written encoder (``TeacherCodec``), or nil, which
    /// sends the value down the generic path. An encoder answers only with the very bytes
    /// protobuf-c would write; for a value the generic path refuses (a string holding NUL), or
    /// one it does not handle, it answers nil and the generic path decides. Most types have
    /// none (the default).
    static func directlyEncoded(_ message: Self) -> [UInt8]?

    /// Fills an initialised C struct, allocating strings, arrays and sub-messages in `arena`.
    func write(to cStruct: UnsafeMutablePointer<CStruct>, in arena: inout CArena) throws(ProtoEncodingError)
}

extension CMessageBridged {
    static func directlyDecoded(_ bytes: UnsafeRawBufferPointer, limits: DecodingLimits) -> Self? {
        nil
    }

    static func directlyEncoded(_ message: Self) -> [UInt8]? {
        nil
    }
}
