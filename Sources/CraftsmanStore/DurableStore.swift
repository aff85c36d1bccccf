import Dispatch
import Glibc
import Logging
import Synchronization

/// A snapshot that was written.
public struct SnapshotSummary: Sendable, Equatable {
    /// The journal sequence it contains: every record up to and including this one.
    public var sequence: UInt64
    /// Its file name in the data directory.
    public var fileName: String
    /// Its size in bytes.
    public var sizeBytes: Int
    /// When it was completed, ms since the Unix epoch; 0 for a snapshot found at start-up.
    public var takenAtUnixMilliseconds: Int64
    /// How long taking it took, in milliseconds (copy, encoding, writing, flushing).
    public var durationMilliseconds: Int64
}

/// The store's write and snapshot positions.
public struct StoreStatus: Sendable {
    /// The sequence of the newest change applied in memory.
    public var lastSequence: UInt64
    /// The newest sequence that is acknowledged (on disk, under the `always` policy).
    public var acknowledgedSequence: UInt64
    /// The size of the current journal segment in bytes.
    public var currentSegmentBytes: Int
    /// Journal bytes written since the last snapshot.
    public var journalBytesSinceSnapshot: Int
    /// Why writes are refused, after a failed journal write or flush; nil while they are taken.
    public var writesDisabledReason: StoreError?
    /// The newest snapshot.
    public var lastSnapshot: SnapshotSummary?
}

/// State in memory, persisted by a journal and snapshots, so that no acknowledged write is lost.
///
/// Every change goes through ``write(_:)``: planned against the current state under one lock,
/// appended to the journal, applied, and acknowledged once the journal holds it on disk (under
/// the default `always` policy). Reads take the lock only to look; they never wait for the disk.
///
/// ```swift
/// let store = try DurableStore<Registry>(directory: "data")
/// let id = try await store.write { registry in try registry.planCreateSchool(draft) }
/// ```
public final class DurableStore<State: JournaledState>: Sendable {
    @usableFromInline struct Protected: Sendable {
        @usableFromInline var state: State
        var lastSequence: UInt64
        var snapshotRunning = false
        var lastSnapshot: SnapshotSummary?
        var journalBytesAtLastSnapshot = 0
        var lastSnapshotAt: Int64
        var closed = false
    }

    /// The data directory.
    public let directory: String
    /// What start-up recovery found and did.
    public let recovery: RecoveryReport
    private let configuration: StoreConfiguration
    @usableFromInline let protected: Mutex<Protected>
    private let writer: JournalWriter
    private let directoryLock: any StorageLock
    private let clock: @Sendable () -> Int64
    private let logger: Logger
    private nonisolated(unsafe) let timer: any DispatchSourceTimer

    /// Opens (creating it when missing) and recovers the data directory, then takes writes.
    ///
    /// - Parameters:
    ///   - clock: milliseconds since the Unix epoch; injected by tests.
    /// - Throws: `StoreError` when the directory is locked by another process, unreadable, or
    ///   damaged anywhere but in a torn journal tail (which is cut back, with a warning).
    public init(
        directory: String,
        configuration: StoreConfiguration = StoreConfiguration(),
        logger: Logger = Logger(label: "craftsman.store"),
        clock: @escaping @Sendable () -> Int64 = DurableStore.systemClock
    ) throws(StoreError) {
        let fileSystem = configuration.fileSystem
        try fileSystem.createDirectory(directory)
        directoryLock = try fileSystem.lockDirectory(directory)
        let (state, report): (State, RecoveryReport) = try Recovery.run(
            directory, fileSystem: fileSystem, repair: true, clock: clock)
        if let torn = report.tornTail {
            logger.warning(
                "journal: torn tail cut back: \(torn.file) at offset \(torn.offset) (\(torn.reason)); the original is kept as \(torn.brokenCopy ?? "?")"
            )
        }
        // The newest segment, when it holds no record, is replaced by the writer's new one.
        let next = directory + "/" + JournalFormat.segmentName(firstSequence: report.lastSequence + 1)
        if fileSystem.fileExists(next) { try fileSystem.remove(next) }
        writer = try JournalWriter(directory: directory, configuration: configuration, lastSequence: report.lastSequence)
        var snapshot: SnapshotSummary?
        if let name = report.snapshotFile {
            let size = report.snapshotBytes
            snapshot = SnapshotSummary(
                sequence: report.snapshotSequence, fileName: name, sizeBytes: size, takenAtUnixMilliseconds: 0,
                durationMilliseconds: 0)
        }
        self.directory = directory
        self.configuration = configuration
        self.recovery = report
        self.clock = clock
        self.logger = logger
        protected = Mutex(
            Protected(state: state, lastSequence: report.lastSequence, lastSnapshot: snapshot, lastSnapshotAt: clock()))
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "craftsman.store.snapshots"))
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak self] in self?.startSnapshotIfDue() }
        timer.resume()
    }

    /// Milliseconds since the Unix epoch, from the system clock.
    public static var systemClock: @Sendable () -> Int64 {
        {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
        }
    }

    /// Reads the state under the lock. Keep `body` short: writers wait for it.
    ///
    /// Inlinable so that callers in other modules get it specialised: unspecialised, every read
    /// looked up the generic metadata of its closure's result (2% of a GetTeacher call).
    @inlinable public func read<Result: Sendable>(_ body: (borrowing State) throws -> Result) rethrows -> Result {
        try protected.withLock { protected in try body(protected.state) }
    }

    /// A copy of the whole state, for long reads (listings, streams) that must not hold the lock.
    /// Cheap to take (copy-on-write), but the next write to each part of the state copies that part.
    public func copy() -> State {
        protected.withLock { $0.state }
    }

    /// Makes one change durable: `plan` checks it against the current state and returns the
    /// change and the caller's result; the change is appended to the journal and applied, and the
    /// result is returned once the journal holds it under the flush policy.
    ///
    /// - Throws: what `plan` throws (nothing is changed), or a `StoreError` with code
    ///   `writesDisabled` when the journal cannot be written — then the change was not
    ///   acknowledged, and after a restart it is absent.
    public func write<Result: Sendable>(
        _ plan: (borrowing State) throws -> (change: State.Change, result: Result)
    ) async throws -> Result {
        let (sequence, result) = try planAndAppend(plan)
        try await writer.waitUntilAcknowledgeable(sequence)
        return result
    }

    /// Makes one change durable, like ``write(_:)``, for callers that do not wait in a task (an
    /// RPC handler answering from a callback): the change is planned, appended and applied now,
    /// and `whenAcknowledged` is called once the journal holds it under the flush policy (nil),
    /// or cannot (the `StoreError` with code `writesDisabled`; the change was not acknowledged).
    ///
    /// `whenAcknowledged` runs on the journal's thread, which waits for it, so it must only hand
    /// the result on (one flush acknowledges many writes); or on this thread before this returns,
    /// when the record is already acknowledged.
    ///
    /// - Returns: `plan`'s result, for answering once acknowledged; do not reveal it before.
    /// - Throws: what `plan` throws (nothing is changed, and `whenAcknowledged` is not called),
    ///   or a `StoreError` when writes are refused.
    public func write<Result: Sendable>(
        _ plan: (borrowing State) throws -> (change: State.Change, result: Result),
        whenAcknowledged: @escaping @Sendable (StoreError?) -> Void
    ) throws -> Result {
        try planAndAppend(plan) { outcome in
            if case .failure(let failure) = outcome { whenAcknowledged(failure) } else { whenAcknowledged(nil) }
        }.result
    }

    /// Makes one change durable, like ``write(_:whenAcknowledged:)``, and hands `whenRecorded`
    /// the journal record's payload (`State.encode(change)`'s bytes) once it is acknowledgeable:
    /// for a caller that answers with part of those bytes instead of encoding the same values
    /// again (a created teacher's reply). Or the `StoreError` with code `writesDisabled`.
    ///
    /// `whenRecorded` runs on the journal's thread, as `whenAcknowledged` does.
    public func write<Result: Sendable>(
        _ plan: (borrowing State) throws -> (change: State.Change, result: Result),
        whenRecorded: @escaping @Sendable (Swift.Result<[UInt8], StoreError>) -> Void
    ) throws -> Result {
        try planAndAppend(plan, whenWritten: whenRecorded).result
    }

    /// Plans, journals and applies one change under the lock; returns its sequence. Queues
    /// `whenWritten`, if any, with the record.
    private func planAndAppend<Result: Sendable>(
        _ plan: (borrowing State) throws -> (change: State.Change, result: Result),
        whenWritten: JournalWriter.RecordCallback? = nil
    ) throws -> (sequence: UInt64, result: Result) {
        let (sequence, result, deferred) = try protected.withLock {
            protected throws -> (UInt64, Result, DeferredPayload?) in
            if writer.hasFailed, let failure = writer.failureReason { throw failure }
            guard !protected.closed else { throw StoreError(.writesDisabled, "the store is closed; writes are refused") }
            let (change, result) = try plan(protected.state)
            // Encoded here, so that a change that cannot be encoded is refused alone; or, when
            // that cannot happen, after this lock is released (`DeferredPayload`).
            let deferred = State.encodesLater(change) ? DeferredPayload { try State.encode(change) } : nil
            let payload: JournalWriter.Payload = try deferred.map { .later($0) } ?? .encoded(State.encode(change))
            // Applied before it is queued, both under the lock: a change the state refuses
            // (which a correct plan never returns) leaves no record behind.
            try protected.state.apply(change)
            let sequence = protected.lastSequence + 1
            writer.append(sequence: sequence, payload: payload, whenWritten: whenWritten)
            protected.lastSequence = sequence
            return (sequence, result, deferred)
        }
        deferred?.encodeAhead()
        return (sequence, result)
    }

    /// The store's positions, sizes and write status.
    public var status: StoreStatus {
        let sizes = writer.sizes
        return protected.withLock { protected in
            StoreStatus(
                lastSequence: protected.lastSequence, acknowledgedSequence: writer.acknowledgeableSequence,
                currentSegmentBytes: sizes.currentSegment,
                journalBytesSinceSnapshot: sizes.written - protected.journalBytesAtLastSnapshot,
                writesDisabledReason: writer.failureReason, lastSnapshot: protected.lastSnapshot)
        }
    }

    /// Writes a snapshot of the current state and removes the journal segments and older snapshot
    /// it makes unnecessary. Calls go on meanwhile: the state is copied under the lock (cheaply,
    /// copy-on-write) and encoded and written on another thread.
    ///
    /// - Returns: the new snapshot, or the newest one when nothing changed since it.
    /// - Throws: `StoreError` with code `busy` while another snapshot is being written, or the
    ///   file error that stopped this one (the previous snapshot and the journal stay valid).
    public func takeSnapshot() async throws -> SnapshotSummary {
        let started = clock()
        let capture = try protected.withLock { protected throws(StoreError) -> (State, UInt64, Int)? in
            guard !protected.closed else { throw StoreError(.writesDisabled, "the store is closed; no snapshot can be taken") }
            guard !protected.snapshotRunning else {
                throw StoreError(.busy, "a snapshot is being written; try again when it has finished")
            }
            if let last = protected.lastSnapshot, last.sequence == protected.lastSequence { return nil }
            protected.snapshotRunning = true
            return (protected.state, protected.lastSequence, writer.sizes.written)
        }
        guard let (state, sequence, journalBytes) = capture else {
            return protected.withLock { $0.lastSnapshot! }
        }
        do {
            let (size, encoding) = try await BackgroundWork.run { [directory, configuration] in
                try Self.writeSnapshot(state, sequence: sequence, directory: directory, fileSystem: configuration.fileSystem)
            }
            try await BackgroundWork.run { [directory, configuration] in
                try Self.removeObsoleteFiles(before: sequence, directory: directory, fileSystem: configuration.fileSystem)
            }
            let summary = SnapshotSummary(
                sequence: sequence, fileName: SnapshotFormat.fileName(sequence: sequence), sizeBytes: size,
                takenAtUnixMilliseconds: clock(), durationMilliseconds: clock() - started)
            protected.withLock { protected in
                protected.snapshotRunning = false
                protected.lastSnapshot = summary
                protected.journalBytesAtLastSnapshot = journalBytes
                protected.lastSnapshotAt = summary.takenAtUnixMilliseconds
            }
            logger.info(
                "snapshot written",
                metadata: [
                    "file": "\(summary.fileName)", "bytes": "\(size)", "ms": "\(summary.durationMilliseconds)",
                    "encoding_ms": "\(encoding)",
                ])
            return summary
        } catch {
            protected.withLock { $0.snapshotRunning = false }
            logger.error("snapshot failed: \(error)")
            throw error
        }
    }

    /// Flushes and closes the journal and releases the data directory. Writes are refused after.
    ///
    /// When the newest snapshot holds every record (as after the snapshot of a graceful
    /// shutdown), the journal segments are removed too, so that the next start reads the snapshot
    /// alone instead of reading and skipping a segment of up to 64 MiB (a snapshot leaves the
    /// segment it ends in, which the writer was still appending to).
    public func close() {
        let (alreadyClosed, covered) = protected.withLock { protected -> (Bool, UInt64?) in
            defer { protected.closed = true }
            let coversAll = !protected.snapshotRunning && protected.lastSnapshot?.sequence == protected.lastSequence
            return (protected.closed, coversAll ? protected.lastSequence : nil)
        }
        guard !alreadyClosed else { return }
        timer.cancel()
        writer.close()
        if let covered {
            do {
                try Self.removeSegments(through: covered, directory: directory, fileSystem: configuration.fileSystem)
            } catch {
                logger.warning("journal segments in the last snapshot were not removed (the next start skips them): \(error)")
            }
        }
        directoryLock.release()
    }

    /// Checks a data directory without changing it: the newest snapshot and every journal record
    /// after it are read, checksummed and decoded into a state, as at start-up.
    ///
    /// - Returns: the recovered state and the report (a torn tail is reported, not cut).
    /// - Throws: `StoreError` naming the file and offset of the first damage.
    public static func verify(
        directory: String, fileSystem: any StorageFileSystem = POSIXFileSystem()
    ) throws(StoreError) -> (state: State, report: RecoveryReport) {
        try Recovery.run(directory, fileSystem: fileSystem, repair: false, clock: systemClock)
    }

    // MARK: - Internals

    private func startSnapshotIfDue() {
        let sizes = writer.sizes
        let due = protected.withLock { protected -> Bool in
            guard !protected.snapshotRunning, !protected.closed else { return false }
            if sizes.written - protected.journalBytesAtLastSnapshot >= configuration.snapshotAfterJournalBytes { return true }
            let interval = Int64(configuration.snapshotIntervalSeconds) * 1000
            let changed = protected.lastSequence != (protected.lastSnapshot?.sequence ?? 0)
            return interval > 0 && changed && clock() - protected.lastSnapshotAt >= interval
        }
        guard due else { return }
        Task { _ = try? await takeSnapshot() }
    }

    /// How much of a snapshot is written between flushes: one flush of the whole file queued tens
    /// of megabytes on the device, and the journal's flushes, which writes wait for, queued behind
    /// them. (A 2 ms pause after each flush, added at d6a425f, was taken out again once obsolete
    /// files were removed gradually: in 12 alternated runs each the pause the snapshot added was
    /// the same, median +1.1 ms with or without it, and the snapshot of 100,000 teachers took
    /// 200–275 ms on an idle server instead of 333–417; docs/PERFORMANCE.md.)
    static var snapshotFlushBytes: Int { 512 << 10 }

    private static func writeSnapshot(
        _ state: State, sequence: UInt64, directory: String, fileSystem: any StorageFileSystem
    ) throws -> (bytes: Int, encodingMilliseconds: Int64) {
        let started = DispatchTime.now()
        let parts = try state.snapshotPayload()
        let encoding = Int64((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
        let name = SnapshotFormat.fileName(sequence: sequence)
        let temporary = directory + "/" + name + ".tmp"
        if fileSystem.fileExists(temporary) { try fileSystem.remove(temporary) }
        let file = try fileSystem.createFile(temporary)
        defer { file.close() }
        let header = SnapshotFormat.header(sequence: sequence, payloadParts: parts)
        try file.write(header)
        // Flushed every 512 KiB rather than all at once at the end: one
        // flush of the whole file queues tens of megabytes on the device, and the journal's
        // flushes (which calls wait for) would queue behind them.
        var unflushed = 0
        for part in parts {
            var offset = 0
            while offset < part.count {
                let end = min(part.count, offset + Self.snapshotFlushBytes - unflushed)
                try part.withUnsafeBytes { raw in try file.write(UnsafeRawBufferPointer(rebasing: raw[offset..<end])) }
                unflushed += end - offset
                offset = end
                if unflushed >= Self.snapshotFlushBytes {
                    try file.sync()
                    unflushed = 0
                }
            }
        }
        try file.sync()
        try fileSystem.rename(temporary, to: directory + "/" + name)
        try fileSystem.syncDirectory(directory)
        return (header.count + parts.reduce(0) { $0 + $1.count }, encoding)
    }

    /// Removes the journal segments that hold no record after `sequence`, once the writer is
    /// closed: every segment that starts at or before it (a later one holds no record).
    private static func removeSegments(through sequence: UInt64, directory: String, fileSystem: any StorageFileSystem) throws {
        let listing = try Recovery.list(directory, fileSystem: fileSystem)
        let covered = listing.segments.filter { $0.firstSequence <= sequence }
        try GradualRemoval.remove(covered.map(\.name), in: directory, fileSystem: fileSystem)
    }

    /// Removes older snapshots and the journal segments whose records are all in snapshot
    /// `sequence`: those followed by a segment that starts at or before `sequence + 1`, as
    /// recovery judges them. The segment being written when the snapshot was taken stays (it
    /// holds later records too; recovery skips its records up to `sequence`) until a later
    /// snapshot covers it: starting a new segment at each snapshot would put a file creation and
    /// two flushes in the way of the writes that wait for the journal, while the disk is busiest.
    /// The files are cut down a few megabytes at a time (``GradualRemoval``).
    private static func removeObsoleteFiles(before sequence: UInt64, directory: String, fileSystem: any StorageFileSystem) throws
    {
        let listing = try Recovery.list(directory, fileSystem: fileSystem)
        var obsolete = listing.snapshots.filter { $0.sequence < sequence }.map(\.name)
        for (segment, next) in zip(listing.segments, listing.segments.dropFirst()) where next.firstSequence <= sequence + 1 {
            obsolete.append(segment.name)
        }
        try GradualRemoval.remove(obsolete, in: directory, fileSystem: fileSystem)
    }
}
