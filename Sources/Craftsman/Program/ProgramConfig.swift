/// The program-wide configuration (工程配置): the period, the target per tier, and the calendar
/// used to count publicity periods in working days.
public struct ProgramConfig: Hashable, Sendable {
    public var name: String
    public var startYear: Int32
    public var endYear: Int32
    /// People (teams for `.team`) to cultivate over the whole period.
    public var targets: [Tier: Int32]
    /// Public holidays that fall on Monday–Friday: not working days.
    public var holidays: Set<CivilDate>
    /// Saturdays or Sundays that are working days (调休上班日).
    public var makeupWorkingDays: Set<CivilDate>

    public init(
        name: String, startYear: Int32, endYear: Int32, targets: [Tier: Int32], holidays: Set<CivilDate>,
        makeupWorkingDays: Set<CivilDate>
    ) {
        self.name = name
        self.startYear = startYear
        self.endYear = endYear
        self.targets = targets
        self.holidays = holidays
        self.makeupWorkingDays = makeupWorkingDays
    }

    /// 2024–2030; targets 20 / 60 / 120 / 30; no holidays recorded.
    public static let defaults = ProgramConfig(
        name: "北京市技工院校高水平工匠之师培养工程", startYear: 2024, endYear: 2030,
        targets: [.masterTeacher: 20, .leadTeacher: 60, .keyTeacher: 120, .team: 30], holidays: [], makeupWorkingDays: [])
}
