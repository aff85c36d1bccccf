/// Why bytes could not be decoded as a message.
///
/// The message reads as a sentence an operator or an integrator can act on: it names the field
/// (its fully qualified proto name), the offending value or byte offset, and the rule broken.
public struct ProtoDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of rule the input broke. Extensible: new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case malformed
            case invalidUTF8
            case embeddedNUL
            case unknownEnumValue
            case tooLarge
            case tooDeep
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// Not a well-formed protobuf encoding of the message: truncated, a bad varint, a wire
        /// type that does not match the field, an unsupported group, or rejected by protobuf-c.
        public static let malformed = Code(.malformed)
        /// A string field whose bytes are not valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// A string field holding a NUL byte, which protobuf-c would silently cut off.
        public static let embeddedNUL = Code(.embeddedNUL)
        /// An enum field holding a number the schema does not define.
        public static let unknownEnumValue = Code(.unknownEnumValue)
        /// The input, or what unpacking it would allocate, exceeds ``DecodingLimits``.
        public static let tooLarge = Code(.tooLarge)
        /// Messages nested deeper than ``DecodingLimits/maxNestingDepth``.
        public static let tooDeep = Code(.tooDeep)

        public var description: String { value.rawValue }
    }

    /// The kind of rule broken.
    public var code: Code
    /// A complete sentence naming the field, the value and the rule.
    public var message: String
    /// The fully qualified field, such as `craftsman.v1.Teacher.name`, when one is to blame.
    public var field: String?
    /// The byte offset in the input where the problem was found, when known.
    public var offset: Int?

    /// Creates an error; `message` should name the field, the value and the rule.
    public init(code: Code, message: String, field: String? = nil, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.offset = offset
    }

    public var description: String { "\(code): \(message)" }
}
