import CraftsmanProto

/// Why a call failed: a status code, a sentence for a person, machine-readable details and, on
/// the side that raised it, the underlying cause.
///
/// Handlers throw it; clients receive it. Messages about bad input name the field, the value and
/// the rule: `RPCError(.invalidArgument, "teacher.birth_date: 2031-02-30 is not a date")`.
public struct RPCError: Error, Sendable, CustomStringConvertible {
    /// The canonical code.
    public var code: StatusCode
    /// A sentence an operator or integrator can act on.
    public var message: String
    /// Request fields that broke a rule.
    public var fieldViolations: [FieldViolation]
    /// When the call may be retried, if the server said.
    public var retryAfterMilliseconds: UInt32?
    /// The error behind this one, for logs; never sent over the wire.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    public init(
        _ code: StatusCode,
        _ message: String,
        fieldViolations: [FieldViolation] = [],
        retryAfterMilliseconds: UInt32? = nil,
        cause: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.fieldViolations = fieldViolations
        self.retryAfterMilliseconds = retryAfterMilliseconds
        self.cause = cause
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let cause { text += " (cause: \(cause))" }
        return text
    }

    /// The error as it travels in a RESPONSE or GOAWAY frame.
    public var callStatus: CallStatus {
        var details = fieldViolations.map { violation in
            StatusDetail(
                kind: .fieldViolation(
                    FieldViolation(
                        field: Self.withoutNUL(violation.field), value: Self.withoutNUL(violation.value),
                        rule: Self.withoutNUL(violation.rule))
                )
            )
        }
        if let retryAfterMilliseconds {
            details.append(StatusDetail(kind: .retryInfo(RetryInfo(retryAfterMs: retryAfterMilliseconds))))
        }
        return CallStatus(code: code.rawValue, message: Self.withoutNUL(message), details: details)
    }

    /// The error a received non-OK status describes.
    public init(_ status: CallStatus) {
        var violations: [FieldViolation] = []
        var retry: UInt32?
        for detail in status.details {
            switch detail.kind {
            case .fieldViolation(let violation)?: violations.append(violation)
            case .retryInfo(let info)?: retry = info.retryAfterMs
            case nil: break
            }
        }
        self.init(StatusCode(rawValue: status.code), status.message, fieldViolations: violations, retryAfterMilliseconds: retry)
    }

    /// `text` with NUL characters replaced, since protobuf-c cannot carry them in strings.
    static func withoutNUL(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
    }

    /// Maps any error a handler threw to the error the caller sees. Errors that are not an
    /// ``RPCError`` become UNKNOWN, keeping the original as the cause.
    public static func from(_ error: any Error) -> RPCError {
        if let error = error as? RPCError { return error }
        if error is CancellationError { return RPCError(.cancelled, "the call was cancelled") }
        return RPCError(.unknown, "the handler failed: \(error)", cause: SendableCause(text: "\(error)"))
    }

    /// A decoding failure of a request, as INVALID_ARGUMENT naming the field and the rule.
    public static func invalidRequest(_ error: ProtoDecodingError, type: String) -> RPCError {
        let code: StatusCode = error.code == .tooLarge ? .resourceExhausted : .invalidArgument
        var violations: [FieldViolation] = []
        if let field = error.field {
            violations.append(FieldViolation(field: field, value: error.offset.map { "byte \($0)" } ?? "", rule: "\(error.code)"))
        }
        return RPCError(code, "the request is not a valid \(type): \(error.message)", fieldViolations: violations)
    }
}

/// A cause kept as text when the original error is not `Sendable`.
struct SendableCause: Error, Sendable, CustomStringConvertible {
    let text: String
    var description: String { text }
}
