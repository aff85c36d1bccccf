/// The byte layout of snapshot files.
///
/// A 32-byte header — magic `CRSN`, format version (u32), the journal sequence the snapshot
/// contains (u64), payload length (u64), payload CRC-32C (u32), header CRC-32C over the 28 bytes
/// before it (u32) — then the payload: the whole state as one protobuf message. Little-endian.
public enum SnapshotFormat {
    /// `CRSN`.
    public static let magic: [UInt8] = Array("CRSN".utf8)
    /// The version this code writes and reads.
    public static let version: UInt32 = 1
    /// Bytes before the payload.
    public static let headerLength = 32

    /// The name of the snapshot that contains every record up to `sequence`.
    public static func fileName(sequence: UInt64) -> String {
        "snapshot-" + JournalFormat.zeroPadded(sequence) + ".snap"
    }

    /// The sequence a snapshot file name carries, or nil for other names.
    public static func sequence(ofFileNamed name: String) -> UInt64? {
        guard name.hasPrefix("snapshot-"), name.hasSuffix(".snap") else { return nil }
        let digits = name.dropFirst("snapshot-".count).dropLast(".snap".count)
        guard digits.count == 20, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return UInt64(digits)
    }

    /// The header for `payload` at `sequence`.
    public static func header(sequence: UInt64, payload: [UInt8]) -> [UInt8] {
        header(sequence: sequence, payloadParts: [payload])
    }

    /// The header for the payload made of `payloadParts`, in order, at `sequence`.
    public static func header(sequence: UInt64, payloadParts: [[UInt8]]) -> [UInt8] {
        var bytes = magic
        bytes.appendLittleEndian(version)
        bytes.appendLittleEndian(sequence)
        bytes.appendLittleEndian(UInt64(payloadParts.reduce(0) { $0 + $1.count }))
        bytes.appendLittleEndian(payloadParts.reduce(UInt32(0)) { CRC32C.checksum($1, continuing: $0) })
        bytes.appendLittleEndian(CRC32C.checksum(bytes))
        return bytes
    }

    /// Checks a snapshot file's bytes and returns its sequence and payload.
    ///
    /// - Throws: `StoreError.corrupt` or `.unsupportedFormat`, naming the file and offset.
    public static func open(_ bytes: [UInt8], name: String) throws(StoreError) -> (sequence: UInt64, payload: ArraySlice<UInt8>) {
        guard bytes.count >= headerLength else {
            throw StoreError(
                .corrupt, "\(name): offset 0: the snapshot header is incomplete (\(bytes.count) of \(headerLength) bytes)")
        }
        guard Array(bytes[0..<4]) == magic else { throw StoreError(.corrupt, "\(name): offset 0: not a snapshot (bad magic)") }
        guard CRC32C.checksum(bytes[0..<28]) == bytes.readLittleEndian(UInt32.self, at: 28) else {
            throw StoreError(.corrupt, "\(name): offset 28: checksum mismatch in the snapshot header")
        }
        let version = bytes.readLittleEndian(UInt32.self, at: 4)
        guard version == SnapshotFormat.version else {
            throw StoreError(
                .unsupportedFormat,
                "\(name): offset 4: snapshot format version \(version); this server reads version \(SnapshotFormat.version)")
        }
        let sequence = bytes.readLittleEndian(UInt64.self, at: 8)
        let length = bytes.readLittleEndian(UInt64.self, at: 16)
        guard length == UInt64(bytes.count - headerLength) else {
            throw StoreError(
                .corrupt,
                "\(name): offset 16: the header declares \(length) payload bytes, the file holds \(bytes.count - headerLength)")
        }
        let payload = bytes[headerLength...]
        guard CRC32C.checksum(payload) == bytes.readLittleEndian(UInt32.self, at: 24) else {
            throw StoreError(.corrupt, "\(name): offset \(headerLength): checksum mismatch in the snapshot payload")
        }
        return (sequence, payload)
    }
}
