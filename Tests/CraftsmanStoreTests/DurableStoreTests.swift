import Foundation
import Glibc
import Synchronization
import Testing

@testable import CraftsmanStore

@Suite struct DurableStoreTests {
    @Test func writesSurviveAReopen() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            for index in 1...10 { #expect(try await append(store, "entry \(index)") == index) }
            store.close()
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            defer { reopened.close() }
            #expect(reopened.read { $0.entries } == (1...10).map { "entry \($0)" })
            #expect(reopened.recovery.recordsReplayed == 10)
            #expect(reopened.recovery.lastSequence == 10)
        }
    }

    @Test func aRefusedPlanChangesNothingAndWritesNoRecord() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            try await append(store, "kept")
            struct NotAllowed: Error {}
            await #expect(throws: NotAllowed.self) { try await store.write { _ -> (String, Int) in throw NotAllowed() } }
            await #expect(throws: Ledger.Refused.self) { try await append(store, "refuse") }
            #expect(store.status.lastSequence == 1)
            store.close()
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            defer { reopened.close() }
            #expect(reopened.read { $0.entries } == ["kept"])
        }
    }

    /// Changes the journal's thread encodes are written in sequence order with the others.
    @Test func changesEncodedByTheJournalAreRecovered() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            let entries = ["later:a", "b", "later:c", "later:d", "e"]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for entry in entries { group.addTask { try await append(store, entry) } }
                try await group.waitForAll()
            }
            let live = store.read { $0.entries }
            #expect(Set(live) == Set(entries))
            store.close()
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            defer { reopened.close() }
            #expect(reopened.read { $0.entries } == live)
        }
    }

    /// A change its writer encodes and cannot is refused alone; one the journal's thread cannot
    /// encode stops the journal like a failed flush: never acknowledged, writes refused after.
    @Test func anEncodingFailureRefusesItsWriteOrStopsTheJournal() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            try await append(store, "first")
            await #expect(throws: Ledger.Unencodable.self) { try await append(store, "unencodable now") }
            try await append(store, "second")
            #expect(store.status.writesDisabledReason == nil)
            await #expect {
                try await append(store, "later:unencodable")
            } throws: { error in
                let error = error as? StoreError
                return error?.code == .writesDisabled && error?.message.contains("record 3 could not be encoded") == true
            }
            await #expect { try await append(store, "third") } throws: { ($0 as? StoreError)?.code == .writesDisabled }
            store.close()
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            defer { reopened.close() }
            #expect(reopened.read { $0.entries } == ["first", "second"])
        }
    }

    @Test func concurrentWritersShareFlushes() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = FaultInjectingFileSystem()
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration(fileSystem))
            let before = fileSystem.syncCount
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<64 {
                    group.addTask { for index in 0..<20 { try await append(store, "w\(writer)-\(index)") } }
                }
                try await group.waitForAll()
            }
            let flushes = fileSystem.syncCount - before
            #expect(store.read { $0.entries.count } == 1280)
            #expect(store.status.acknowledgedSequence == 1280)
            // Group commit: 1,280 acknowledged writes, far fewer flushes.
            #expect(flushes < 1280 / 2, "\(flushes) flushes for 1,280 writes")
            store.close()
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            defer { reopened.close() }
            #expect(Set(reopened.read { $0.entries }).count == 1280)
        }
    }

    @Test(arguments: [FlushPolicy.everySecond, .none])
    func otherFlushPoliciesAcknowledgeAndRecover(policy: FlushPolicy) async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration(policy: policy))
            for index in 1...50 { try await append(store, "\(index)") }
            store.close()
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            defer { reopened.close() }
            #expect(reopened.read { $0.entries.count } == 50)
        }
    }

    @Test func aFailedFlushIsNeverAcknowledgedAndStopsWritesButNotReads() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = FaultInjectingFileSystem()
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration(fileSystem))
            try await append(store, "acknowledged")
            fileSystem.failSyncs(true)
            await #expect {
                try await append(store, "never acknowledged")
            } throws: { ($0 as? StoreError)?.code == .writesDisabled }
            fileSystem.failSyncs(false)  // the device recovers; the store must not trust it again
            await #expect {
                try await append(store, "refused")
            } throws: { error in
                let error = error as? StoreError
                return error?.code == .writesDisabled && error?.message.contains("injected: cannot flush") == true
            }
            #expect(store.status.writesDisabledReason != nil)
            #expect(store.status.acknowledgedSequence == 1)
            #expect(store.read { $0.entries.first } == "acknowledged")
            store.close()
        }
    }

    @Test func aFailedWriteIsNeverAcknowledged() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = FaultInjectingFileSystem()
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration(fileSystem))
            fileSystem.failWrites(true)
            await #expect {
                try await append(store, "disk full")
            } throws: { ($0 as? StoreError)?.message.contains("no space left") == true }
            #expect(store.status.acknowledgedSequence == 0)
            store.close()
        }
    }

    /// `whenRecorded` gets each record's payload as `encode` made it, whether it was encoded
    /// under the lock or after it; an unencodable deferred change stops the journal, and its
    /// caller and every later one get the failure.
    @Test func recordedWritesGetTheirPayloads() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            let outcomes = AsyncStream<(String, Result<[UInt8], StoreError>)>.makeStream()
            let changes = (1...30).map { $0 % 3 == 0 ? "now \($0)" : "later: \($0) 教师" }
            for change in changes {
                _ = try store.write({ _ in (change, 0) }, whenRecorded: { outcomes.continuation.yield((change, $0)) })
            }
            var seen: [String] = []
            for await (change, outcome) in outcomes.stream {
                #expect(try outcome.get() == (try Ledger.encode(change)))
                seen.append(change)
                if seen.count == changes.count { break }
            }
            #expect(seen == changes)

            _ = try store.write({ _ in ("later: unencodable", 0) }, whenRecorded: { outcomes.continuation.yield(("bad", $0)) })
            for await (change, outcome) in outcomes.stream {
                #expect(change == "bad")
                #expect(throws: StoreError.self) { try outcome.get() }
                break
            }
            #expect(store.status.acknowledgedSequence == 30)
            #expect(store.status.writesDisabledReason?.code == .writesDisabled)
            store.close()
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            defer { reopened.close() }
            #expect(reopened.read { $0.entries } == changes)
        }
    }

    /// Inside a `JournalWakeRound`, a write waits for the round to end before the journal
    /// writes it; then it is written without another write to wake the journal.
    @Test func aWakeRoundHoldsTheJournalBackUntilItEnds() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            defer { store.close() }
            try await append(store, "before")  // the journal's writer now waits for records
            let recorded = AsyncStream<Void>.makeStream()
            let early = Mutex(false)
            JournalWakeRound.run {
                for index in 1...3 {
                    _ = try? store.write(
                        { _ in ("later: in the round \(index)", 0) }, whenAcknowledged: { _ in recorded.continuation.yield() })
                }
                usleep(200_000)
                early.withLock { $0 = store.status.acknowledgedSequence > 1 }
            }
            #expect(early.withLock { $0 } == false)
            var count = 0
            for await _ in recorded.stream {
                count += 1
                if count == 3 { break }
            }
            #expect(store.status.acknowledgedSequence == 4)
        }
    }

    /// The callback form: the plan's result comes back at once, the callback only once the
    /// record is flushed; a refused plan throws and never calls back; a failed flush calls back
    /// with the error, and the write is not acknowledged.
    @Test func callbackWritesAreAcknowledgedOnlyOnceFlushed() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = FaultInjectingFileSystem()
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration(fileSystem))
            let outcomes = AsyncStream<(Int, StoreError?)>.makeStream()
            for index in 1...20 {
                let flushesBefore = fileSystem.syncCount
                let result = try store.write(
                    { ledger in ("entry \(index)", ledger.entries.count + 1) },
                    whenAcknowledged: { failure in
                        // Acknowledged only after a flush that began after the write.
                        #expect(failure != nil || fileSystem.syncCount > flushesBefore)
                        outcomes.continuation.yield((index, failure))
                    })
                #expect(result == index)
            }
            var acknowledged: [Int] = []
            for await (index, failure) in outcomes.stream {
                #expect(failure == nil)
                acknowledged.append(index)
                if acknowledged.count == 20 { break }
            }
            #expect(acknowledged == Array(1...20))
            #expect(store.status.acknowledgedSequence == 20)

            struct NotAllowed: Error {}
            #expect(throws: NotAllowed.self) {
                try store.write(
                    { _ -> (String, Int) in throw NotAllowed() }, whenAcknowledged: { _ in Issue.record("called back") })
            }
            #expect(store.status.lastSequence == 20)

            fileSystem.failSyncs(true)
            _ = try store.write(
                { _ in ("never acknowledged", 0) },
                whenAcknowledged: { failure in
                    outcomes.continuation.yield((21, failure))
                })
            for await (index, failure) in outcomes.stream {
                #expect(index == 21)
                #expect(failure?.code == .writesDisabled)
                break
            }
            #expect(store.status.acknowledgedSequence == 20)
            // Once a flush failed, writes are refused at once.
            #expect {
                try store.write({ _ in ("refused", 0) }, whenAcknowledged: { _ in Issue.record("called back") })
            } throws: { ($0 as? StoreError)?.code == .writesDisabled }
            store.close()
        }
    }

    @Test func aSnapshotReplacesTheJournalBeforeIt() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            for index in 1...5 { try await append(store, "\(index)") }
            let first = try await store.takeSnapshot()
            #expect(first.sequence == 5)
            for index in 6...8 { try await append(store, "\(index)") }
            let second = try await store.takeSnapshot()
            #expect(second.sequence == 8)
            // Nothing changed: the same snapshot, no new file.
            #expect(try await store.takeSnapshot() == second)
            try await append(store, "9")
            // A snapshot starts no new segment: the one being written holds records 1–9 and stays.
            #expect(
                names(in: directory) == [
                    "LOCK", JournalFormat.segmentName(firstSequence: 1), SnapshotFormat.fileName(sequence: 8),
                ])
            store.close()
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            #expect(reopened.read { $0.entries } == (1...9).map(String.init))
            #expect(reopened.recovery.snapshotSequence == 8)
            #expect(reopened.recovery.recordsReplayed == 1)
            // The reopened store writes a new segment; the next snapshot covers the old one whole.
            try await append(reopened, "10")
            #expect(try await reopened.takeSnapshot().sequence == 10)
            #expect(
                names(in: directory) == [
                    "LOCK", JournalFormat.segmentName(firstSequence: 10), SnapshotFormat.fileName(sequence: 10),
                ])
            reopened.close()
        }
    }

    /// After a shutdown's snapshot (every record in it), closing removes the journal, so the next
    /// start reads the snapshot alone; without such a snapshot the journal stays.
    @Test func closingAfterASnapshotOfEverythingRemovesTheJournal() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            for index in 1...5 { try await append(store, "\(index)") }
            #expect(try await store.takeSnapshot().sequence == 5)
            store.close()
            #expect(names(in: directory) == ["LOCK", SnapshotFormat.fileName(sequence: 5)])
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            #expect(reopened.read { $0.entries } == (1...5).map(String.init))
            #expect(reopened.recovery.segmentsRead.isEmpty)
            try await append(reopened, "6")
            reopened.close()  // record 6 is in no snapshot: its segment stays
            #expect(names(in: directory).contains(JournalFormat.segmentName(firstSequence: 6)))
            let again = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            defer { again.close() }
            #expect(again.read { $0.entries } == (1...6).map(String.init))
        }
    }

    /// Segments that a snapshot covers whole are removed; the one it ends in stays, and a start
    /// replays only the records after the snapshot from it.
    @Test func aSnapshotRemovesTheSegmentsItCoversWhole() async throws {
        try await withTemporaryDirectory { directory in
            var configuration = testConfiguration()
            configuration.segmentMaxBytes = 200  // a few records per segment
            let store = try DurableStore<Ledger>(directory: directory, configuration: configuration)
            for index in 1...40 { try await append(store, "entry \(index) " + String(repeating: "x", count: 30)) }
            let before = names(in: directory).filter { $0.hasPrefix("journal-") }
            #expect(before.count > 5)
            let snapshot = try await store.takeSnapshot()
            #expect(snapshot.sequence == 40)
            for index in 41...45 { try await append(store, "entry \(index)") }
            let segments = names(in: directory).compactMap(JournalFormat.firstSequence(ofSegmentNamed:))
            // Only the segment holding record 40 and those after it are left.
            let holding40 = try #require(before.compactMap(JournalFormat.firstSequence(ofSegmentNamed:)).last)
            #expect(segments.first == holding40)
            #expect(segments.allSatisfy { $0 >= holding40 })
            store.close()
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: configuration)
            defer { reopened.close() }
            #expect(reopened.read { $0.entries.count } == 45)
            #expect(reopened.recovery.recordsReplayed == 5)
            // The start removes what became whole-covered since (a segment began after record 40).
            #expect(reopened.recovery.leftovers.allSatisfy { JournalFormat.firstSequence(ofSegmentNamed: $0) == holding40 })
        }
    }

    @Test func writesGoOnWhileASnapshotIsWritten() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            for index in 0..<300 { try await append(store, "before \(index)") }
            async let snapshot = store.takeSnapshot()
            for index in 0..<100 { try await append(store, "during \(index)") }
            let taken = try await snapshot
            #expect(taken.sequence >= 300)
            store.close()
            let reopened = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            defer { reopened.close() }
            #expect(reopened.read { $0.entries.count } == 400)
            #expect(reopened.read { $0.entries.last } == "during 99")
        }
    }

    @Test func aTornTailAtEveryOffsetOfTheLastRecordIsCutBackAndKeptAside() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            for entry in ["one", "two", "three: the record a crash cuts"] { try await append(store, entry) }
            store.close()
            let segment = directory + "/" + JournalFormat.segmentName(firstSequence: 1)
            let whole = bytes(of: segment)
            let lastStart = whole.count - 20 - "three: the record a crash cuts".utf8.count
            for length in (lastStart + 1)..<whole.count {
                let copy = directory + "-cut-\(length)"
                try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: copy) }
                let name = JournalFormat.segmentName(firstSequence: 1)
                write(Array(whole[..<length]), to: copy + "/" + name)
                let reopened = try DurableStore<Ledger>(directory: copy, configuration: testConfiguration())
                #expect(reopened.read { $0.entries } == ["one", "two"], "cut at \(length)")
                let torn = try #require(reopened.recovery.tornTail)
                #expect(torn.file == name && torn.offset == lastStart)
                #expect(bytes(of: copy + "/" + name).count == lastStart)
                #expect(bytes(of: copy + "/" + name + ".broken") == Array(whole[..<length]))
                // Writing goes on after the cut, with the next sequence.
                #expect(try await append(reopened, "three again") == 3)
                reopened.close()
                let again = try DurableStore<Ledger>(directory: copy, configuration: testConfiguration())
                #expect(again.read { $0.entries } == ["one", "two", "three again"])
                #expect(again.recovery.tornTail == nil)
                again.close()
            }
        }
    }

    @Test func aFlippedBitInAMiddleRecordStopsTheStart() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            for entry in ["one", "two", "three"] { try await append(store, entry) }
            store.close()
            let segment = directory + "/" + JournalFormat.segmentName(firstSequence: 1)
            var damaged = bytes(of: segment)
            let secondStart = 16 + 20 + 3
            damaged[secondStart + 21] ^= 0x01  // in the payload "two"
            write(damaged, to: segment)
            #expect {
                try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            } throws: { error in
                (error as? StoreError)?.message
                    == "\(JournalFormat.segmentName(firstSequence: 1)): offset \(secondStart): checksum mismatch in the payload of record 2"
            }
            // Nothing was changed by the refused start.
            #expect(bytes(of: segment) == damaged)
            #expect(throws: StoreError.self) { try DurableStore<Ledger>.verify(directory: directory) }
        }
    }

    @Test func aFlippedBitInTheSnapshotStopsTheStart() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            for entry in ["one", "two"] { try await append(store, entry) }
            let snapshot = try await store.takeSnapshot()
            store.close()
            let path = directory + "/" + snapshot.fileName
            var damaged = bytes(of: path)
            damaged[damaged.count - 2] ^= 0x20
            write(damaged, to: path)
            #expect {
                try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            } throws: { error in
                (error as? StoreError)?.message == "\(snapshot.fileName): offset 32: checksum mismatch in the snapshot payload"
            }
        }
    }

    @Test func aMissingSegmentIsAGapNotSilence() async throws {
        try await withTemporaryDirectory { directory in
            var configuration = testConfiguration()
            configuration.segmentMaxBytes = 64  // a new segment every record or two
            let store = try DurableStore<Ledger>(directory: directory, configuration: configuration)
            for index in 1...10 { try await append(store, "entry number \(index)") }
            store.close()
            let segments = names(in: directory).filter { $0.hasPrefix("journal-") }
            #expect(segments.count > 3)
            try FileManager.default.removeItem(atPath: directory + "/" + segments[1])
            #expect {
                try DurableStore<Ledger>(directory: directory, configuration: configuration)
            } throws: { ($0 as? StoreError)?.message.contains("are missing") == true }
        }
    }

    @Test func aSecondProcessCannotOpenTheSameDirectory() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            defer { store.close() }
            // flock locks are per open file description, so a second open in-process conflicts too.
            #expect {
                try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            } throws: { ($0 as? StoreError)?.code == .locked }
        }
    }

    /// A copy of the lock's descriptor, such as a child forked by another thread holds until it
    /// execs, does not keep the directory locked once the lock is released.
    @Test func aReleasedLockIsFreeEvenWhileACopyOfItsDescriptorIsOpen() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = POSIXFileSystem()
            try fileSystem.createDirectory(directory)
            let lock = try #require(try fileSystem.lockDirectory(directory) as? POSIXLock)
            let copy = dup(lock.fd)
            #expect(copy >= 0)
            defer { _ = close(copy) }
            #expect(throws: StoreError.self) { try fileSystem.lockDirectory(directory) }
            lock.release()
            #expect(lock.fd == -1)
            try fileSystem.lockDirectory(directory).release()
        }
    }

    @Test func verifyReportsWithoutChangingAnything() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DurableStore<Ledger>(directory: directory, configuration: testConfiguration())
            for entry in ["one", "two"] { try await append(store, entry) }
            store.close()
            let segment = directory + "/" + JournalFormat.segmentName(firstSequence: 1)
            let cut = Array(bytes(of: segment).dropLast(2))
            write(cut, to: segment)
            let (state, report) = try DurableStore<Ledger>.verify(directory: directory)
            #expect(state.entries == ["one"])
            #expect(report.tornTail?.brokenCopy == nil)
            #expect(bytes(of: segment) == cut)
            #expect(!names(in: directory).contains { $0.hasSuffix(".broken") })
        }
    }
}
