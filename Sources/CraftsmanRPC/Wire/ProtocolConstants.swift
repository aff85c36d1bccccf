/// Numbers fixed by docs/PROTOCOL.md, named as the document names them.
public enum ProtocolConstants {
    /// The connection preface's magic: 0x89 "CRAFT" CR LF (section 2).
    public static let magic: [UInt8] = [0x89, 0x43, 0x52, 0x41, 0x46, 0x54, 0x0D, 0x0A]
    /// The protocol version this implementation speaks (section 2).
    public static let majorVersion: UInt8 = 1
    /// See ``majorVersion``.
    public static let minorVersion: UInt8 = 0
    /// Magic plus the two version bytes.
    public static let prefaceLength = 10
    /// Length (4) + call id (4) + type (1) + flags (1) (section 3).
    public static let frameHeaderLength = 10
    /// The size of a PING payload (section 6).
    public static let pingPayloadLength = 8
    /// The size of a WINDOW payload (section 4).
    public static let windowPayloadLength = 4

    /// Default `max_frame_size`: 4 MiB (section 7).
    public static let defaultMaxFrameSize = 4 << 20
    /// Default `max_concurrent_calls` of the server (section 7).
    public static let defaultMaxConcurrentCalls = 256
    /// Default `max_concurrent_calls` a client assumes before the server's SETTINGS (section 7).
    public static let clientAssumedMaxConcurrentCalls = 100
    /// Default `initial_call_window`, in MESSAGE frames (section 7).
    public static let defaultInitialCallWindow = 64
    /// Default `max_metadata_bytes` (section 7).
    public static let defaultMaxMetadataBytes = 8 << 10
    /// The longest metadata key (section 4).
    public static let maxMetadataKeyLength = 64

    /// The preface this implementation sends.
    public static var preface: [UInt8] { magic + [majorVersion, minorVersion] }
}
