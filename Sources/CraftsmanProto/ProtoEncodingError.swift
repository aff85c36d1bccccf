/// Why a message value could not be encoded faithfully.
public struct ProtoEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of value could not be encoded. Extensible: new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case embeddedNUL
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// A string holding a NUL character: protobuf-c stores strings NUL-terminated and would
        /// send only the part before it.
        public static let embeddedNUL = Code(.embeddedNUL)

        public var description: String { value.rawValue }
    }

    /// The kind of value that could not be encoded.
    public var code: Code
    /// A complete sentence naming the field and the rule.
    public var message: String
    /// The fully qualified field, such as `craftsman.v1.Teacher.name`.
    public var field: String

    /// Creates an error for `field`.
    public init(code: Code, message: String, field: String) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code): \(message)" }
}
