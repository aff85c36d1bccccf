/// Rules shared by every free-text field: present when required, no leading or trailing white
/// space, no control characters (category Cc: U+0000–U+001F, U+007F–U+009F), and a maximum
/// length counted in Unicode scalars (one per Chinese character or ASCII letter).
///
/// One pass over the scalars: this runs for every text field of every write, and the general
/// Unicode property lookups it replaced were a tenth of a teacher creation's CPU.
enum TextRule {
    case required, optional

    /// Adds a violation to `violations` when `text` breaks a rule.
    ///
    /// `field` is built only when there is something to report: a teacher has dozens of text
    /// fields, and building every name ("teacher.awards[2].title") cost more than checking them.
    func check(_ text: String, field: @autoclosure () -> String, maxLength: Int, into violations: inout Violations) {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else {
            if self == .required { violations.add(field(), text, "is required") }
            return
        }
        if Self.isWhitespace(first) || Self.isWhitespace(last) {
            violations.add(field(), quoted(text), "must not begin or end with white space")
            return
        }
        var length = 0
        for scalar in scalars {
            let value = scalar.value
            if value < 0x20 || (value >= 0x7F && value < 0xA0) {
                violations.add(field(), quoted(text.replacingControlCharacters), "must not contain control characters")
                return
            }
            length += 1
        }
        if length > maxLength {
            violations.add(
                field(), quoted(String(text.prefix(20))) + "…", "is \(length) characters long; at most \(maxLength) are allowed")
        }
    }

    private func quoted(_ text: String) -> String { "\"\(text)\"" }

    /// Unicode's White_Space property, answered from its 25 code points (a list Unicode keeps
    /// stable) instead of the property lookup, which was the largest part of this check left
    /// for Chinese text. `TextRuleTests` compares it with the lookup over every scalar.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}

extension String {
    /// The text with control characters shown as `\u{…}` escapes, so that an error message
    /// quoting it cannot carry them (a NUL would cut it short on the wire).
    fileprivate var replacingControlCharacters: String {
        var result = ""
        for scalar in unicodeScalars {
            if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
