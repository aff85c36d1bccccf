internal import CProtobufC

/// The shape of a message as compiled into the protobuf-c layer: its fields, their numbers and
/// types. Read from protobuf-c's descriptors, so it describes what the server really decodes.
public struct MessageSchema: Hashable, Sendable {
    /// The type of a field's values.
    public enum FieldType: Hashable, Sendable {
        case int32, sint32, sfixed32, int64, sint64, sfixed64
        case uint32, fixed32, uint64, fixed64
        case float, double, bool, string, bytes
        /// An enum, by fully qualified name.
        case enumeration(String)
        /// A message, by fully qualified name.
        case message(String)
    }

    /// One field of a message.
    public struct Field: Hashable, Sendable {
        /// The field's name in the schema (snake_case).
        public let name: String
        /// The field number on the wire.
        public let number: Int
        /// The type of each value.
        public let type: FieldType
        /// Whether the field is repeated.
        public let isRepeated: Bool
        /// For a member of a oneof, which one: oneofs are numbered from 0 in the order their first
        /// members appear. Nil for fields outside any oneof.
        public let oneof: Int?
    }

    /// The fully qualified message name.
    public let name: String
    /// The fields, ordered by field number.
    public let fields: [Field]

    /// The schema of a generated message type.
    public init<M: ProtoMessage>(of type: M.Type) {
        guard let bridged = type as? any CMessageBridged.Type else {
            preconditionFailure("\(M.self) is not a generated Craftsman message")
        }
        self.init(descriptor: bridged.cDescriptor)
    }

    init(descriptor: UnsafePointer<ProtobufCMessageDescriptor>) {
        name = String(cString: descriptor.pointee.name)
        let count = Int(descriptor.pointee.n_fields)
        // protobuf-c marks oneof members with a flag; members of one oneof share the offset of
        // its `_case` member, which is how they are grouped here.
        var oneofByCaseOffset: [UInt32: Int] = [:]
        fields = UnsafeBufferPointer(start: descriptor.pointee.fields, count: count)
            .map { field in
                var oneof: Int?
                if field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF.rawValue != 0 {
                    let next = oneofByCaseOffset.count
                    oneof = oneofByCaseOffset[field.quantifier_offset, default: next]
                    oneofByCaseOffset[field.quantifier_offset] = oneof
                }
                return Field(
                    name: String(cString: field.name),
                    number: Int(field.id),
                    type: Self.fieldType(field),
                    isRepeated: field.label == PROTOBUF_C_LABEL_REPEATED,
                    oneof: oneof
                )
            }
            .sorted { $0.number < $1.number }
    }

    /// The names of the messages this one refers to directly through its fields.
    public var referencedMessages: Set<String> {
        Set(fields.compactMap { if case .message(let name) = $0.type { name } else { nil } })
    }

    private static func fieldType(_ field: ProtobufCFieldDescriptor) -> FieldType {
        switch field.type {
        case PROTOBUF_C_TYPE_INT32: .int32
        case PROTOBUF_C_TYPE_SINT32: .sint32
        case PROTOBUF_C_TYPE_SFIXED32: .sfixed32
        case PROTOBUF_C_TYPE_INT64: .int64
        case PROTOBUF_C_TYPE_SINT64: .sint64
        case PROTOBUF_C_TYPE_SFIXED64: .sfixed64
        case PROTOBUF_C_TYPE_UINT32: .uint32
        case PROTOBUF_C_TYPE_FIXED32: .fixed32
        case PROTOBUF_C_TYPE_UINT64: .uint64
        case PROTOBUF_C_TYPE_FIXED64: .fixed64
        case PROTOBUF_C_TYPE_FLOAT: .float
        case PROTOBUF_C_TYPE_DOUBLE: .double
        case PROTOBUF_C_TYPE_BOOL: .bool
        case PROTOBUF_C_TYPE_STRING: .string
        case PROTOBUF_C_TYPE_BYTES: .bytes
        case PROTOBUF_C_TYPE_ENUM:
            .enumeration(String(cString: field.descriptor.assumingMemoryBound(to: ProtobufCEnumDescriptor.self).pointee.name))
        default:
            .message(String(cString: field.descriptor.assumingMemoryBound(to: ProtobufCMessageDescriptor.self).pointee.name))
        }
    }
}
