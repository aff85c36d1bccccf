/// Rules shared by every free-text field: present when required, no leading or trailing white
/// space, no control characters (category Cc: U+0000–U+001F, U+007F–U+009F), and a maximum
/// length counted in Unicode scalars (one per Chinese character or ASCII letter).
///
/// One pass over the scalars: this runs for every text field of every write, and the general
/// Unicode property lookups it replaced were a tenth of a teacher creation's CPU.
enum TextRule {
    case required, optional

    /// Adds a violation to `violations` when `text` breaks a rule.
    func check(_ text: String, field: String, maxLength: Int, into violations: inout Violations) {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else {
            if self == .required { violations.add(field, text, "is required") }
            return
        }
        if Self.isWhitespace(first) || Self.isWhitespace(last) {
            violations.add(field, quoted(text), "must not begin or end with white space")
            return
        }
        var length = 0
        for scalar in scalars {
            let value = scalar.value
            if value < 0x20 || (value >= 0x7F && value < 0xA0) {
                violations.add(field, quoted(text.replacingControlCharacters), "must not contain control characters")
                return
            }
            length += 1
        }
        if length > maxLength {
            violations.add(
                field, quoted(String(text.prefix(20))) + "…", "is \(length) characters long; at most \(maxLength) are allowed")
        }
    }

    private func quoted(_ text: String) -> String { "\"\(text)\"" }

    /// Unicode's White_Space property, answered without the property lookup for ASCII (the
    /// lookup was the largest part of this check left).
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return scalar.properties.isWhitespace
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
