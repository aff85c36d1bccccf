/// Writes the top level of a protobuf message by hand: varint fields and length-delimited
/// sub-messages encoded elsewhere. Only what the snapshot needs.
struct SnapshotWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(field: Int, _ value: Int64) {
        append(UInt64(field << 3))
        append(UInt64(bitPattern: value))
    }

    mutating func message(field: Int, _ encoded: [UInt8]) {
        append(UInt64(field << 3 | 2))
        append(UInt64(encoded.count))
        bytes.append(contentsOf: encoded)
    }

    private mutating func append(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}

/// Reads the top level of a protobuf message written by ``SnapshotWriter``, refusing anything else.
struct SnapshotReader {
    enum Field: CustomStringConvertible {
        case varint(Int, UInt64)
        case bytes(Int, ArraySlice<UInt8>)

        var description: String {
            switch self {
            case .varint(let number, _): "\(number) (varint)"
            case .bytes(let number, _): "\(number) (length-delimited)"
            }
        }
    }

    let bytes: ArraySlice<UInt8>
    private var offset: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    mutating func next() throws -> Field? {
        guard offset < bytes.endIndex else { return nil }
        let at = offset - bytes.startIndex
        let key = try varint()
        let number = Int(key >> 3)
        switch key & 7 {
        case 0:
            return .varint(number, try varint())
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - offset) else {
                throw StoredValueError(description: "snapshot payload offset \(at): field \(number) runs past the end")
            }
            let start = offset
            offset += Int(length)
            return .bytes(number, bytes[start..<offset])
        default:
            throw StoredValueError(description: "snapshot payload offset \(at): unexpected wire type \(key & 7)")
        }
    }

    private mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.endIndex && shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw StoredValueError(
            description: "snapshot payload offset \(offset - bytes.startIndex): a varint is cut short or too long")
    }
}
