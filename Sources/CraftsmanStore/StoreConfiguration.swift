/// When the journal is flushed to the device, as in Redis' `appendfsync`.
public enum FlushPolicy: String, Sendable, CaseIterable {
    /// fdatasync before a write is acknowledged; concurrent writes share one flush (group commit).
    /// Nothing acknowledged is ever lost. The default.
    case always
    /// Acknowledged once written to the operating system; flushed once a second. A crash of the
    /// machine (not of the server alone) can lose the last second of writes.
    case everySecond = "everysec"
    /// Acknowledged once written to the operating system, which flushes when it likes. A crash of
    /// the machine can lose what it had not flushed (typically up to 30 s on Linux).
    case none
}

/// How the store writes its data directory.
public struct StoreConfiguration: Sendable {
    /// When the journal is flushed. Default `.always`.
    public var flushPolicy: FlushPolicy = .always
    /// A journal segment is closed and a new one started once it reaches this size. Default 64 MiB.
    public var segmentMaxBytes = 64 << 20
    /// Each journal segment after the first of a start is this many zero bytes, written and
    /// flushed ahead on a background thread, so that the journal's flushes write data only and
    /// never the file's growth (see ``StorageFileSystem/createZeroFilledFile(_:length:isCancelled:)``).
    /// The first segment of a start grows as it is written until the first one written ahead is
    /// ready; after that, each next segment is written ahead once the current one is half full.
    /// Default 64 MiB, the segment size; 0 turns it off.
    public var preallocatedSegmentBytes = 64 << 20
    /// A snapshot is taken once the journal since the last one reaches this size. Default 256 MiB.
    public var snapshotAfterJournalBytes = 256 << 20
    /// A snapshot is taken this many seconds after the last one, if anything changed. Default 1 hour;
    /// 0 turns timed snapshots off.
    public var snapshotIntervalSeconds = 3600
    /// The file layer; tests replace it to inject failures.
    public var fileSystem: any StorageFileSystem = POSIXFileSystem()
    /// Runs each round of acknowledgements on the journal's thread: every write that one flush
    /// made durable, resumed inside one call. The server passes
    /// `ServerConnection.answeringTogether`, which holds back waking its connections until the
    /// round is over, so the replies of one flush leave together. Default: runs the round as is.
    public var acknowledgementRound: @Sendable (() -> Void) -> Void = { round in round() }

    /// The defaults.
    public init() {}
}
