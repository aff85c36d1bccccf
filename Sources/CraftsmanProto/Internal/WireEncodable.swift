/// A message a hand-written encoder (``TeacherCodec``) writes without protobuf-c: it describes
/// its fields, once, to any ``WireSink``.
///
/// The description is followed twice. ``WireSizer`` adds up the encoded size of the message and
/// notes the size of each message inside it; ``WireWriter`` then writes every byte into one array
/// of exactly that size, each nested message's length taken from those notes. Both passes follow
/// the same description, so the lengths written are those of the bytes that follow them, and no
/// nested message is measured twice or built in an array of its own.
///
/// ```swift
/// extension CivilDate: WireEncodable {
///     func encodeFields<Sink: WireSink>(to sink: inout Sink) {
///         sink.int32(1, year)
///         sink.int32(2, month)
///         sink.int32(3, day)
///     }
/// }
/// let bytes = CivilDate(year: 2026, month: 3, day: 1).wireBytes()  // [8, 234, 15, 16, 3, 24, 1]
/// ```
///
/// Public so that a module mapping its own values to messages (the server's journal entries of
/// teacher writes) can describe them without building the message's struct first; a test must
/// then show the bytes equal the generic path's.
public protocol WireEncodable {
    /// Sends `sink` each field protobuf-c would write, in the order it writes them: by field
    /// number (protoc-c sorts a message's fields by number, oneof members among the others).
    func encodeFields<Sink: WireSink>(to sink: inout Sink)
}

/// Where a ``WireEncodable`` message sends its fields: ``WireSizer`` measures them,
/// ``WireWriter`` writes them.
///
/// The requirements, named `…Field`, send a field whatever its value: what a oneof member needs,
/// which protobuf-c writes whenever it is set, even at 0 or empty. The methods without the suffix
/// follow proto3's rule for fields without presence, as protobuf-c does: a value at its default
/// (0, false, an empty string, an absent message) is left out.
public protocol WireSink {
    /// A varint field holding `value`.
    mutating func varintField(_ number: Int, _ value: UInt64)

    /// A length-delimited field holding the UTF-8 of `value`.
    mutating func stringField(_ number: Int, _ value: String)

    /// A length-delimited field holding `message`, written even when it is empty.
    mutating func messageField<Message: WireEncodable>(_ number: Int, _ message: Message)
}

extension WireSink {
    /// An `int32` field; protobuf-c writes a negative value sign-extended, in ten bytes.
    @inline(__always)
    public mutating func int32Field(_ number: Int, _ value: Int32) {
        varintField(number, UInt64(bitPattern: Int64(value)))
    }

    @inline(__always)
    public mutating func int32(_ number: Int, _ value: Int32) {
        if value != 0 { int32Field(number, value) }
    }

    @inline(__always)
    public mutating func int64(_ number: Int, _ value: Int64) {
        if value != 0 { varintField(number, UInt64(bitPattern: value)) }
    }

    @inline(__always)
    public mutating func bool(_ number: Int, _ value: Bool) {
        if value { varintField(number, 1) }
    }

    /// An enum field, which protobuf-c writes as an `int32`. The Swift enums are closed, so every
    /// value is one the schema defines: the generic path writes the same number.
    @inline(__always)
    public mutating func enumValue<E: ProtoEnum>(_ number: Int, _ value: E) {
        int32(number, value.rawValue)
    }

    @inline(__always)
    public mutating func string(_ number: Int, _ value: String) {
        if !value.isEmpty { stringField(number, value) }
    }

    /// A message field: left out when absent, written when present even if empty.
    @inline(__always)
    public mutating func message<Message: WireEncodable>(_ number: Int, _ message: Message?) {
        if let message { messageField(number, message) }
    }

    /// A repeated message field: one field per element, each written even if empty.
    @inline(__always)
    public mutating func messages<Message: WireEncodable>(_ number: Int, _ messages: [Message]) {
        for message in messages { messageField(number, message) }
    }
}

extension WireEncodable {
    /// The message's encoding, byte for byte protobuf-c's, or nil when a string in it holds NUL:
    /// protobuf-c's strings end at NUL, and the generic path refuses them with an error naming
    /// the field.
    public func wireBytes() -> [UInt8]? {
        // A teacher holds four messages besides its records, so the sizes of all but the largest
        // fit on the stack; beyond that, the message is measured again with room for every size.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 64) { stack in
            var sizer = WireSizer(sizes: stack)
            encodeFields(to: &sizer)
            if sizer.messageCount <= stack.count {
                return WireWriter.bytes(of: self, count: sizer.count, sizes: UnsafeBufferPointer(stack))
            }
            let heap = UnsafeMutableBufferPointer<Int>.allocate(capacity: sizer.messageCount)
            defer { heap.deallocate() }
            var again = WireSizer(sizes: heap)
            encodeFields(to: &again)
            return WireWriter.bytes(of: self, count: again.count, sizes: UnsafeBufferPointer(heap))
        }
    }
}
