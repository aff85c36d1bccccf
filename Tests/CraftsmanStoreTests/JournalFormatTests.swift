import CraftsmanStore
import Testing

@Suite struct JournalFormatTests {
    static let name = JournalFormat.segmentName(firstSequence: 1)

    /// A segment with records 1...payloads.count, and where each record starts.
    static func segment(_ payloads: [String]) -> (bytes: [UInt8], offsets: [Int]) {
        var bytes = JournalFormat.segmentHeader(firstSequence: 1)
        var offsets: [Int] = []
        for (index, payload) in payloads.enumerated() {
            offsets.append(bytes.count)
            JournalFormat.appendRecord(sequence: UInt64(index + 1), payload: Array(payload.utf8), to: &bytes)
        }
        return (bytes, offsets)
    }

    @Test func recordsRoundTrip() throws {
        let payloads = ["first", "", String(repeating: "x", count: 1000), "学校"]
        let (bytes, offsets) = Self.segment(payloads)
        let scan = try JournalSegmentScan.scan(bytes, name: Self.name, tailMayBeTorn: false)
        #expect(scan.records.map { String(decoding: $0.payload, as: UTF8.self) } == payloads)
        #expect(scan.records.map(\.sequence) == [1, 2, 3, 4])
        #expect(scan.records.map(\.offset) == offsets)
        #expect(scan.validLength == bytes.count)
        #expect(scan.tornTailOffset == nil)
        #expect(bytes.count == 16 + payloads.reduce(0) { $0 + 20 + $1.utf8.count })
    }

    @Test func namesSortInSequenceOrderAndParseBack() {
        #expect(JournalFormat.segmentName(firstSequence: 42) == "journal-00000000000000000042.log")
        #expect(JournalFormat.firstSequence(ofSegmentNamed: "journal-00000000000000000042.log") == 42)
        #expect(JournalFormat.firstSequence(ofSegmentNamed: "journal-42.log") == nil)
        #expect(JournalFormat.firstSequence(ofSegmentNamed: "journal-0000000000000000004x.log") == nil)
        #expect(JournalFormat.segmentName(firstSequence: 9) < JournalFormat.segmentName(firstSequence: 10))
    }

    @Test func aTornTailAtEveryByteOffsetOfTheLastRecordIsFoundAndCutBack() throws {
        let (bytes, offsets) = Self.segment(["one", "two", "the last record, cut short by a crash"])
        let last = offsets[2]
        for length in last..<bytes.count {
            let scan = try JournalSegmentScan.scan(Array(bytes[..<length]), name: Self.name, tailMayBeTorn: true)
            #expect(scan.records.count == 2, "cut at \(length)")
            #expect(scan.validLength == last)
            #expect(scan.tornTailOffset == (length == last ? nil : last), "cut at \(length)")
        }
    }

    @Test func aTornTailInASegmentThatIsNotTheNewestIsAnError() {
        let (bytes, _) = Self.segment(["one", "two"])
        #expect(throws: StoreError.self) {
            try JournalSegmentScan.scan(Array(bytes.dropLast(3)), name: Self.name, tailMayBeTorn: false)
        }
    }

    @Test func aFlippedBitAnywhereInAMiddleRecordIsAnErrorNamingFileAndOffset() {
        let (bytes, offsets) = Self.segment(["one", "two", "three"])
        // Every bit of the middle record: length, sequence, both checksums, payload.
        for byte in offsets[1]..<offsets[2] {
            for bit in 0..<8 {
                var damaged = bytes
                damaged[byte] ^= 1 << bit
                #expect("byte \(byte) bit \(bit)") {
                    try JournalSegmentScan.scan(damaged, name: Self.name, tailMayBeTorn: true)
                } throws: { error in
                    let error = error as? StoreError
                    return error?.code == .corrupt && error?.message.hasPrefix("\(Self.name): offset \(offsets[1]):") == true
                }
            }
        }
    }

    @Test func aFlippedBitInTheWholeLastRecordIsDamageNotATear() {
        let (bytes, _) = Self.segment(["one", "two"])
        var damaged = bytes
        damaged[bytes.count - 1] ^= 0x10
        #expect(throws: StoreError.self) { try JournalSegmentScan.scan(damaged, name: Self.name, tailMayBeTorn: true) }
    }

    @Test(arguments: [true, false])
    func zerosAfterTheLastWholeRecordEndTheRecords(newest: Bool) throws {
        // A segment written ahead: its records, then the zeros not yet written over.
        let (bytes, offsets) = Self.segment(["one", "two"])
        let scan = try JournalSegmentScan.scan(bytes + Self.zeros(4096), name: Self.name, tailMayBeTorn: newest)
        #expect(scan.records.count == 2)
        #expect(scan.validLength == offsets[1] + 20 + 3)
        #expect(scan.tornTailOffset == nil)
        // A segment written ahead that no record reached yet.
        let empty = try JournalSegmentScan.scan(Self.segment([]).bytes + Self.zeros(4096), name: Self.name, tailMayBeTorn: newest)
        #expect(empty.records.isEmpty && empty.tornTailOffset == nil && empty.validLength == 16)
    }

    static func zeros(_ count: Int) -> [UInt8] { [UInt8](repeating: 0, count: count) }

    /// A crash in the middle of a write into a segment written ahead leaves each device sector of
    /// the write either written or still zero, in any combination (pages reach the disk in any
    /// order): every such last record is a torn tail, cut back to the records before it.
    @Test func aWriteCutShortInZerosWrittenAheadIsATornTail() throws {
        let last = String(repeating: "the last record, in flight at the crash. ", count: 40)
        let (whole, offsets) = Self.segment(["one", "two", last])
        let lastStart = offsets[2]
        let written = whole + Self.zeros(4096)
        let sector = JournalSegmentScan.tornWriteSectorBytes
        let boundaries = Array(stride(from: (lastStart / sector + 1) * sector, to: whole.count, by: sector))
        #expect(boundaries.count >= 3)
        for boundary in boundaries {
            // Sectors from `boundary` on never written.
            var cut = written
            cut.replaceSubrange(boundary..., with: Self.zeros(written.count - boundary))
            // Only the sector at `boundary` never written, those after it were.
            var hole = written
            hole.replaceSubrange(boundary..<(boundary + sector), with: Self.zeros(sector))
            for torn in [cut, hole] {
                let scan = try JournalSegmentScan.scan(torn, name: Self.name, tailMayBeTorn: true)
                #expect(scan.records.count == 2, "zeros from \(boundary)")
                #expect(scan.validLength == lastStart)
                #expect(scan.tornTailOffset == lastStart)
                #expect(scan.tornTailReason?.contains("unwritten sector") == true)
                // In a segment that is not the newest, nothing may be torn.
                #expect(throws: StoreError.self) { try JournalSegmentScan.scan(torn, name: Self.name, tailMayBeTorn: false) }
            }
        }
        // The sector holding the header never written (the one before it, with record 2, was).
        let headerSector = lastStart / sector * sector
        var headerLost = written
        headerLost.replaceSubrange(lastStart..<(headerSector + sector), with: Self.zeros(headerSector + sector - lastStart))
        let scan = try JournalSegmentScan.scan(headerLost, name: Self.name, tailMayBeTorn: true)
        #expect(scan.records.count == 2 && scan.tornTailOffset == lastStart)
    }

    /// A flipped bit zeroes no sector: in the last record before zeros written ahead it is damage.
    @Test func aFlippedBitInTheLastRecordBeforeZerosIsDamageNotATear() {
        let (bytes, offsets) = Self.segment(["one", "two", String(repeating: "x", count: 600)])
        for byte in [offsets[2] + 2, offsets[2] + 18, offsets[2] + 300, bytes.count - 1] {
            var damaged = bytes + Self.zeros(4096)
            damaged[byte] ^= 0x08
            #expect("byte \(byte)") {
                try JournalSegmentScan.scan(damaged, name: Self.name, tailMayBeTorn: true)
            } throws: { error in
                let error = error as? StoreError
                return error?.code == .corrupt && error?.message.hasPrefix("\(Self.name): offset \(offsets[2]):") == true
            }
        }
    }

    @Test func headerDamageIsReported() {
        let (bytes, _) = Self.segment(["one"])
        var badMagic = bytes
        badMagic[0] = UInt8(ascii: "X")
        #expect(throws: StoreError.self) { try JournalSegmentScan.scan(badMagic, name: Self.name, tailMayBeTorn: true) }
        var badVersion = bytes
        badVersion[4] = 9
        #expect {
            try JournalSegmentScan.scan(badVersion, name: Self.name, tailMayBeTorn: true)
        } throws: { ($0 as? StoreError)?.code == .unsupportedFormat }
        // The header says 1; a name that says 5 is a mismatch.
        #expect(throws: StoreError.self) {
            try JournalSegmentScan.scan(bytes, name: JournalFormat.segmentName(firstSequence: 5), tailMayBeTorn: true)
        }
    }

    @Test func aSequenceOutOfOrderIsAnError() {
        var bytes = JournalFormat.segmentHeader(firstSequence: 1)
        JournalFormat.appendRecord(sequence: 1, payload: [1], to: &bytes)
        JournalFormat.appendRecord(sequence: 3, payload: [3], to: &bytes)
        #expect {
            try JournalSegmentScan.scan(bytes, name: Self.name, tailMayBeTorn: true)
        } throws: { ($0 as? StoreError)?.message.contains("record sequence 3 where 2 was expected") == true }
    }

    @Test func snapshotHeaderAndPayloadDamageIsFound() throws {
        let payload = Array("the whole state".utf8)
        let file = SnapshotFormat.header(sequence: 7, payload: payload) + payload
        let (sequence, read) = try SnapshotFormat.open(file, name: "s")
        #expect(sequence == 7)
        #expect(Array(read) == payload)
        for byte in 0..<file.count {
            var damaged = file
            damaged[byte] ^= 0x04
            #expect(throws: StoreError.self, "byte \(byte)") { try SnapshotFormat.open(damaged, name: "s") }
        }
        #expect(throws: StoreError.self) { try SnapshotFormat.open(Array(file.dropLast()), name: "s") }
    }
}
