#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The ``WireSink`` that writes: the bytes of a message ``WireSizer`` measured, into an array of
/// exactly that size, each nested message's length from the sizer's notes.
///
/// Each string is copied once, from its UTF-8 straight into the result, and searched for NUL
/// there (`memchr`): a NUL makes the encoding nil, for the generic path to refuse with its error.
/// Every write is bounds-checked, and each nested message's bytes checked against its noted size,
/// so a sizer and writer that disagreed would stop the process rather than write past the array
/// or leave bytes unwritten; `TeacherCodecEncodingTests` checks they agree with protobuf-c.
struct WireWriter: WireSink {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private let sizes: UnsafeBufferPointer<Int>
    private var offset = 0
    private var nextSize = 0
    private var holdsNUL = false

    private init(buffer: UnsafeMutableBufferPointer<UInt8>, sizes: UnsafeBufferPointer<Int>) {
        self.buffer = buffer
        self.sizes = sizes
    }

    /// The `count` bytes of `message`, whose nested messages have the sizes in `sizes` (in the
    /// order ``WireSizer`` noted them), or nil when a string in it holds NUL.
    static func bytes<Message: WireEncodable>(of message: Message, count: Int, sizes: UnsafeBufferPointer<Int>) -> [UInt8]? {
        var holdsNUL = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            var writer = WireWriter(buffer: UnsafeMutableBufferPointer(rebasing: buffer[..<count]), sizes: sizes)
            message.encodeFields(to: &writer)
            precondition(writer.offset == count, "WireWriter: \(writer.offset) bytes written, \(count) measured")
            initializedCount = count
            holdsNUL = writer.holdsNUL
        }
        return holdsNUL ? nil : bytes
    }

    @inline(__always)
    private mutating func byte(_ value: UInt8) {
        precondition(offset < buffer.count, "WireWriter: more bytes written than measured")
        buffer[offset] = value
        offset += 1
    }

    @inline(__always)
    private mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            byte(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        byte(UInt8(truncatingIfNeeded: rest))
    }

    @inline(__always)
    private mutating func tag(_ number: Int, lengthDelimited: Bool) {
        varint(UInt64(number) << 3 | (lengthDelimited ? 2 : 0))
    }

    @inline(__always)
    mutating func varintField(_ number: Int, _ value: UInt64) {
        tag(number, lengthDelimited: false)
        varint(value)
    }

    mutating func stringField(_ number: Int, _ value: String) {
        tag(number, lengthDelimited: true)
        var value = value
        value.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            guard let source = utf8.baseAddress, !utf8.isEmpty else { return }
            precondition(utf8.count <= buffer.count - offset, "WireWriter: more bytes written than measured")
            let destination = buffer.baseAddress! + offset
            destination.initialize(from: source, count: utf8.count)
            if memchr(destination, 0, utf8.count) != nil { holdsNUL = true }
            offset += utf8.count
        }
    }

    mutating func messageField<Message: WireEncodable>(_ number: Int, _ message: Message) {
        precondition(nextSize < sizes.count, "WireWriter: more messages written than measured")
        let size = sizes[nextSize]
        nextSize += 1
        tag(number, lengthDelimited: true)
        varint(UInt64(size))
        let start = offset
        message.encodeFields(to: &self)
        precondition(offset - start == size, "WireWriter: \(offset - start) bytes written for a message, \(size) measured")
    }
}
