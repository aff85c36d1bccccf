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
    /// Zero bytes from where a record header should be to the end of the file are not records: the
    /// unused part of a preallocated segment (``StoreConfiguration/preallocatedSegmentBytes``), or
    /// appended data that never reached the disk. Either way the records end there, whole.
    ///
    /// In the newest segment a write cut short by a crash is a torn tail, never acknowledged:
    /// - a record cut short by the end of the file (an incomplete header, or a whole, valid header
    ///   whose payload runs past the end);
    /// - a record with a checksum mismatch that holds a whole unwritten device sector
    ///   (``tornWriteSectorBytes``), as a crash leaves the part of a write into a preallocated
    ///   segment that had not reached the disk: still the zeros written ahead. A flipped bit does
    ///   not zero a sector, so damage is still told apart from a tear.
    ///
    /// Any other damage — a checksum mismatch, a sequence out of order — is an error: records
    /// after it may have been acknowledged.
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
            if Self.isZero(bytes, offset..<bytes.count) {
                break  // the records end here: zeros written ahead, or never written
            }
            if remaining < header {
                problem = "the record header is incomplete (\(remaining) of \(header) bytes)"
            } else if CRC32C.checksum(bytes[offset..<(offset + 16)]) != bytes.readLittleEndian(UInt32.self, at: offset + 16) {
                // A damaged header: its length cannot be trusted, so nothing after it can be read.
                guard tailMayBeTorn, let zeros = Self.unwrittenSector(bytes, in: offset..<(offset + header)) else {
                    throw StoreError(.corrupt, "\(name): offset \(offset): checksum mismatch in a record header")
                }
                problem = "the record header holds an unwritten sector (zero bytes \(zeros.lowerBound)..<\(zeros.upperBound))"
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
                    if CRC32C.checksum(bytes[(offset + header)..<end]) == bytes.readLittleEndian(UInt32.self, at: offset + 12) {
                        scan.records.append(Record(sequence: sequence, payload: bytes[(offset + header)..<end], offset: offset))
                        expected += 1
                        offset = end
                        scan.validLength = end
                        continue
                    }
                    // A whole, valid header with a damaged payload: a tear only if part of it was never written.
                    guard tailMayBeTorn, let zeros = Self.unwrittenSector(bytes, in: offset..<end) else {
                        throw StoreError(
                            .corrupt, "\(name): offset \(offset): checksum mismatch in the payload of record \(sequence)")
                    }
                    problem =
                        "record \(sequence) holds an unwritten sector (zero bytes \(zeros.lowerBound)..<\(zeros.upperBound))"
                } else {
                    problem = "record \(sequence) needs \(length) payload bytes but the file ends \(remaining - header) bytes in"
                }
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

    /// The unit a device writes whole: a crash leaves each 512-byte sector of a write either
    /// written or as it was before. Linux writes back page-cache pages (4 KiB, a multiple).
    public static let tornWriteSectorBytes = 512

    /// The first stretch of a record at `record` that lies in one device sector, runs to that
    /// sector's end (or the file's), holds at least a record header's worth of bytes and is all
    /// zero: a part of the write that never reached the disk. Nil when there is none.
    ///
    /// The minimum length keeps a damaged record whose few legitimately zero bytes happen to end a
    /// sector from passing for a tear.
    static func unwrittenSector(_ bytes: [UInt8], in record: Range<Int>) -> Range<Int>? {
        let sector = tornWriteSectorBytes
        var start = record.lowerBound
        while start < record.upperBound {
            let sectorEnd = min((start / sector + 1) * sector, bytes.count)
            if sectorEnd - start >= JournalFormat.recordHeaderLength && isZero(bytes, start..<sectorEnd) {
                return start..<sectorEnd
            }
            start = sectorEnd
        }
        return nil
    }

    /// Whether every byte of `bytes[range]` is zero, eight at a time: a preallocated segment's
    /// tail is tens of megabytes.
    static func isZero(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        bytes.withUnsafeBytes { raw in
            var index = range.lowerBound
            while index + 8 <= range.upperBound {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) != 0 { return false }
                index += 8
            }
            while index < range.upperBound {
                if raw[index] != 0 { return false }
                index += 1
            }
            return true
        }
    }
}
