internal import CCraftsmanLinux
import Foundation
import Synchronization

/// Appends framed records to the journal on its own thread, with group commit: every record
/// queued while a flush is in progress goes out in the next write and shares the next fdatasync.
///
/// Callers queue records in sequence order (the store does so under its lock) and then wait for
/// their sequence to become acknowledgeable under the flush policy. After any failed write or
/// flush the writer stops for good: nothing queued or later is acknowledged (fsync errors leave
/// the page cache in an unknown state, so retrying could acknowledge data that is not on disk).
final class JournalWriter: @unchecked Sendable {
    /// The writer thread's name.
    static let threadName = "craftsman-jrnl"

    /// A record's payload as the store queues it.
    enum Payload {
        /// Encoded by the writer of the change.
        case encoded([UInt8])
        /// Encoded after the store's lock (``JournaledState/encodesLater(_:)``), by the thread
        /// that made the change or by this one, whichever comes first: a failure stops the
        /// journal like a failed write.
        case later(DeferredPayload)
    }

    /// Called once a record may be acknowledged, with its payload, or with why it never will be.
    typealias RecordCallback = @Sendable (Result<[UInt8], StoreError>) -> Void

    /// One queued record, and who is answered when it is written.
    private struct Record {
        var sequence: UInt64
        var payload: Payload
        var callback: RecordCallback?
    }

    /// Who waits for a sequence, and how to resume them.
    private struct Waiter {
        enum Resumption {
            case continuation(UnsafeContinuation<Void, any Error>)
            case callback(@Sendable (StoreError?) -> Void)
        }

        var sequence: UInt64
        var resumption: Resumption

        func resume(failure: StoreError?) {
            switch resumption {
            case .continuation(let continuation):
                if let failure { continuation.resume(throwing: failure) } else { continuation.resume() }
            case .callback(let callback):
                callback(failure)
            }
        }
    }

    private let directory: String
    private let fileSystem: any StorageFileSystem
    private let policy: FlushPolicy
    private let segmentMaxBytes: Int
    /// Runs each batch's acknowledgements (``StoreConfiguration/acknowledgementRound``).
    private let acknowledgementRound: @Sendable (() -> Void) -> Void
    /// Writes the next segment ahead as zeros; nil when preallocation is off.
    private let preallocator: SegmentPreallocator?

    // Guarded by `condition`.
    private let condition = NSCondition()
    /// Queued records, in sequence order, framed by this thread when it writes them.
    private var pending: [Record] = []
    private var waiters: [Waiter] = []
    private var acknowledgeable: UInt64
    private var failure: StoreError?
    /// Whether the writer thread waits for records: only then does ``append`` wake it.
    private var writerIsWaiting = false
    private var stopping = false
    private var bytesWritten = 0
    private var currentSegmentBytes = 0
    private let finished = DispatchSemaphore(value: 0)
    /// Set with `failure`, for ``hasFailed``, which every write asks without taking the lock.
    private let failedFlag = Atomic<Bool>(false)

    // Used by the writer thread only (and by init before it starts).
    private var segment: any StorageFile
    private var segmentHasRecords = false
    /// Whether the current segment was written ahead as zeros (else it grows as it is written).
    private var segmentIsPreallocated = false
    private var written: UInt64
    private var synced: UInt64
    private var lastSync = DispatchTime.now()

    /// Opens a new segment after `lastSequence` and starts the writer thread.
    init(directory: String, configuration: StoreConfiguration, lastSequence: UInt64) throws(StoreError) {
        self.directory = directory
        fileSystem = configuration.fileSystem
        policy = configuration.flushPolicy
        segmentMaxBytes = configuration.segmentMaxBytes
        acknowledgementRound = configuration.acknowledgementRound
        acknowledgeable = lastSequence
        written = lastSequence
        synced = lastSequence
        preallocator =
            configuration.preallocatedSegmentBytes > 0
            ? SegmentPreallocator(
                directory: directory, length: configuration.preallocatedSegmentBytes, fileSystem: fileSystem)
            : nil
        // Growing at first: writing 64 MiB ahead before taking writes would slow every start.
        segment = try Self.createSegment(directory: directory, fileSystem: fileSystem, firstSequence: lastSequence + 1)
        currentSegmentBytes = JournalFormat.segmentHeaderLength
        preallocator?.request()
        let thread = Thread { [self] in
            // The kernel's name, which profilers and `top -H` show (Foundation's does not set it).
            craftsman_set_thread_name(Self.threadName)
            run()
        }
        thread.name = Self.threadName
        thread.start()
    }

    /// Queues one record, and `whenWritten` (if any) to be called once it may be acknowledged,
    /// with its payload (encoded by then), on the writer's thread inside the configuration's
    /// `acknowledgementRound`; or with the failure that stops the writer. Called in sequence order.
    ///
    /// One lock for both, and a wake-up only when the writer waits, sent after the lock is
    /// released (or when the thread's ``JournalWakeRound`` ends): the I/O threads append under the store's lock, and every extra turn of this
    /// one was a chance to find it held by the writer (a futex sleep while the store's lock
    /// is held, which stalls the other I/O thread's writes too).
    func append(sequence: UInt64, payload: Payload, whenWritten callback: RecordCallback? = nil) {
        condition.lock()
        if let failure {
            // The writer has stopped: the record is never written, and its caller fails now.
            condition.unlock()
            callback?(.failure(failure))
            return
        }
        pending.append(Record(sequence: sequence, payload: payload, callback: callback))
        let wake = writerIsWaiting
        writerIsWaiting = false
        condition.unlock()
        guard wake else { return }
        // This thread cleared `writerIsWaiting`, so no other append wakes the writer: this one
        // must, now or at the end of the round.
        if let round = JournalWakeRound.current { round.add(self) } else { condition.signal() }
    }

    /// Wakes the writer for records appended during a ``JournalWakeRound``.
    func wake() {
        condition.signal()
    }

    /// Whether a write or flush has failed, without taking the lock (``failureReason`` says why).
    var hasFailed: Bool { failedFlag.load(ordering: .acquiring) }

    /// Why writes fail, once a write or flush has failed.
    var failureReason: StoreError? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// Journal bytes written since the writer started, and the size of the current segment.
    var sizes: (written: Int, currentSegment: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (bytesWritten, currentSegmentBytes)
    }

    /// The newest sequence that may be acknowledged under the flush policy.
    var acknowledgeableSequence: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return acknowledgeable
    }

    /// Returns once record `sequence` may be acknowledged (on disk, under `always`).
    ///
    /// - Throws: the `StoreError` of a failed write or flush.
    func waitUntilAcknowledgeable(_ sequence: UInt64) async throws {
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
            enqueue(Waiter(sequence: sequence, resumption: .continuation(continuation)))
        }
    }

    /// Calls `callback` once record `sequence` may be acknowledged (nil) or cannot be (the
    /// `StoreError` of a failed write or flush): at once on this thread when that is already
    /// known, else on the writer's thread, which is blocked meanwhile, so `callback` must be short.
    func whenAcknowledgeable(_ sequence: UInt64, _ callback: @escaping @Sendable (StoreError?) -> Void) {
        enqueue(Waiter(sequence: sequence, resumption: .callback(callback)))
    }

    /// Resumes `waiter` now when its sequence is acknowledgeable or the writer has failed, else
    /// parks it for ``publish(_:batchBytes:failure:)``.
    private func enqueue(_ waiter: Waiter) {
        condition.lock()
        if acknowledgeable >= waiter.sequence {
            condition.unlock()
            waiter.resume(failure: nil)
        } else if let failure {
            condition.unlock()
            waiter.resume(failure: failure)
        } else {
            waiters.append(waiter)
            condition.unlock()
        }
    }

    /// Writes and flushes everything queued, closes the segment and stops the thread.
    func close() {
        condition.lock()
        stopping = true
        writerIsWaiting = false
        condition.unlock()
        condition.signal()
        finished.wait()
    }

    // MARK: - The writer thread

    private func run() {
        var records: [Record] = []
        var batch: [UInt8] = []
        while true {
            condition.lock()
            while !stopping && pending.isEmpty && failure == nil && !syncIsDue {
                writerIsWaiting = true
                if policy == .everySecond && synced < written {
                    _ = condition.wait(until: Date(timeIntervalSinceNow: 0.2))
                } else {
                    condition.wait()
                }
            }
            writerIsWaiting = false
            if failure != nil {
                condition.unlock()
                break
            }
            let stop = stopping && pending.isEmpty
            swap(&records, &pending)
            condition.unlock()

            do {
                if let batchFirst = records.first?.sequence, let batchLast = records.last?.sequence {
                    try frame(&records, into: &batch)
                    if segmentHasRecords && currentSegmentBytesUnlocked >= segmentMaxBytes {
                        try rotate(firstSequence: batchFirst, into: preallocator?.take())
                    } else if !segmentIsPreallocated, let ahead = preallocator?.take() {
                        // Leave the growing segment as soon as one written ahead is ready.
                        try rotate(firstSequence: batchFirst, into: ahead)
                    }
                    try segment.write(batch)
                    segmentHasRecords = true
                    written = batchLast
                    if segmentIsPreallocated && currentSegmentBytesUnlocked + batch.count >= segmentMaxBytes / 2 {
                        // The next one, from halfway: late enough that writing it ahead (0.2 s per
                        // 64 MiB here) stays away from a start's busiest seconds, early enough to
                        // be ready long before this one is full.
                        preallocator?.request()
                    }
                    if policy == .always {
                        try segment.sync()
                        synced = batchLast
                        lastSync = .now()
                    }
                }
                if policy == .everySecond && synced < written && syncIsDueUnlocked {
                    try segment.sync()
                    synced = written
                    lastSync = .now()
                }
                if stop && synced < written {
                    try segment.sync()
                    synced = written
                }
                publish(records, batchBytes: batch.count, failure: nil)
            } catch {
                publish(records, batchBytes: 0, failure: error)
            }
            batch.removeAll(keepingCapacity: true)
            records.removeAll(keepingCapacity: true)
            if stop { break }
        }
        segment.close()
        preallocator?.close()
        finished.signal()
    }

    /// Frames `records` into `batch`, encoding those queued for later (and keeping their
    /// payloads, for the callbacks).
    private func frame(_ records: inout [Record], into batch: inout [UInt8]) throws(StoreError) {
        for index in records.indices {
            switch records[index].payload {
            case .encoded(let payload):
                JournalFormat.appendRecord(sequence: records[index].sequence, payload: payload, to: &batch)
            case .later(let deferred):
                let payload: [UInt8]
                do {
                    payload = try deferred.bytes()
                } catch {
                    throw StoreError(.invalidState, "record \(records[index].sequence) could not be encoded: \(error.reason)")
                }
                JournalFormat.appendRecord(sequence: records[index].sequence, payload: payload, to: &batch)
                if records[index].callback != nil { records[index].payload = .encoded(payload) }
            }
        }
    }

    /// Whether a timed flush is due (`everysec`); read under the lock by the wait loop.
    private var syncIsDue: Bool { policy == .everySecond && synced < written && syncIsDueUnlocked }

    private var syncIsDueUnlocked: Bool {
        DispatchTime.now().uptimeNanoseconds - lastSync.uptimeNanoseconds >= 1_000_000_000
    }

    private var currentSegmentBytesUnlocked: Int {
        condition.lock()
        defer { condition.unlock() }
        return currentSegmentBytes
    }

    /// Closes the current segment, flushed, and starts a new one at `firstSequence`: the file
    /// written ahead, when one is ready, else a growing one. An empty current segment has the
    /// same name as its successor, which replaces it.
    private func rotate(firstSequence: UInt64, into ahead: SegmentPreallocator.Ahead?) throws(StoreError) {
        if synced < written {
            try segment.sync()
            synced = written
        }
        segment.close()
        if let ahead {
            // The header before the name: a crash in between leaves a `.tmp` file, not a segment.
            try ahead.file.write(JournalFormat.segmentHeader(firstSequence: firstSequence))
            try ahead.file.sync()
            try fileSystem.rename(ahead.path, to: directory + "/" + JournalFormat.segmentName(firstSequence: firstSequence))
            try fileSystem.syncDirectory(directory)
            segment = ahead.file
            segmentIsPreallocated = true
        } else {
            segment = try Self.createSegment(directory: directory, fileSystem: fileSystem, firstSequence: firstSequence)
            segmentIsPreallocated = false
        }
        // A growing segment is left as soon as one written ahead is ready: ask for it now.
        if !segmentIsPreallocated { preallocator?.request() }
        segmentHasRecords = false
        condition.lock()
        currentSegmentBytes = JournalFormat.segmentHeaderLength
        condition.unlock()
    }

    /// Publishes progress (or a failure) and resumes the waiters it satisfies: the callbacks of
    /// `batch` (every record of which may now be acknowledged, unless `error`) and the waiters.
    private func publish(_ batch: [Record], batchBytes: Int, failure error: StoreError?) {
        var ready: [Waiter] = []
        var failed: [Waiter] = []
        var unwritten: [Record] = []
        condition.lock()
        bytesWritten += batchBytes
        currentSegmentBytes += batchBytes
        acknowledgeable = policy == .always ? synced : written
        if let error {
            failure = StoreError(
                .writesDisabled,
                "the journal could not be encoded, written or flushed (\(error.message)); writes are refused until the server is restarted",
                errno: error.errno)
            unwritten = pending
            pending.removeAll()
            failedFlag.store(true, ordering: .releasing)
        }
        var keep: [Waiter] = []
        for waiter in waiters {
            if waiter.sequence <= acknowledgeable {
                ready.append(waiter)
            } else if failure != nil {
                failed.append(waiter)
            } else {
                keep.append(waiter)
            }
        }
        waiters = keep
        let reason = failure
        condition.unlock()
        guard !batch.isEmpty || !ready.isEmpty || !failed.isEmpty || !unwritten.isEmpty else { return }
        acknowledgementRound {
            for record in batch {
                guard let callback = record.callback else { continue }
                if let reason {
                    callback(.failure(reason))
                } else if case .encoded(let payload) = record.payload {
                    callback(.success(payload))
                }
            }
            for waiter in ready { waiter.resume(failure: nil) }
            if let reason {
                for waiter in failed { waiter.resume(failure: reason) }
                for record in unwritten { record.callback?(.failure(reason)) }
            }
        }
    }

    /// Creates a segment file with its header, flushed, and flushes the directory entry.
    private static func createSegment(
        directory: String, fileSystem: any StorageFileSystem, firstSequence: UInt64
    ) throws(StoreError) -> any StorageFile {
        let file = try fileSystem.createFile(directory + "/" + JournalFormat.segmentName(firstSequence: firstSequence))
        try file.write(JournalFormat.segmentHeader(firstSequence: firstSequence))
        try file.sync()
        try fileSystem.syncDirectory(directory)
        return file
    }
}
