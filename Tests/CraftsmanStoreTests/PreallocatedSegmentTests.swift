import CraftsmanStore
import Foundation
import Testing

/// Journal segments written ahead as zeros (`StoreConfiguration.preallocatedSegmentBytes`): the
/// journal moves into them, a start reads their records and stops at their zeros, a crash
/// inside one is cut back like any torn tail, and a failure to write one ahead costs nothing but
/// the speed-up.
@Suite struct PreallocatedSegmentTests {
    static let ahead = 64 << 10

    /// The journal segments of `directory`, and whether each was written ahead: as long as
    /// written ahead and ending in zeros (a growing one ends in its last record).
    static func segments(in directory: String) -> [(name: String, writtenAhead: Bool)] {
        names(in: directory).filter { JournalFormat.firstSequence(ofSegmentNamed: $0) != nil }.map { name in
            let file = bytes(of: directory + "/" + name)
            return (name, file.count == ahead && file.last == 0)
        }
    }

    /// Appends numbered entries until a segment written ahead holds records, or 60 s have passed
    /// (milliseconds alone; but with the whole suite running in parallel on two cores, the first
    /// write has taken over 5 s). Returns how many entries were appended.
    static func appendUntilASegmentWrittenAheadIsInUse(_ store: DurableStore<Ledger>, directory: String) async throws -> Int {
        let deadline = Date().addingTimeInterval(60)
        var count = 0
        repeat {
            count += 1
            try await append(store, "entry \(count)")
            if segments(in: directory).contains(where: { $0.writtenAhead }) { break }
            try await Task.sleep(for: .milliseconds(2))
        } while Date() < deadline
        return count
    }

    @Test func theJournalMovesIntoSegmentsWrittenAheadAndEveryRecordComesBack() async throws {
        try await withTemporaryDirectory { directory in
            var configuration = testConfiguration(preallocatedSegmentBytes: Self.ahead)
            configuration.segmentMaxBytes = 4096  // several segments, each the next written ahead
            let store = try DurableStore<Ledger>(directory: directory, configuration: configuration)
            var count = try await Self.appendUntilASegmentWrittenAheadIsInUse(store, directory: directory)
            #expect(Self.segments(in: directory).contains { $0.writtenAhead }, "no segment was written ahead")
            for _ in 0..<300 {
                count += 1
                try await append(store, "entry \(count) " + String(repeating: "x", count: 40))
            }
            // Several moves to a next segment, each into the one written ahead if it was ready by
            // then (how many were depends on the machine's load), else into a growing one.
            #expect(Self.segments(in: directory).count > 3)

            // A copy taken while the store is open is what a crash of the process leaves.
            let crashed = directory + "-crashed"
            try FileManager.default.copyItem(atPath: directory, toPath: crashed)
            defer { try? FileManager.default.removeItem(atPath: crashed) }
            try? FileManager.default.removeItem(atPath: crashed + "/LOCK")
            let recovered = try DurableStore<Ledger>(directory: crashed, configuration: configuration)
            #expect(recovered.read { $0.entries.count } == count)
            #expect(recovered.recovery.tornTail == nil)
            #expect(!names(in: crashed).contains { $0.hasSuffix(".broken") })
            recovered.close()

            store.close()
            #expect(!names(in: directory).contains("journal-ahead.tmp"), "closing leaves the file written ahead")
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: configuration)
            defer { reopened.close() }
            #expect(reopened.read { $0.entries.count } == count)
            #expect(reopened.read { $0.entries.last?.hasPrefix("entry \(count) ") } == true)
            #expect(reopened.recovery.tornTail == nil)
            #expect(reopened.recovery.recordsReplayed == count)
        }
    }

    @Test func aWriteCutShortInASegmentWrittenAheadIsCutBackAndKeptAside() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = testConfiguration(preallocatedSegmentBytes: Self.ahead)
            let store = try DurableStore<Ledger>(directory: directory, configuration: configuration)
            let count = try await Self.appendUntilASegmentWrittenAheadIsInUse(store, directory: directory)
            let long = String(repeating: "a record longer than a device sector. ", count: 40)
            try await append(store, long)
            store.close()
            let name = try #require(Self.segments(in: directory).last(where: \.writtenAhead)?.name)
            let path = directory + "/" + name
            var file = bytes(of: path)
            let scan = try JournalSegmentScan.scan(file, name: name, tailMayBeTorn: true)
            let last = try #require(scan.records.last)
            #expect(String(decoding: last.payload, as: UTF8.self) == long)
            // The crash wrote the sectors of the last record up to the second boundary in it.
            let sector = JournalSegmentScan.tornWriteSectorBytes
            let lost = (last.offset / sector + 2) * sector
            file.replaceSubrange(lost..<scan.validLength, with: [UInt8](repeating: 0, count: scan.validLength - lost))
            write(file, to: path)

            let reopened = try DurableStore<Ledger>(directory: directory, configuration: configuration)
            #expect(reopened.read { $0.entries.count } == count)
            #expect(reopened.read { $0.entries.last } == "entry \(count)")
            let torn = try #require(reopened.recovery.tornTail)
            #expect(torn.file == name && torn.offset == last.offset)
            #expect(torn.reason.contains("unwritten sector"))
            #expect(bytes(of: path + ".broken") == file)
            #expect(bytes(of: path).count == last.offset)
            #expect(try await append(reopened, "after the cut") == count + 1)
            reopened.close()
            let again = try DurableStore<Ledger>(directory: directory, configuration: configuration)
            defer { again.close() }
            #expect(again.read { $0.entries.last } == "after the cut")
            #expect(again.recovery.tornTail == nil)
        }
    }

    @Test func aFailureToWriteAheadLeavesTheJournalGrowingUntilItWorksAgain() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = FaultInjectingFileSystem()
            fileSystem.failZeroFilledFiles(true)
            var configuration = testConfiguration(fileSystem, preallocatedSegmentBytes: Self.ahead)
            configuration.segmentMaxBytes = 1024
            let store = try DurableStore<Ledger>(directory: directory, configuration: configuration)
            for index in 1...100 { try await append(store, "entry \(index) " + String(repeating: "y", count: 30)) }
            let growing = Self.segments(in: directory)
            #expect(growing.count > 3)
            #expect(!growing.contains { $0.writtenAhead }, "\(growing)")
            #expect(!names(in: directory).contains("journal-ahead.tmp"))
            #expect(store.status.writesDisabledReason == nil)

            fileSystem.failZeroFilledFiles(false)
            let more = try await Self.appendUntilASegmentWrittenAheadIsInUse(store, directory: directory)
            #expect(Self.segments(in: directory).contains { $0.writtenAhead })
            store.close()
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: configuration)
            defer { reopened.close() }
            #expect(reopened.read { $0.entries.count } == 100 + more)
        }
    }
}
