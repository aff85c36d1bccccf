// Day arithmetic on civil dates: what the working-day calendar counts with.

extension CivilDate {
    /// The first date that exists, 1900-01-01.
    static let earliest = CivilDate(year: 1900, month: 1, day: 1)!
    /// The last date that exists, 2199-12-31.
    static let latest = CivilDate(year: 2199, month: 12, day: 31)!

    /// Days from 1970-01-01 to this date: 0 for 1970-01-01, negative before it.
    public var daysSinceUnixEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day of the week, ISO 8601 numbering: 1 for Monday through 7 for Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let fromMonday = (daysSinceUnixEpoch + 3) % 7
        return (fromMonday < 0 ? fromMonday + 7 : fromMonday) + 1
    }

    /// The instant this date begins in Beijing (00:00, UTC+8), in ms since the Unix epoch.
    public var startUnixMilliseconds: Int64 {
        Int64(daysSinceUnixEpoch) * 86_400_000 - 8 * 3_600_000
    }

    /// The date `days` days later (earlier when negative).
    ///
    /// Dates exist only in 1900...2199, so the result is clamped to that range: adding past
    /// 2199-12-31 gives 2199-12-31, and subtracting past 1900-01-01 gives 1900-01-01. The rules
    /// count days within a program period (2000...2100), far from either end.
    public func adding(days: Int) -> CivilDate {
        let (sum, overflow) = daysSinceUnixEpoch.addingReportingOverflow(days)
        if overflow { return days < 0 ? .earliest : .latest }
        if sum <= CivilDate.earliest.daysSinceUnixEpoch { return .earliest }
        if sum >= CivilDate.latest.daysSinceUnixEpoch { return .latest }
        // Noon UTC of the day is 20:00 the same day in Beijing.
        return CivilDate(unixMilliseconds: Int64(sum) * 86_400_000 + 12 * 3_600_000)
    }
}
