import Craftsman
import Testing

@Suite struct CivilDateTests {
    @Test func onlyRealCalendarDatesExist() {
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2026, month: 4, day: 31) == nil)
        #expect(CivilDate(year: 2026, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 2026, month: 0, day: 1) == nil)
        #expect(CivilDate(year: 1899, month: 12, day: 31) == nil)
    }

    @Test func wholeYearsCountCompletedYearsOnly() throws {
        let born = try #require(CivilDate(year: 1976, month: 3, day: 9))
        #expect(born.wholeYears(until: try #require(CivilDate(year: 2026, month: 3, day: 8))) == 49)
        #expect(born.wholeYears(until: try #require(CivilDate(year: 2026, month: 3, day: 9))) == 50)
        let leap = try #require(CivilDate(year: 2000, month: 2, day: 29))
        #expect(leap.wholeYears(until: try #require(CivilDate(year: 2025, month: 2, day: 28))) == 24)
        #expect(leap.wholeYears(until: try #require(CivilDate(year: 2025, month: 3, day: 1))) == 25)
    }

    @Test func unixTimeIsReadInBeijingTime() {
        // 2026-05-19T16:00:00Z is 2026-05-20 00:00 in Beijing.
        #expect(CivilDate(unixMilliseconds: 1_779_206_400_000).description == "2026-05-20")
        #expect(CivilDate(unixMilliseconds: 1_779_206_399_999).description == "2026-05-19")
        #expect(CivilDate(unixMilliseconds: 0).description == "1970-01-01")
        #expect(CivilDate(unixMilliseconds: 951_782_400_000).description == "2000-02-29")
    }
}

@Suite struct NationalIDTests {
    @Test func theCheckCharacterAndBirthDateAreVerified() {
        #expect(NationalID.problem(with: "11010519491231002X") == nil)
        #expect(NationalID.problem(with: "110105194912310021")?.contains("check character") == true)
        #expect(NationalID.problem(with: "11010519491231002")?.contains("18 characters") == true)
        #expect(NationalID.problem(with: "1101051949123100AX")?.contains("17 digits") == true)
        #expect(NationalID.problem(with: "110105194913310021")?.contains("calendar date") == true)
        #expect(NationalID.birthDate(in: "11010519491231002X")?.description == "1949-12-31")
        #expect(NationalID.problem(with: "11010519491231002") == "must be 18 characters long, not 17")
        #expect(NationalID.problem(with: "110105194912310021") == "fails its check character (expected X)")
        // Full-width digits: 18 characters, but not the ASCII the number is written in.
        let fullWidth = String(
            "11010519491231002X".unicodeScalars.map { $0 == "X" ? "Ｘ" : Character(UnicodeScalar($0.value + 0xFEE0)!) })
        #expect(
            NationalID.problem(with: fullWidth)
                == "must be written with the ASCII digits 0-9 and X (not full-width or other characters)")
        #expect(NationalID.birthDate(in: fullWidth) == nil)
    }

    @Test func maskingKeepsThreeAndFour() {
        #expect(NationalID.masked("11010519491231002X") == "110***********002X")
        #expect(NationalID.masked("123") == "***")
    }
}
