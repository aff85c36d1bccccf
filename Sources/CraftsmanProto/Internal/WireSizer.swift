/// The ``WireSink`` that measures: the encoded size of a message, and the size of each message
/// inside it in the order ``WireWriter`` will need them.
///
/// Sizes are protobuf-c's: minimal varints for tags, lengths and values. A string counts its
/// UTF-8 bytes (a stored count for native strings: nothing is read).
struct WireSizer: WireSink {
    /// The encoded size of the fields sent so far.
    private(set) var count = 0

    /// How many nested messages were measured, kept in `sizes` or not.
    private(set) var messageCount = 0

    /// The size of each nested message, depth-first in the order they begin (a message before
    /// the messages inside it), as many as fit.
    private let sizes: UnsafeMutableBufferPointer<Int>

    init(sizes: UnsafeMutableBufferPointer<Int>) {
        self.sizes = sizes
    }

    /// The number of bytes of `value` as a varint.
    @inline(__always)
    static func varintSize(_ value: UInt64) -> Int {
        // 7 bits a byte; `| 1` makes 0 take one byte like any value below 128.
        (64 - (value | 1).leadingZeroBitCount + 6) / 7
    }

    /// The number of bytes of the tag of field `number`.
    @inline(__always)
    static func tagSize(_ number: Int) -> Int {
        varintSize(UInt64(number) << 3)
    }

    @inline(__always)
    mutating func varintField(_ number: Int, _ value: UInt64) {
        count += Self.tagSize(number) + Self.varintSize(value)
    }

    @inline(__always)
    mutating func stringField(_ number: Int, _ value: String) {
        let length = value.utf8.count
        count += Self.tagSize(number) + Self.varintSize(UInt64(length)) + length
    }

    mutating func messageField<Message: WireEncodable>(_ number: Int, _ message: Message) {
        // The slot is taken before the fields are measured, so the writer, which meets this
        // message before the ones inside it, finds its size first.
        let slot = messageCount
        messageCount += 1
        let outer = count
        count = 0
        message.encodeFields(to: &self)
        let size = count
        if slot < sizes.count { sizes[slot] = size }
        count = outer + Self.tagSize(number) + Self.varintSize(UInt64(size)) + size
    }
}
