import Craftsman
import Testing

@Suite struct ProgramConfigValidationTests {
    func fields(_ change: (inout ProgramConfig) -> Void) -> [String] {
        var config = ProgramConfig.defaults
        change(&config)
        do {
            try config.validate()
            return []
        } catch {
            return error.violations.map(\.field)
        }
    }

    func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate { CivilDate(year: year, month: month, day: day)! }

    @Test func theDefaultsPass() {
        #expect(fields { _ in }.isEmpty)
    }

    @Test func everyRuleIsRefusedNamingTheField() {
        #expect(fields { $0.name = "" } == ["config.name"])
        #expect(fields { $0.name = " 工程" } == ["config.name"])
        #expect(fields { $0.startYear = 1999 } == ["config.start_year"])
        #expect(fields { $0.endYear = 2101 } == ["config.end_year"])
        #expect(fields { $0.endYear = 2023 } == ["config.end_year"])
        #expect(fields { $0.targets[.leadTeacher] = nil } == ["config.targets[TIER_LEAD_TEACHER]"])
        #expect(fields { $0.targets[.team] = -1 } == ["config.targets[TIER_TEAM].target"])
        // 2024-10-05 is a Saturday, 2024-10-08 a Tuesday.
        #expect(fields { $0.holidays = [date(2024, 10, 5)] } == ["config.holidays"])
        #expect(fields { $0.makeupWorkingDays = [date(2024, 10, 8)] } == ["config.makeup_working_days"])
        #expect(
            fields {
                $0.holidays = [date(2024, 10, 8)]
                $0.makeupWorkingDays = [date(2024, 10, 8)]
            } == ["config.makeup_working_days", "config.makeup_working_days"])
    }

    @Test func aNationalDayWeekPasses() {
        #expect(
            fields {
                $0.holidays = [date(2024, 10, 1), date(2024, 10, 2), date(2024, 10, 3), date(2024, 10, 4), date(2024, 10, 7)]
                $0.makeupWorkingDays = [date(2024, 9, 29), date(2024, 10, 12)]
                $0.targets[.team] = 0
                $0.startYear = 2030
            }.isEmpty)
    }

    @Test func aBadDateIsNamedByItsValue() throws {
        var config = ProgramConfig.defaults
        config.holidays = [date(2024, 10, 6)]
        let error = try #require(throws: DomainError.self) { try config.validate() }
        #expect(error.violations.first?.value == "2024-10-06")
        #expect(error.violations.first?.rule.contains("Sunday") == true)
    }
}
