/// The working days (工作日) that publicity periods are counted in: Monday to Friday, except
/// public holidays, plus the Saturdays and Sundays made working days (调休上班日).
///
/// ```swift
/// let calendar = WorkingDayCalendar(program)
/// let ends = calendar.lastDay(ofPeriodStartingOn: today, workingDays: round.config.schoolPublicityWorkingDays)
/// ```
public struct WorkingDayCalendar: Sendable {
    /// Days off that would be working days by their weekday.
    public let holidays: Set<CivilDate>
    /// Working days that would be days off by their weekday.
    public let makeupWorkingDays: Set<CivilDate>

    /// A calendar with these exceptions to the Monday–Friday week. A date in both sets is a
    /// working day (``ProgramConfig/validate()`` refuses such a configuration).
    public init(holidays: Set<CivilDate>, makeupWorkingDays: Set<CivilDate>) {
        self.holidays = holidays
        self.makeupWorkingDays = makeupWorkingDays
    }

    /// The calendar the program configuration records.
    public init(_ config: ProgramConfig) {
        self.init(holidays: config.holidays, makeupWorkingDays: config.makeupWorkingDays)
    }

    /// Whether people work on `date`.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        if makeupWorkingDays.contains(date) { return true }
        if holidays.contains(date) { return false }
        return date.weekday <= 5
    }

    /// `date` if it is a working day, otherwise the next working day after it.
    ///
    /// Only 2199-12-31, the last date there is, is returned without being a working day, when
    /// no working day follows before it.
    public func firstWorkingDay(onOrAfter date: CivilDate) -> CivilDate {
        var day = date
        // Ends: at most two weekend days in a row are not working days, and the holidays are finite.
        while !isWorkingDay(day) && day < .latest { day = day.adding(days: 1) }
        return day
    }

    /// The last day of a period of `workingDays` working days that starts on `start`.
    ///
    /// `start` counts as day 1 if it is a working day; otherwise the period starts on the next
    /// working day. The period ends at the close of the returned day. A length below 1 counts as 1
    /// (``RoundConfig/validate(year:)`` refuses one).
    ///
    /// - Parameters:
    ///   - start: The first day of the period, e.g. the day a school publicity is posted.
    ///   - workingDays: The length of the period, e.g. 5.
    /// - Returns: The working day on which the period ends.
    public func lastDay(ofPeriodStartingOn start: CivilDate, workingDays: Int32) -> CivilDate {
        var day = firstWorkingDay(onOrAfter: start)
        var counted: Int32 = 1
        while counted < workingDays && day < .latest {
            day = firstWorkingDay(onOrAfter: day.adding(days: 1))
            counted += 1
        }
        return day
    }
}
