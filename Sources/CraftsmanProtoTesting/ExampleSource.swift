import CraftsmanProto

/// A message type that can build an example of itself with every field set to a non-default
/// value. Conformances are generated for every message in `proto/`.
public protocol ExampleProviding: ProtoMessage {
    /// An example drawing its values from `source`.
    static func example(_ source: inout ExampleSource) -> Self
}

/// A deterministic source of non-default field values: the same seed gives the same message.
///
/// Strings mix ASCII, Chinese, emoji and combining characters; numbers include negatives and
/// the extremes; repeated fields get one to three elements; each oneof picks the member
/// `seed % memberCount`, so ``coveringSeeds(for:)`` reach every member of every oneof.
public struct ExampleSource: Sendable {
    /// Seeds whose examples of `type` set every member of each of its oneofs at least once, and
    /// at least eight of them for variety.
    public static func coveringSeeds<M: ProtoMessage>(for type: M.Type) -> Range<UInt64> {
        let oneofSizes = Dictionary(grouping: MessageSchema(of: type).fields.compactMap(\.oneof), by: { $0 })
            .values.map(\.count)
        return 0..<UInt64(max(8, oneofSizes.max() ?? 0))
    }

    private var state: UInt64
    private let seed: UInt64

    /// A source for `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 0xD1B5_4A32_D192_ED03
    }

    /// The next 64 random bits (SplitMix64).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// Which member of a oneof with `count` members to set.
    public func choice(_ count: Int) -> Int {
        Int(seed % UInt64(count))
    }

    /// A non-zero `Int32`, sometimes an extreme.
    public mutating func int32() -> Int32 {
        switch below(4) {
        case 0: return [Int32.min, Int32.max, -1][below(3)]
        default:
            let value = Int32(truncatingIfNeeded: next())
            return value == 0 ? 7 : value
        }
    }

    /// A non-zero `UInt32`.
    public mutating func uint32() -> UInt32 {
        let value = UInt32(truncatingIfNeeded: next())
        return value == 0 ? UInt32.max : value
    }

    /// A non-zero `Int64`, sometimes an extreme.
    public mutating func int64() -> Int64 {
        switch below(4) {
        case 0: return [Int64.min, Int64.max, -1][below(3)]
        default:
            let value = Int64(bitPattern: next())
            return value == 0 ? 11 : value
        }
    }

    /// A non-zero `UInt64`.
    public mutating func uint64() -> UInt64 {
        let value = next()
        return value == 0 ? UInt64.max : value
    }

    /// A finite, non-zero `Double`.
    public mutating func double() -> Double {
        let value = Double(Int64(bitPattern: next()) >> 11) / 1024
        return value == 0 ? 0.5 : value
    }

    /// A finite, non-zero `Float`.
    public mutating func float() -> Float {
        let value = Float(Int32(truncatingIfNeeded: next()) >> 8) / 64
        return value == 0 ? 0.25 : value
    }

    /// `true`, the only non-default `Bool`.
    public mutating func bool() -> Bool {
        true
    }

    private static let fragments = [
        "a", "Zhang", "张", "伟", "北京市", "技工院校", "工匠之师", "-", " ", "2026", "é", "e\u{301}",
        "🛠️", "Ω", "\u{10FFFF}", "\"quoted\"", "line\nbreak", "tab\t", "ß",
    ]

    /// A non-empty string of mixed scripts, never containing NUL.
    public mutating func string() -> String {
        (0...below(5)).map { _ in Self.fragments[below(Self.fragments.count)] }.joined()
    }

    /// Non-empty bytes, possibly including zero bytes.
    public mutating func bytes() -> [UInt8] {
        (0...below(24)).map { _ in UInt8(truncatingIfNeeded: next()) }
    }

    /// A defined, non-zero case of `E`.
    public mutating func enumCase<E: ProtoEnum>(_: E.Type) -> E {
        let specified = E.allCases.filter { $0.rawValue != 0 }
        guard !specified.isEmpty else { return E.allCases.first! }
        return specified[below(specified.count)]
    }

    /// One to three elements made by `make`.
    public mutating func array<T>(_ make: (inout ExampleSource) -> T) -> [T] {
        (0...below(3)).map { _ in make(&self) }
    }
}
