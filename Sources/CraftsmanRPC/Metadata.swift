import CraftsmanProto

/// The metadata of a call: an ordered list of entries whose keys may repeat
/// (docs/PROTOCOL.md, section 4).
public struct Metadata: Hashable, Sendable, Sequence {
    /// A metadata value.
    public enum Value: Hashable, Sendable {
        case text(String)
        case binary([UInt8])
    }

    /// The entries in the order they were added.
    public var entries: [(key: String, value: Value)] {
        storage.map { ($0.key, $0.value) }
    }

    private struct Entry: Hashable, Sendable {
        var key: String
        var value: Value
    }

    private var storage: [Entry] = []

    public init() {}

    /// Metadata with the given text entries, in order; keys are lowercased.
    public init(_ entries: [(String, String)]) {
        storage = entries.map { Entry(key: $0.0.lowercased(), value: .text($0.1)) }
    }

    /// Adds an entry; keys are lowercased.
    public mutating func add(_ key: String, _ value: String) {
        storage.append(Entry(key: key.lowercased(), value: .text(value)))
    }

    /// Adds a binary entry; keys are lowercased.
    public mutating func add(_ key: String, binary value: [UInt8]) {
        storage.append(Entry(key: key.lowercased(), value: .binary(value)))
    }

    /// The first text value for `key`.
    public subscript(key: String) -> String? {
        for entry in storage where entry.key == key {
            if case .text(let text) = entry.value { return text }
        }
        return nil
    }

    public var isEmpty: Bool { storage.isEmpty }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: Value)> {
        storage.lazy.map { ($0.key, $0.value) }.makeIterator()
    }

    /// The entries as they travel on the wire.
    public var wireEntries: [MetadataEntry] {
        storage.map { entry in
            switch entry.value {
            case .text(let text): MetadataEntry(key: entry.key, value: .text(text))
            case .binary(let bytes): MetadataEntry(key: entry.key, value: .binary(bytes))
            }
        }
    }

    /// Metadata received on the wire, checked against the protocol's rules.
    ///
    /// - Throws: ``RPCError`` (INVALID_ARGUMENT) naming the first key that breaks the key rule.
    public init(validating entries: [MetadataEntry]) throws(RPCError) {
        guard !entries.isEmpty else { return }  // most calls: no allocation
        storage.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            guard Self.isValidKey(entry.key) else {
                throw RPCError(
                    .invalidArgument,
                    "metadata[\(index)].key \"\(entry.key.prefix(80))\": keys are 1 to 64 bytes of a-z, 0-9, '.', '_' and '-'",
                    fieldViolations: [
                        FieldViolation(
                            field: "metadata[\(index)].key", value: String(entry.key.prefix(80)), rule: "[a-z0-9._-]{1,64}")
                    ]
                )
            }
            switch entry.value {
            case .text(let text)?: storage.append(Entry(key: entry.key, value: .text(text)))
            case .binary(let bytes)?: storage.append(Entry(key: entry.key, value: .binary(bytes)))
            case nil: storage.append(Entry(key: entry.key, value: .text("")))
            }
        }
    }

    /// Whether `key` follows the protocol's key rule.
    public static func isValidKey(_ key: String) -> Bool {
        let utf8 = key.utf8
        guard !utf8.isEmpty, utf8.count <= ProtocolConstants.maxMetadataKeyLength else { return false }
        return utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
