import Craftsman

/// The public holidays and makeup working days (放假调休) of 2024–2026, as the State Council's
/// General Office announced them, and a clock that moves through office hours on working days.
///
/// Sources: 国务院办公厅关于2024年部分节假日安排的通知 (国办发明电〔2023〕7号, 2023-10-25),
/// 关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12) and
/// 关于2026年部分节假日安排的通知 (2025-11-04).
enum DemoCalendar {
    /// One announced arrangement: the days off, first to last inclusive, and the weekend days worked.
    struct Arrangement {
        var name: String
        var daysOff: (first: CivilDate, last: CivilDate)
        var makeupDays: [CivilDate]
    }

    /// The arrangements of `year`, as announced.
    static func arrangements(of year: Int) -> [Arrangement] {
        func day(_ month: Int, _ day: Int) -> CivilDate { CivilDate(year: year, month: month, day: day)! }
        func off(_ name: String, _ first: CivilDate, _ last: CivilDate, work: [CivilDate] = []) -> Arrangement {
            Arrangement(name: name, daysOff: (first, last), makeupDays: work)
        }
        switch year {
        case 2024:
            return [
                off("元旦", day(1, 1), day(1, 1)),
                off("春节", day(2, 10), day(2, 17), work: [day(2, 4), day(2, 18)]),
                off("清明节", day(4, 4), day(4, 6), work: [day(4, 7)]),
                off("劳动节", day(5, 1), day(5, 5), work: [day(4, 28), day(5, 11)]),
                off("端午节", day(6, 10), day(6, 10)),
                off("中秋节", day(9, 15), day(9, 17), work: [day(9, 14)]),
                off("国庆节", day(10, 1), day(10, 7), work: [day(9, 29), day(10, 12)]),
            ]
        case 2025:
            return [
                off("元旦", day(1, 1), day(1, 1)),
                off("春节", day(1, 28), day(2, 4), work: [day(1, 26), day(2, 8)]),
                off("清明节", day(4, 4), day(4, 6)),
                off("劳动节", day(5, 1), day(5, 5), work: [day(4, 27)]),
                off("端午节", day(5, 31), day(6, 2)),
                off("国庆节、中秋节", day(10, 1), day(10, 8), work: [day(9, 28), day(10, 11)]),
            ]
        case 2026:
            return [
                off("元旦", day(1, 1), day(1, 3), work: [day(1, 4)]),
                off("春节", day(2, 15), day(2, 23), work: [day(2, 14), day(2, 28)]),
                off("清明节", day(4, 4), day(4, 6)),
                off("劳动节", day(5, 1), day(5, 5), work: [day(5, 9)]),
                off("端午节", day(6, 19), day(6, 21)),
                off("中秋节", day(9, 25), day(9, 27)),
                off("国庆节", day(10, 1), day(10, 7), work: [day(9, 20), day(10, 10)]),
            ]
        default:
            return []
        }
    }

    /// The program configuration's calendar for `years`: the Monday–Friday days off (weekend
    /// days off are days off already, and the configuration takes weekdays only) and the makeup days.
    static func exceptions(years: ClosedRange<Int>) -> (holidays: Set<CivilDate>, makeupWorkingDays: Set<CivilDate>) {
        var holidays: Set<CivilDate> = []
        var makeup: Set<CivilDate> = []
        for year in years {
            for arrangement in arrangements(of: year) {
                var day = arrangement.daysOff.first
                while day <= arrangement.daysOff.last {
                    if day.weekday <= 5 { holidays.insert(day) }
                    day = day.adding(days: 1)
                }
                makeup.formUnion(arrangement.makeupDays)
            }
        }
        return (holidays, makeup)
    }

    /// The working-day calendar of 2024–2026.
    static let calendar: WorkingDayCalendar = {
        let (holidays, makeup) = exceptions(years: 2024...2026)
        return WorkingDayCalendar(holidays: holidays, makeupWorkingDays: makeup)
    }()
}

/// The demo's clock: Beijing time that only moves forward, through office hours (09:00–17:00)
/// on working days.
struct SimulatedClock {
    static let opening: Int64 = 9 * 3_600_000
    static let closing: Int64 = 17 * 3_600_000

    let calendar: WorkingDayCalendar
    /// Milliseconds since the Unix epoch.
    private(set) var now: Int64

    /// A clock at 09:00 on `date`, or on the first working day after it.
    init(calendar: WorkingDayCalendar, startingOn date: CivilDate) {
        self.calendar = calendar
        now = calendar.firstWorkingDay(onOrAfter: date).startUnixMilliseconds + Self.opening
    }

    /// The Beijing date.
    var today: CivilDate { CivilDate(unixMilliseconds: now) }

    /// Moves to 09:00 on `date` (or the first working day after it), unless the clock is already
    /// past that: it never goes back.
    mutating func start(_ date: CivilDate) {
        now = max(now, calendar.firstWorkingDay(onOrAfter: date).startUnixMilliseconds + Self.opening)
    }

    /// Moves on `seconds`; past 17:00 the work goes on at 09:00 of the next working day.
    mutating func pass(seconds: Int) {
        now += Int64(seconds) * 1000
        let day = today
        if now - day.startUnixMilliseconds >= Self.closing || !calendar.isWorkingDay(day) {
            now = calendar.firstWorkingDay(onOrAfter: day.adding(days: 1)).startUnixMilliseconds + Self.opening
        }
    }

    /// Moves to `instant` if that is later; an instant outside office hours moves on as ``pass(seconds:)`` does.
    mutating func advance(to instant: Int64) {
        guard instant > now else { return }
        now = instant
        pass(seconds: 0)
    }

    /// The `count`-th working day after `date` (0: `date` itself if it is a working day).
    func workingDay(_ count: Int, after date: CivilDate) -> CivilDate {
        var day = calendar.firstWorkingDay(onOrAfter: date)
        for _ in 0..<count { day = calendar.firstWorkingDay(onOrAfter: day.adding(days: 1)) }
        return day
    }

    /// The working days from `first` to `last` inclusive.
    func workingDays(from first: CivilDate, through last: CivilDate) -> [CivilDate] {
        var days: [CivilDate] = []
        var day = calendar.firstWorkingDay(onOrAfter: first)
        while day <= last {
            days.append(day)
            day = calendar.firstWorkingDay(onOrAfter: day.adding(days: 1))
        }
        return days
    }
}
