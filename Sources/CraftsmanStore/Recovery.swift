/// What start-up recovery found and did.
public struct RecoveryReport: Sendable {
    /// A torn journal tail that was cut back (or, when verifying, would be).
    public struct TornTail: Sendable {
        /// The segment file.
        public var file: String
        /// Where the incomplete record starts; the file is cut back to this length.
        public var offset: Int
        /// What was wrong with it.
        public var reason: String
        /// The copy of the original, kept aside; nil when verifying.
        public var brokenCopy: String?
    }

    /// The snapshot loaded, if any.
    public var snapshotFile: String?
    /// The journal sequence the snapshot contains (0 without one).
    public var snapshotSequence: UInt64 = 0
    /// The snapshot file's size in bytes (0 without one).
    public var snapshotBytes = 0
    /// Journal segments read.
    public var segmentsRead: [String] = []
    /// Records applied after the snapshot.
    public var recordsReplayed = 0
    /// The last sequence in the recovered state.
    public var lastSequence: UInt64 = 0
    /// The torn tail, if the newest segment ended in one.
    public var tornTail: TornTail?
    /// Files left from an interrupted snapshot or journal clean-up, removed (or, when verifying, found).
    public var leftovers: [String] = []
    /// Time recovery took, in milliseconds.
    public var durationMilliseconds: Int64 = 0
}

/// Rebuilds the state from a data directory: the newest snapshot, then every journal record after it.
enum Recovery {
    /// The files of a data directory, by role.
    struct Listing {
        var snapshots: [(sequence: UInt64, name: String)] = []
        var segments: [(firstSequence: UInt64, name: String)] = []
        var temporaries: [String] = []
    }

    static func list(_ directory: String, fileSystem: any StorageFileSystem) throws(StoreError) -> Listing {
        var listing = Listing()
        for name in try fileSystem.listDirectory(directory) {
            if let sequence = SnapshotFormat.sequence(ofFileNamed: name) {
                listing.snapshots.append((sequence, name))
            } else if let first = JournalFormat.firstSequence(ofSegmentNamed: name) {
                listing.segments.append((first, name))
            } else if name.hasSuffix(".tmp") {
                listing.temporaries.append(name)
            }
        }
        listing.snapshots.sort { $0.sequence < $1.sequence }
        listing.segments.sort { $0.firstSequence < $1.firstSequence }
        return listing
    }

    /// Loads the newest snapshot and replays the journal after it.
    ///
    /// - Parameter repair: cut a torn tail back (keeping the original as `*.broken`) and remove
    ///   leftovers; false to only look (offline verification).
    /// - Throws: `StoreError` naming the file and offset of any damage other than a torn tail.
    static func run<State: JournaledState>(
        _ directory: String, fileSystem: any StorageFileSystem, repair: Bool, clock: () -> Int64
    ) throws(StoreError) -> (state: State, report: RecoveryReport) {
        let started = clock()
        var report = RecoveryReport()
        let listing = try list(directory, fileSystem: fileSystem)
        var state = State()
        if let newest = listing.snapshots.last {
            let bytes = try fileSystem.readFile(directory + "/" + newest.name)
            let (sequence, payload) = try SnapshotFormat.open(bytes, name: newest.name)
            guard sequence == newest.sequence else {
                throw StoreError(
                    .corrupt, "\(newest.name): offset 8: the header says sequence \(sequence), the name says \(newest.sequence)")
            }
            do {
                state = try State(snapshotPayload: payload)
            } catch {
                throw StoreError(
                    .invalidState, "\(newest.name): offset \(SnapshotFormat.headerLength): the state cannot be decoded: \(error)")
            }
            report.snapshotFile = newest.name
            report.snapshotSequence = sequence
            report.snapshotBytes = bytes.count
        }
        report.leftovers = listing.temporaries + listing.snapshots.dropLast().map(\.name)
        var last = report.snapshotSequence
        for (index, segment) in listing.segments.enumerated() {
            let isNewest = index == listing.segments.count - 1
            if !isNewest && listing.segments[index + 1].firstSequence <= report.snapshotSequence + 1 {
                report.leftovers.append(segment.name)  // every record in it is in the snapshot
                continue
            }
            guard segment.firstSequence <= last + 1 else {
                throw StoreError(
                    .corrupt,
                    "\(segment.name): offset 0: the segment starts at record \(segment.firstSequence); records \(last + 1)...\(segment.firstSequence - 1) are missing"
                )
            }
            let path = directory + "/" + segment.name
            let scan = try JournalSegmentScan.scan(try fileSystem.readFile(path), name: segment.name, tailMayBeTorn: isNewest)
            report.segmentsRead.append(segment.name)
            for record in scan.records where record.sequence > report.snapshotSequence {
                guard record.sequence == last + 1 else {
                    throw StoreError(
                        .corrupt,
                        "\(segment.name): offset \(record.offset): record \(record.sequence) follows \(last); records \(last + 1)...\(record.sequence - 1) are missing"
                    )
                }
                do {
                    try state.apply(try State.decode(record.payload))
                } catch {
                    throw StoreError(
                        .invalidState,
                        "\(segment.name): offset \(record.offset): record \(record.sequence) cannot be decoded: \(error)")
                }
                last = record.sequence
                report.recordsReplayed += 1
            }
            if let offset = scan.tornTailOffset {
                var torn = RecoveryReport.TornTail(
                    file: segment.name, offset: offset, reason: scan.tornTailReason ?? "", brokenCopy: nil)
                if repair {
                    var copy = path + ".broken"
                    var attempt = 1
                    while fileSystem.fileExists(copy) {
                        attempt += 1
                        copy = path + ".broken.\(attempt)"
                    }
                    try fileSystem.copy(path, to: copy)
                    try fileSystem.truncate(path, to: scan.validLength)
                    torn.brokenCopy = String(copy.dropFirst(directory.count + 1))
                }
                report.tornTail = torn
            }
        }
        if repair {
            for name in report.leftovers { try fileSystem.remove(directory + "/" + name) }
            if !report.leftovers.isEmpty { try fileSystem.syncDirectory(directory) }
        }
        report.lastSequence = last
        report.durationMilliseconds = clock() - started
        return (state, report)
    }
}
