/// One frame: a header and its payload (docs/PROTOCOL.md, section 3).
public struct Frame: Hashable, Sendable {
    /// 0 for connection frames, otherwise the call the frame belongs to.
    public var callID: UInt32
    /// The frame's kind.
    public var type: FrameType
    /// The frame's flags.
    public var flags: FrameFlags
    /// The payload bytes.
    public var payload: [UInt8]

    public init(callID: UInt32, type: FrameType, flags: FrameFlags = [], payload: [UInt8] = []) {
        self.callID = callID
        self.type = type
        self.flags = flags
        self.payload = payload
    }

    /// Appends the encoded frame (header, then payload) to `buffer`.
    public func encode(into buffer: inout [UInt8]) {
        Frame.encodeHeader(into: &buffer, payloadLength: payload.count, callID: callID, type: type, flags: flags)
        buffer.append(contentsOf: payload)
    }

    /// The encoded frame.
    public var encoded: [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(ProtocolConstants.frameHeaderLength + payload.count)
        encode(into: &buffer)
        return buffer
    }

    /// Appends a frame header to `buffer`; the caller appends `payloadLength` payload bytes next.
    public static func encodeHeader(
        into buffer: inout [UInt8],
        payloadLength: Int,
        callID: UInt32,
        type: FrameType,
        flags: FrameFlags
    ) {
        precondition(payloadLength >= 0 && payloadLength <= Int(UInt32.max), "frame payload too large")
        let length = UInt32(payloadLength)
        buffer.append(UInt8(truncatingIfNeeded: length >> 24))
        buffer.append(UInt8(truncatingIfNeeded: length >> 16))
        buffer.append(UInt8(truncatingIfNeeded: length >> 8))
        buffer.append(UInt8(truncatingIfNeeded: length))
        buffer.append(UInt8(truncatingIfNeeded: callID >> 24))
        buffer.append(UInt8(truncatingIfNeeded: callID >> 16))
        buffer.append(UInt8(truncatingIfNeeded: callID >> 8))
        buffer.append(UInt8(truncatingIfNeeded: callID))
        buffer.append(type.rawValue)
        buffer.append(flags.rawValue)
    }
}
