/// A protobuf message of the Craftsman schema as a Swift value.
///
/// Every message in `proto/` has a generated conforming struct: fields are plain Swift values
/// (`String`, `[UInt8]`, integer types, generated enums, `[T]` for repeated fields, `T?` for
/// message fields and one-member oneofs) and the wire format comes from protobuf-c underneath.
///
/// ```swift
/// let date = CivilDate(year: 2026, month: 3, day: 1)
/// let bytes = try date.serializedBytes()
/// let back = try CivilDate(serializedBytes: bytes)
/// ```
public protocol ProtoMessage: Hashable, Sendable {
    /// The fully qualified protobuf name, for example `craftsman.v1.Teacher`.
    static var protoMessageName: String { get }

    /// A message with every field at its proto3 default.
    init()

    /// Decodes a message, validating it first (see ``ProtoDecodingError`` for what is refused).
    ///
    /// - Parameters:
    ///   - serializedBytes: the encoded message, exactly; trailing bytes are part of it.
    ///   - limits: size and allocation bounds applied before and during decoding.
    /// - Throws: ``ProtoDecodingError`` naming the field, the value and the rule broken.
    init(serializedBytes: UnsafeRawBufferPointer, limits: DecodingLimits) throws(ProtoDecodingError)

    /// Encodes the message in the protobuf wire format.
    ///
    /// - Throws: ``ProtoEncodingError`` when a value cannot be represented faithfully by
    ///   protobuf-c (a string holding a NUL character would be cut short).
    func serializedBytes() throws(ProtoEncodingError) -> [UInt8]
}

extension ProtoMessage {
    /// Decodes a message from an array of bytes; see ``init(serializedBytes:limits:)``.
    ///
    /// Inlinable, so that callers get it specialised for their message type: unspecialised, it
    /// looked up generic metadata on every call.
    @inlinable
    public init(serializedBytes bytes: [UInt8], limits: DecodingLimits = .default) throws(ProtoDecodingError) {
        let decoded = bytes.withUnsafeBytes { raw in
            Result { () throws(ProtoDecodingError) in try Self(serializedBytes: raw, limits: limits) }
        }
        self = try decoded.get()
    }

    /// Decodes a message from a slice of bytes; see ``init(serializedBytes:limits:)``.
    @inlinable
    public init(serializedBytes bytes: ArraySlice<UInt8>, limits: DecodingLimits = .default) throws(ProtoDecodingError) {
        let decoded = bytes.withUnsafeBytes { raw in
            Result { () throws(ProtoDecodingError) in try Self(serializedBytes: raw, limits: limits) }
        }
        self = try decoded.get()
    }
}
