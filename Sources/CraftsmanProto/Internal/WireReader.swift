#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads protobuf wire-format primitives for the hand-written codecs (``EnvelopeCodec``,
/// ``TeacherCodec``).
///
/// Those codecs are shortcuts that must never accept what the generic path (``WireValidator``
/// and protobuf-c) refuses nor read a value differently, so every read here answers nil on
/// anything unusual, even where the generic path would accept it: a tag in more than two bytes, a
/// varint padded with a zero byte, a length in more than 5 bytes (protobuf-c reads no more), a
/// value running past the end. The codec then hands the input to the generic path, which decides.
struct WireReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset >= bytes.count }

    /// A varint of at most `maxBytes` bytes, without padding (a last byte of 0 after others),
    /// and within 64 bits as the validator demands.
    @inline(__always)
    mutating func varint(maxBytes: Int = 10) -> UInt64? {
        // Most values (field numbers, enums, small counts) fit in one byte.
        if offset < bytes.count, bytes[offset] < 0x80, maxBytes > 0 {
            defer { offset += 1 }
            return UInt64(bytes[offset])
        }
        return multiByteVarint(maxBytes: maxBytes)
    }

    private mutating func multiByteVarint(maxBytes: Int) -> UInt64? {
        // Two bytes (128 to 16,383: years, lengths of longer strings) without the loop.
        if maxBytes >= 2, offset + 1 < bytes.count, bytes[offset] >= 0x80, bytes[offset + 1] < 0x80, bytes[offset + 1] != 0 {
            defer { offset += 2 }
            return UInt64(bytes[offset] & 0x7F) | UInt64(bytes[offset + 1]) << 7
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var index = offset
        while index < bytes.count && index - offset < maxBytes {
            let byte = bytes[index]
            index += 1
            if shift == 63 && byte > 1 { return nil }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                guard byte != 0 || shift == 0 else { return nil }
                offset = index
                return result
            }
            shift += 7
        }
        return nil
    }

    /// A field tag in one byte (field numbers 1–15) or two (up to 2047), the only forms the
    /// hand-written codecs' field numbers need; field number 0 is refused.
    @inline(__always)
    mutating func tag() -> (number: Int, wireType: Int)? {
        guard offset < bytes.count else { return nil }
        let first = bytes[offset]
        if first & 0x80 == 0 {
            guard first >= 8 else { return nil }
            offset += 1
            return (Int(first >> 3), Int(first & 7))
        }
        guard offset + 1 < bytes.count else { return nil }
        let second = bytes[offset + 1]
        guard second != 0, second & 0x80 == 0 else { return nil }
        offset += 2
        return (Int(first & 0x7F) >> 3 | Int(second) << 4, Int(first & 7))
    }

    /// The value of a length-delimited field (the length in at most 5 bytes, as protobuf-c reads it).
    @inline(__always)
    mutating func lengthDelimited() -> UnsafeRawBufferPointer? {
        guard let length = varint(maxBytes: 5), length <= UInt64(bytes.count - offset) else { return nil }
        let start = offset
        offset += Int(length)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
    }

    /// The value of a string field: nil when it holds NUL or is not valid UTF-8, which the
    /// generic path refuses.
    @inline(__always)
    mutating func string() -> String? {
        guard let value = lengthDelimited() else { return nil }
        return Self.string(value)
    }

    /// A string from `bytes`, or nil when they hold NUL or are not valid UTF-8.
    ///
    /// `memchr` finds a NUL (vectorised, as is `memcmp` below). `String(decoding:as:)` validates
    /// as it copies (its rules are ``WireValidator``'s: no overlong forms, surrogates or values
    /// past U+10FFFF) and repairs what is invalid, so the new string holds exactly the input's
    /// bytes if and only if they were valid. (An earlier pass of our own, eight bytes at a time,
    /// that let ASCII skip the comparison cost more than the comparison. `String(validating:as:)`
    /// says so directly, but is not specialised for UTF-8: it looked up generic metadata for every
    /// string, a tenth of a client's time.)
    static func string(_ bytes: UnsafeRawBufferPointer) -> String? {
        let count = bytes.count
        guard let base = bytes.baseAddress, count > 0 else { return "" }
        guard memchr(base, 0, count) == nil else { return nil }
        let string = String(decoding: bytes, as: UTF8.self)
        guard string.utf8.count == count,
            string.utf8.withContiguousStorageIfAvailable({ memcmp($0.baseAddress!, base, count) == 0 }) == true
        else { return nil }
        return string
    }

    /// A `uint32` value, as protobuf-c reads it without truncation.
    @inline(__always)
    mutating func uint32() -> UInt32? {
        guard let value = varint(maxBytes: 5), value <= UInt64(UInt32.max) else { return nil }
        return UInt32(value)
    }

    /// An `int32` value: a non-negative one in at most 5 bytes, or a negative one sign-extended to
    /// 64 bits, as protobuf-c writes them. protobuf-c keeps the low 32 bits of any other varint;
    /// such inputs are left to it.
    @inline(__always)
    mutating func int32() -> Int32? {
        guard let value = varint() else { return nil }
        guard value <= UInt64(Int32.max) || value >= 0xFFFF_FFFF_8000_0000 else { return nil }
        return Int32(truncatingIfNeeded: value)
    }

    /// An `int64` value: all 64 bits of the varint, as protobuf-c reads them.
    @inline(__always)
    mutating func int64() -> Int64? {
        varint().map { Int64(bitPattern: $0) }
    }

    /// A `bool` written as 0 or 1; protobuf-c reads any other varint as true, left to it.
    @inline(__always)
    mutating func bool() -> Bool? {
        guard offset < bytes.count, bytes[offset] <= 1 else { return nil }
        defer { offset += 1 }
        return bytes[offset] == 1
    }

    /// A value of the closed enum `E`; a number the schema does not define is left to the
    /// generic path, which refuses it with the error naming the field.
    @inline(__always)
    mutating func enumValue<E: ProtoEnum>(_: E.Type) -> E? {
        guard let value = varint(maxBytes: 5), value <= UInt64(Int32.max) else { return nil }
        return E(rawValue: Int32(value))
    }
}
