/// The records found in one journal segment, checked, and where a torn tail begins.
public struct JournalSegmentScan: Sendable {
    /// One whole, checked record.
    public struct Record: Sendable {
        /// Its sequence number.
        public var sequence: UInt64
        /// Its payload.
        public var payload: ArraySlice<UInt8>
        /// Where the record starts in the file.
        public var offset: Int
    }

    /// The segment's first sequence, from its header.
    public var firstSequence: UInt64
    /// The whole records, in order.
    public var records: [Record]
    /// The length of the file up to the end of the last whole record.
    public var validLength: Int
    /// Where an incomplete last record starts, when the segment ends in one; nil when whole.
    public var tornTailOffset: Int?
    /// Why the tail was judged torn.
    public var tornTailReason: String?

    /// Reads and checks every record of the segment `name` whose bytes are `bytes`.
    ///
    /// A record cut short by the end of the file — an incomplete header, or a whole, valid header
    /// whose payload runs past the end — is a torn tail: the write was cut by a crash and never
    /// acknowledged; so are zero bytes where a header should be (how some file systems show
    /// appended data that never reached the disk). Any other damage — a header or payload checksum
    /// mismatch, a sequence out of order — is an error: records after it may have been acknowledged.
    ///
    /// - Parameter tailMayBeTorn: whether this is the newest segment; older ones must be whole.
    /// - Throws: `StoreError.corrupt` naming the file and offset.
    public static func scan(_ bytes: [UInt8], name: String, tailMayBeTorn: Bool) throws(StoreError) -> JournalSegmentScan {
        let headerLength = JournalFormat.segmentHeaderLength
        guard bytes.count >= headerLength else {
            // A crash right after the segment was created: nothing in it was ever acknowledged.
            if tailMayBeTorn {
                return JournalSegmentScan(
                    firstSequence: JournalFormat.firstSequence(ofSegmentNamed: name) ?? 0, records: [], validLength: 0,
                    tornTailOffset: 0,
                    tornTailReason: "the segment header is incomplete (\(bytes.count) of \(headerLength) bytes)")
            }
            throw StoreError(
                .corrupt, "\(name): offset 0: the segment header is incomplete (\(bytes.count) of \(headerLength) bytes)")
        }
        guard Array(bytes[0..<4]) == JournalFormat.magic else {
            throw StoreError(.corrupt, "\(name): offset 0: not a journal segment (bad magic)")
        }
        let version = bytes.readLittleEndian(UInt32.self, at: 4)
        guard version == JournalFormat.version else {
            throw StoreError(
                .unsupportedFormat,
                "\(name): offset 4: journal format version \(version); this server reads version \(JournalFormat.version)")
        }
        let firstSequence = bytes.readLittleEndian(UInt64.self, at: 8)
        if let named = JournalFormat.firstSequence(ofSegmentNamed: name), named != firstSequence {
            throw StoreError(
                .corrupt, "\(name): offset 8: the header says the first record is \(firstSequence), the name says \(named)")
        }
        var scan = JournalSegmentScan(firstSequence: firstSequence, records: [], validLength: headerLength)
        var offset = headerLength
        var expected = firstSequence
        while offset < bytes.count {
            let header = JournalFormat.recordHeaderLength
            let problem: String
            let remaining = bytes.count - offset
            if remaining < header {
                problem = "the record header is incomplete (\(remaining) of \(header) bytes)"
            } else if CRC32C.checksum(bytes[offset..<(offset + 16)]) != bytes.readLittleEndian(UInt32.self, at: offset + 16) {
                // A damaged header: its length cannot be trusted, so nothing after it can be read.
                guard bytes[offset...].allSatisfy({ $0 == 0 }) else {
                    throw StoreError(.corrupt, "\(name): offset \(offset): checksum mismatch in a record header")
                }
                problem = "zero bytes where a record header should be"
            } else {
                let length = Int(bytes.readLittleEndian(UInt32.self, at: offset))
                let sequence = bytes.readLittleEndian(UInt64.self, at: offset + 4)
                let end = offset + header + length
                guard sequence == expected else {
                    throw StoreError(
                        .corrupt, "\(name): offset \(offset): record sequence \(sequence) where \(expected) was expected")
                }
                guard length <= JournalFormat.maxPayloadLength else {
                    throw StoreError(
                        .corrupt,
                        "\(name): offset \(offset): the record length \(length) is over the limit of \(JournalFormat.maxPayloadLength)"
                    )
                }
                if end <= bytes.count {
                    guard CRC32C.checksum(bytes[(offset + header)..<end]) == bytes.readLittleEndian(UInt32.self, at: offset + 12)
                    else {
                        // The header is whole and valid, so the payload was written in full: damage, not a tear.
                        throw StoreError(
                            .corrupt, "\(name): offset \(offset): checksum mismatch in the payload of record \(sequence)")
                    }
                    scan.records.append(Record(sequence: sequence, payload: bytes[(offset + header)..<end], offset: offset))
                    expected += 1
                    offset = end
                    scan.validLength = end
                    continue
                }
                problem = "record \(sequence) needs \(length) payload bytes but the file ends \(remaining - header) bytes in"
            }
            guard tailMayBeTorn else {
                throw StoreError(.corrupt, "\(name): offset \(offset): \(problem), in a segment that is not the newest")
            }
            scan.tornTailOffset = offset
            scan.tornTailReason = problem
            break
        }
        return scan
    }
}
