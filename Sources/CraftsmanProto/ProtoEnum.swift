/// A protobuf enum of the Craftsman schema as a closed Swift enum.
///
/// Only the values the schema defines exist: decoding any other number fails with
/// ``ProtoDecodingError/Code-swift.struct/unknownEnumValue``. Every enum has an `unspecified`
/// case for the wire value 0, which request validation rejects.
public protocol ProtoEnum: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == Int32 {
    /// The fully qualified protobuf name, for example `craftsman.v1.Tier`.
    static var protoEnumName: String { get }

    /// The value's name in the schema, for example `TIER_MASTER_TEACHER`.
    var protoName: String { get }
}

extension ProtoEnum {
    /// Looks a value up by its name in the schema (`TIER_MASTER_TEACHER`).
    public init?(protoName: String) {
        guard let found = Self.allCases.first(where: { $0.protoName == protoName }) else { return nil }
        self = found
    }
}
