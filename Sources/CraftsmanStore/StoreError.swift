/// Why the store could not open, read or write its data directory. Messages name the file and,
/// for damaged data, the byte offset, so that an operator can act on them.
public struct StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case io, corrupt, locked, writesDisabled, unsupportedFormat, invalidState, busy }
        private let value: Value
        /// A system call on the data directory failed.
        public static let io = Code(value: .io)
        /// A checksum, length or sequence number does not match: the data is damaged.
        public static let corrupt = Code(value: .corrupt)
        /// Another process holds the data directory.
        public static let locked = Code(value: .locked)
        /// A journal flush failed earlier; the store takes no writes until it is restarted.
        public static let writesDisabled = Code(value: .writesDisabled)
        /// A file was written by a format this version cannot read.
        public static let unsupportedFormat = Code(value: .unsupportedFormat)
        /// The state in a snapshot or journal record could not be decoded or applied.
        public static let invalidState = Code(value: .invalidState)
        /// The operation is already running (a snapshot); try again when it has finished.
        public static let busy = Code(value: .busy)
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence naming the file, the offset where it applies, and what went wrong.
    public var message: String
    /// The system error number, for `io` failures.
    public var errno: Int32?

    /// Creates an error.
    public init(_ code: Code, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    public var description: String { message }
}
