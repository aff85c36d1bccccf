/// The kind of a frame (docs/PROTOCOL.md, section 3). Unknown kinds are kept so that they can be
/// skipped, as the protocol requires.
public struct FrameType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// `ConnectionSettings`, the first frame after the preface (call id 0).
    public static let settings = FrameType(rawValue: 0x01)
    /// `RequestHeader`: opens a call.
    public static let request = FrameType(rawValue: 0x02)
    /// One encoded application message.
    public static let message = FrameType(rawValue: 0x03)
    /// `ResponseTrailer`: ends a call.
    public static let response = FrameType(rawValue: 0x04)
    /// The client abandons a call (empty payload).
    public static let cancel = FrameType(rawValue: 0x05)
    /// More MESSAGE frames the peer may send on a call (4-byte big-endian payload).
    public static let window = FrameType(rawValue: 0x06)
    /// Keepalive: 8 opaque bytes; answered with the ACK flag.
    public static let ping = FrameType(rawValue: 0x07)
    /// `GoAway`: no new calls; the connection closes.
    public static let goAway = FrameType(rawValue: 0x08)

    public var description: String {
        switch self {
        case .settings: "SETTINGS"
        case .request: "REQUEST"
        case .message: "MESSAGE"
        case .response: "RESPONSE"
        case .cancel: "CANCEL"
        case .window: "WINDOW"
        case .ping: "PING"
        case .goAway: "GOAWAY"
        default: "type 0x\(String(rawValue, radix: 16))"
        }
    }
}

/// Frame flags (docs/PROTOCOL.md, section 3).
public struct FrameFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// On REQUEST and MESSAGE from the client: no more messages on this call.
    public static let endStream = FrameFlags(rawValue: 0x01)
    /// On PING: this answers a PING; the payload is the one received.
    public static let ack = FrameFlags(rawValue: 0x02)
}
