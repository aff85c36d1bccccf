import Testing

@testable import Craftsman

@Suite struct TextRuleTests {
    static func violations(_ text: String) -> [DomainError.Violation] {
        var violations = Violations()
        TextRule.required.check(text, field: "name", maxLength: 10, into: &violations)
        return violations.list
    }

    /// White space at either end is refused, whether ASCII (answered without a property
    /// lookup) or not; inside the text it is allowed.
    @Test(arguments: [
        " 王芳", "王芳 ", "\u{3000}王芳", "王芳\u{3000}", "\u{A0}王芳", "王芳\u{2003}", "\u{0B}王芳", "\u{0C}王芳",
    ])
    func refusesWhiteSpaceAtEitherEnd(_ text: String) {
        let found = Self.violations(text)
        #expect(found.count == 1)
        #expect(found.first?.rule == "must not begin or end with white space")
    }

    @Test(arguments: ["王 芳", "王\u{3000}芳", "Wang Fang", "A", "芳"])
    func acceptsTextWithoutWhiteSpaceAtTheEnds(_ text: String) {
        #expect(Self.violations(text).isEmpty)
    }

    @Test func refusesControlCharactersAndCountsScalars() {
        #expect(Self.violations("王\u{7}芳").first?.rule == "must not contain control characters")
        #expect(Self.violations("一二三四五六七八九十").isEmpty)
        #expect(Self.violations("一二三四五六七八九十一").first?.rule == "is 11 characters long; at most 10 are allowed")
        #expect(Self.violations("").first?.rule == "is required")
    }

    /// The hand-written list of white space agrees with Unicode's White_Space property on every
    /// scalar (a new Unicode version adding one would show here).
    @Test func whiteSpaceListMatchesTheUnicodeProperty() {
        var disagreements: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }  // surrogates
            if TextRule.isWhitespace(scalar) != scalar.properties.isWhitespace {
                disagreements.append("U+" + String(value, radix: 16, uppercase: true))
            }
        }
        #expect(disagreements.isEmpty)
    }

    /// A field name is built only for a violation, and then it is the full path.
    @Test func fieldNameIsBuiltOnlyForAViolation() {
        var violations = Violations()
        var built = 0
        func name(_ text: String) -> String {
            built += 1
            return text
        }
        TextRule.required.check("王芳", field: name("teacher.name"), maxLength: 10, into: &violations)
        #expect(built == 0)
        TextRule.required.check(" 王芳", field: name("teacher.awards[2].title"), maxLength: 10, into: &violations)
        #expect(built == 1)
        #expect(violations.list.first?.field == "teacher.awards[2].title")
    }
}
