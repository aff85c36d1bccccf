/// Splits a byte stream into frames (docs/PROTOCOL.md, sections 2 and 3).
///
/// A pure value: feed it bytes as they arrive, in any chunking, and take events out with
/// ``next()`` until it answers ``Event/needMoreData``. A payload longer than the limit is never
/// buffered: the decoder reports it from the header alone and then drops those bytes as they
/// arrive, so the connection stays usable.
///
/// ```swift
/// var decoder = FrameDecoder(maxFrameSize: 4 << 20, expectsPreface: true)
/// decoder.append(bytesFromSocket)
/// while case let event = decoder.next(), event != .needMoreData { handle(event) }
/// ```
public struct FrameDecoder: Sendable {
    /// What the decoder found next in the stream.
    public enum Event: Hashable, Sendable {
        /// The peer's preface was read and its magic is right.
        case preface(major: UInt8, minor: UInt8)
        /// The first bytes are not the protocol's magic; decoding stops here.
        case badPreface([UInt8])
        /// A whole frame.
        case frame(Frame)
        /// A frame header declared `length` payload bytes, over the limit; its payload is being
        /// skipped without being stored.
        case oversizedFrame(callID: UInt32, type: FrameType, flags: FrameFlags, length: Int)
        /// Nothing more until more bytes arrive.
        case needMoreData
    }

    /// The largest payload accepted; larger ones are reported and skipped.
    public var maxFrameSize: Int

    private var storage: [UInt8] = []
    private var readIndex = 0
    private var awaitingPreface: Bool
    private var failed = false
    private var bytesToSkip = 0

    /// Creates a decoder.
    /// - Parameters:
    ///   - maxFrameSize: the largest frame payload to accept.
    ///   - expectsPreface: whether the stream starts with the 10-byte preface.
    public init(maxFrameSize: Int, expectsPreface: Bool) {
        self.maxFrameSize = maxFrameSize
        awaitingPreface = expectsPreface
    }

    /// Whether part of a preface or frame has arrived and the rest has not: the moment a
    /// slowloris guard should be watching.
    public var isInsideFrame: Bool {
        bytesToSkip > 0 || storage.count > readIndex
    }

    /// Bytes buffered and not yet returned as frames.
    public var bufferedByteCount: Int { storage.count - readIndex }

    /// Adds bytes read from the connection.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        var bytes = bytes
        if bytesToSkip > 0 {
            let skipped = min(bytesToSkip, bytes.count)
            bytesToSkip -= skipped
            bytes = UnsafeRawBufferPointer(rebasing: bytes[skipped...])
        }
        guard !bytes.isEmpty else { return }
        if readIndex > 0 && readIndex == storage.count {
            storage.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex > 65536 && readIndex > storage.count / 2 {
            storage.removeFirst(readIndex)
            readIndex = 0
        }
        storage.append(contentsOf: bytes)
    }

    /// Adds bytes read from the connection.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// A whole frame whose payload is still in the decoder's buffer (see ``nextLendingPayload()``).
    public struct LentFrame: Hashable, Sendable {
        /// 0 for connection frames, otherwise the call the frame belongs to.
        public let callID: UInt32
        /// The frame's kind.
        public let type: FrameType
        /// The frame's flags.
        public let flags: FrameFlags
        /// Where the payload is in the decoder's buffer.
        let payloadRange: Range<Int>

        /// The payload's length in bytes.
        public var payloadCount: Int { payloadRange.count }
    }

    /// What ``nextLendingPayload()`` found: a whole frame, its payload left in the decoder, or
    /// any other event of ``next()``.
    public enum LendingEvent: Hashable, Sendable {
        /// A whole frame; read its payload with ``withPayload(of:_:)``.
        case frame(LentFrame)
        /// Anything but a whole frame, as ``next()`` reports it.
        case other(Event)
    }

    /// The next event in the stream.
    public mutating func next() -> Event {
        switch nextLendingPayload() {
        case .frame(let frame):
            .frame(Frame(callID: frame.callID, type: frame.type, flags: frame.flags, payload: Array(storage[frame.payloadRange])))
        case .other(let event):
            event
        }
    }

    /// The next event in the stream, as ``next()`` finds it, except that a whole frame's payload
    /// is not copied out: it stays in the decoder, to be read with ``withPayload(of:_:)`` until
    /// the next ``append(_:)``. A connection that handles each frame before reading more saves an
    /// allocation and a copy per frame.
    public mutating func nextLendingPayload() -> LendingEvent {
        guard !failed else { return .other(.needMoreData) }
        let available = storage.count - readIndex
        if awaitingPreface {
            guard available >= ProtocolConstants.prefaceLength else {
                // A wrong first byte is reported at once rather than after ten bytes.
                let checked = min(available, ProtocolConstants.magic.count)
                if checked > 0, !storage[readIndex..<readIndex + checked].elementsEqual(ProtocolConstants.magic.prefix(checked)) {
                    failed = true
                    return .other(.badPreface(Array(storage[readIndex...])))
                }
                return .other(.needMoreData)
            }
            let preface = storage[readIndex..<readIndex + ProtocolConstants.prefaceLength]
            readIndex += ProtocolConstants.prefaceLength
            awaitingPreface = false
            guard preface.prefix(ProtocolConstants.magic.count).elementsEqual(ProtocolConstants.magic) else {
                failed = true
                return .other(.badPreface(Array(preface)))
            }
            return .other(.preface(major: preface[preface.startIndex + 8], minor: preface[preface.startIndex + 9]))
        }
        guard available >= ProtocolConstants.frameHeaderLength else { return .other(.needMoreData) }
        let header = readIndex
        let length =
            Int(storage[header]) << 24 | Int(storage[header + 1]) << 16 | Int(storage[header + 2]) << 8
            | Int(storage[header + 3])
        let callID =
            UInt32(storage[header + 4]) << 24 | UInt32(storage[header + 5]) << 16 | UInt32(storage[header + 6]) << 8
            | UInt32(storage[header + 7])
        let type = FrameType(rawValue: storage[header + 8])
        let flags = FrameFlags(rawValue: storage[header + 9])
        if length > maxFrameSize {
            readIndex += ProtocolConstants.frameHeaderLength
            let present = min(length, storage.count - readIndex)
            readIndex += present
            bytesToSkip = length - present
            return .other(.oversizedFrame(callID: callID, type: type, flags: flags, length: length))
        }
        guard available >= ProtocolConstants.frameHeaderLength + length else { return .other(.needMoreData) }
        let start = header + ProtocolConstants.frameHeaderLength
        readIndex = start + length
        return .frame(LentFrame(callID: callID, type: type, flags: flags, payloadRange: start..<start + length))
    }

    /// Lends `body` the payload of `frame`, the frame ``nextLendingPayload()`` returned last.
    public func withPayload<Result>(of frame: LentFrame, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[frame.payloadRange])) }
    }
}
