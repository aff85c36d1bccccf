/// Limits and timings of an ``RPCServer``; every default is the one docs/PROTOCOL.md documents.
public struct ServerConfiguration: Sendable {
    /// The largest frame payload accepted, in bytes. Default 4 MiB.
    public var maxFrameSize = ProtocolConstants.defaultMaxFrameSize
    /// Calls a connection may have open at once. Default 256.
    public var maxConcurrentCalls = ProtocolConstants.defaultMaxConcurrentCalls
    /// MESSAGE frames a client may send on one call before it needs a WINDOW frame. Default 64.
    public var initialCallWindow = ProtocolConstants.defaultInitialCallWindow
    /// The largest total metadata of a call, in bytes. Default 8 KiB.
    public var maxMetadataBytes = ProtocolConstants.defaultMaxMetadataBytes
    /// Connections open at once; more are refused with GOAWAY RESOURCE_EXHAUSTED. Default 1024.
    public var maxConnections = 1024
    /// Time from connecting to a complete preface and SETTINGS. Default 10 s.
    public var handshakeTimeout: Duration = .seconds(10)
    /// Time within which a frame, once begun, must be complete (slowloris guard). Default 10 s.
    public var frameTimeout: Duration = .seconds(10)
    /// Silence from a client after which the server pings it. Default 60 s.
    public var keepaliveInterval: Duration = .seconds(60)
    /// Time a ping may go unanswered (with nothing else arriving) before the connection closes. Default 20 s.
    public var keepaliveTimeout: Duration = .seconds(20)
    /// Time a connection with no call open and nothing received stays open. Default 300 s.
    public var idleTimeout: Duration = .seconds(300)
    /// Time in-flight calls get to finish on graceful shutdown before they are cancelled. Default 10 s.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// How often each connection checks its timeouts. Default 1 s; tests use less.
    public var housekeepingInterval: Duration = .seconds(1)
    /// The agent string announced in SETTINGS.
    public var agent = "craftsmand/0.1"
    /// Runs the handling of each read from a connection (its frames, the calls they start and
    /// the write of what they answered at once). craftsmand passes the store's
    /// `JournalWakeRound.run`, so that the journal is woken once per read, as the I/O thread
    /// goes back to waiting, rather than at the first write of the read. Default: as is.
    public var readRound: @Sendable (() -> Void) -> Void = { round in round() }

    /// The documented defaults.
    public init() {}
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to what `DispatchTime` can take.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let total = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        return total >= Double(UInt64.max / 2) ? UInt64.max / 2 : UInt64(total)
    }

    var milliseconds: UInt32 {
        UInt32(clamping: nanoseconds / 1_000_000)
    }
}
