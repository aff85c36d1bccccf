/// The byte layout of journal segment files, named after docs/OPERATIONS.md's "Data directory".
///
/// A segment starts with a 16-byte header — magic `CRJL`, format version (u32), the sequence
/// number of its first record (u64) — followed by records, each a 20-byte header and a payload:
///
/// ```
/// +--------------+------------------+---------------------+--------------------+---------+
/// | length (u32) | sequence (u64)   | payload crc32c (u32)| header crc32c (u32)| payload |
/// +--------------+------------------+---------------------+--------------------+---------+
/// ```
///
/// All integers little-endian. `length` counts the payload only. The header has its own CRC-32C
/// (over the 16 bytes before it) so that a damaged length is told apart from a write cut short by
/// a crash: only a whole, valid header whose payload runs past the end of the file is a torn tail.
public enum JournalFormat {
    /// `CRJL`.
    public static let magic: [UInt8] = Array("CRJL".utf8)
    /// The version this code writes and reads.
    public static let version: UInt32 = 1
    /// Bytes before the first record of a segment.
    public static let segmentHeaderLength = 16
    /// Bytes before a record's payload.
    public static let recordHeaderLength = 20
    /// The largest payload a record may carry; a larger declared length is damage, not data.
    public static let maxPayloadLength = 64 << 20

    /// The name of the segment whose first record is `sequence`: sorts in sequence order.
    public static func segmentName(firstSequence sequence: UInt64) -> String {
        "journal-" + zeroPadded(sequence) + ".log"
    }

    /// The first sequence a segment name carries, or nil for other names.
    public static func firstSequence(ofSegmentNamed name: String) -> UInt64? {
        guard name.hasPrefix("journal-"), name.hasSuffix(".log") else { return nil }
        let digits = name.dropFirst("journal-".count).dropLast(".log".count)
        guard digits.count == 20, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return UInt64(digits)
    }

    /// A segment header.
    public static func segmentHeader(firstSequence: UInt64) -> [UInt8] {
        var bytes = magic
        bytes.appendLittleEndian(version)
        bytes.appendLittleEndian(firstSequence)
        return bytes
    }

    /// Appends one framed record to `buffer`.
    public static func appendRecord(sequence: UInt64, payload: [UInt8], to buffer: inout [UInt8]) {
        let start = buffer.count
        buffer.appendLittleEndian(UInt32(payload.count))
        buffer.appendLittleEndian(sequence)
        buffer.appendLittleEndian(CRC32C.checksum(payload))
        buffer.appendLittleEndian(CRC32C.checksum(buffer[start...]))
        buffer.append(contentsOf: payload)
    }

    static func zeroPadded(_ value: UInt64) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }
}

extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    func readLittleEndian<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        var value = T.zero
        Swift.withUnsafeMutableBytes(of: &value) { raw in
            for index in 0..<MemoryLayout<T>.size { raw[index] = self[offset + index] }
        }
        return T(littleEndian: value)
    }
}
