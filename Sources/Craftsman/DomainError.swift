/// Why a command was refused: a code the server maps to a wire status in one place, a sentence
/// for a person, and for bad input every field that broke a rule.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of refusal this is.
    public enum Code: Sendable, Equatable {
        /// The input breaks a rule; `violations` names the fields.
        case invalidArgument
        /// The object named does not exist.
        case notFound
        /// The object would duplicate one that exists (a unique name, ID number or code).
        case alreadyExists
        /// The object is not in a state that allows this; the message says what must happen first.
        case failedPrecondition
        /// The object changed since the caller read it (revision mismatch).
        case aborted
        /// The caller's role or scope does not allow this (a school operator acting for another
        /// school, an expert scoring an item not assigned to them).
        case permissionDenied
    }

    /// One field that broke one rule.
    public struct Violation: Sendable, Equatable {
        /// The field's path, e.g. `teacher.birth_date`.
        public var field: String
        /// The value given, as text (masked for personal data).
        public var value: String
        /// The rule it broke, e.g. "must be a real calendar date".
        public var rule: String

        public init(field: String, value: String, rule: String) {
            self.field = field
            self.value = value
            self.rule = rule
        }
    }

    /// The kind of refusal.
    public var code: Code
    /// A sentence naming the object, the value and the rule.
    public var message: String
    /// For `invalidArgument`: every field that broke a rule.
    public var violations: [Violation]

    public init(_ code: Code, _ message: String, violations: [Violation] = []) {
        self.code = code
        self.message = message
        self.violations = violations
    }

    /// An `invalidArgument` error for `violations`, whose message names the first of them.
    public static func invalid(_ violations: [Violation]) -> DomainError {
        let first = violations[0]
        var message = "\(first.field): \(first.value.isEmpty ? "(empty)" : first.value) \(first.rule)"
        if violations.count > 1 { message += " (and \(violations.count - 1) more)" }
        return DomainError(.invalidArgument, message, violations: violations)
    }

    public var description: String { message }
}

/// Collects the violations of one input, to report them all at once.
struct Violations {
    private(set) var list: [DomainError.Violation] = []

    mutating func add(_ field: String, _ value: String, _ rule: String) {
        list.append(DomainError.Violation(field: field, value: value, rule: rule))
    }

    /// Throws `invalidArgument` when anything was collected.
    func check() throws(DomainError) {
        if !list.isEmpty { throw DomainError.invalid(list) }
    }
}
