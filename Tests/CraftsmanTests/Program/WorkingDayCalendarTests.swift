import Craftsman
import Testing

private func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate { CivilDate(year: year, month: month, day: day)! }

@Suite struct CivilDateArithmeticTests {
    @Test func daysCountFromTheUnixEpoch() {
        #expect(date(1970, 1, 1).daysSinceUnixEpoch == 0)
        #expect(date(1969, 12, 31).daysSinceUnixEpoch == -1)
        #expect(date(2000, 3, 1).daysSinceUnixEpoch == 11_017)
        #expect(date(1900, 1, 1).daysSinceUnixEpoch == -25_567)
    }

    @Test func addingOneDayWalksEveryDateInOrder() {
        // Every date from 1900 to 2199, against a count by months: month, year and leap-year ends.
        var day = date(1900, 1, 1)
        var expectedDays = day.daysSinceUnixEpoch
        for year in 1900...2199 {
            for month in 1...12 {
                let length =
                    [2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 4: 30, 6: 30, 9: 30, 11: 30][
                        month] ?? 31
                for dayOfMonth in 1...length {
                    guard day.year == year, day.month == month, day.day == dayOfMonth, day.daysSinceUnixEpoch == expectedDays
                    else {
                        Issue.record("expected \(year)-\(month)-\(dayOfMonth) (day \(expectedDays)), got \(day)")
                        return
                    }
                    day = day.adding(days: 1)
                    expectedDays += 1
                }
            }
        }
    }

    @Test func monthYearAndLeapDayEnds() {
        #expect(date(2023, 12, 31).adding(days: 1) == date(2024, 1, 1))
        #expect(date(2024, 2, 28).adding(days: 1) == date(2024, 2, 29))
        #expect(date(2023, 2, 28).adding(days: 1) == date(2023, 3, 1))
        #expect(date(2100, 2, 28).adding(days: 1) == date(2100, 3, 1))
        #expect(date(2000, 2, 28).adding(days: 1) == date(2000, 2, 29))
        #expect(date(2024, 3, 1).adding(days: -1) == date(2024, 2, 29))
        #expect(date(2024, 1, 1).adding(days: 366) == date(2025, 1, 1))
        #expect(date(2026, 5, 20).adding(days: 0) == date(2026, 5, 20))
    }

    @Test func addingClampsToTheDatesThatExist() {
        #expect(date(2199, 12, 31).adding(days: 1) == date(2199, 12, 31))
        #expect(date(1900, 1, 1).adding(days: -1) == date(1900, 1, 1))
        #expect(date(2024, 1, 1).adding(days: .max) == date(2199, 12, 31))
        #expect(date(2024, 1, 1).adding(days: .min) == date(1900, 1, 1))
    }

    @Test func weekdaysRunMondayOneToSundaySeven() {
        #expect(date(1970, 1, 1).weekday == 4)
        #expect(date(1900, 1, 1).weekday == 1)
        #expect(date(1969, 12, 28).weekday == 7)
        #expect(date(2000, 2, 29).weekday == 2)
        #expect(date(2024, 10, 1).weekday == 2)
        #expect(date(2024, 10, 12).weekday == 6)
        #expect(date(2199, 12, 31).weekday == 2)
    }

    @Test func aDateStartsAtMidnightBeijingTime() {
        // 2026-05-19T16:00:00Z is 2026-05-20 00:00 in Beijing.
        #expect(date(2026, 5, 20).startUnixMilliseconds == 1_779_206_400_000)
        #expect(date(1970, 1, 1).startUnixMilliseconds == -28_800_000)
        let start = date(2024, 2, 29).startUnixMilliseconds
        #expect(CivilDate(unixMilliseconds: start) == date(2024, 2, 29))
        #expect(CivilDate(unixMilliseconds: start - 1) == date(2024, 2, 28))
    }
}

@Suite struct WorkingDayCalendarTests {
    /// 2024's National Day: Oct 1–7 off (holidays on the weekdays), Sun Sep 29 and Sat Oct 12 worked.
    let nationalDay2024 = WorkingDayCalendar(
        holidays: [date(2024, 10, 1), date(2024, 10, 2), date(2024, 10, 3), date(2024, 10, 4), date(2024, 10, 7)],
        makeupWorkingDays: [date(2024, 9, 29), date(2024, 10, 12)])

    @Test func holidaysAndMakeupDaysOverrideTheWeek() {
        let calendar = nationalDay2024
        #expect(calendar.isWorkingDay(date(2024, 9, 27)))
        #expect(!calendar.isWorkingDay(date(2024, 9, 28)))
        #expect(calendar.isWorkingDay(date(2024, 9, 29)))
        #expect(calendar.isWorkingDay(date(2024, 9, 30)))
        for day in 1...7 { #expect(!calendar.isWorkingDay(date(2024, 10, day))) }
        #expect(calendar.isWorkingDay(date(2024, 10, 8)))
        #expect(calendar.isWorkingDay(date(2024, 10, 12)))
        #expect(!calendar.isWorkingDay(date(2024, 10, 13)))
    }

    @Test func aPeriodSkipsTheHolidayWeekAndCountsMakeupDays() {
        let calendar = nationalDay2024
        // Fri 27, Sun 29 (worked), Mon 30, then Tue Oct 8 and Wed Oct 9.
        #expect(calendar.lastDay(ofPeriodStartingOn: date(2024, 9, 27), workingDays: 5) == date(2024, 10, 9))
        // Starting inside the holiday: Oct 8, 9, 10, 11 and the worked Saturday Oct 12.
        #expect(calendar.lastDay(ofPeriodStartingOn: date(2024, 10, 1), workingDays: 5) == date(2024, 10, 12))
        #expect(calendar.firstWorkingDay(onOrAfter: date(2024, 10, 5)) == date(2024, 10, 8))
        #expect(calendar.firstWorkingDay(onOrAfter: date(2024, 9, 28)) == date(2024, 9, 29))
        #expect(calendar.firstWorkingDay(onOrAfter: date(2024, 9, 27)) == date(2024, 9, 27))
    }

    @Test func theStartDayCountsWhenItIsAWorkingDay() {
        let plain = WorkingDayCalendar(holidays: [], makeupWorkingDays: [])
        #expect(plain.lastDay(ofPeriodStartingOn: date(2026, 5, 20), workingDays: 1) == date(2026, 5, 20))
        #expect(plain.lastDay(ofPeriodStartingOn: date(2026, 5, 20), workingDays: 0) == date(2026, 5, 20))
        // A Saturday start: the period begins on Monday.
        #expect(plain.lastDay(ofPeriodStartingOn: date(2026, 5, 23), workingDays: 1) == date(2026, 5, 25))
        // Across a month end: Thu Feb 26, Fri 27, Mon Mar 2, Tue 3, Wed 4.
        #expect(plain.lastDay(ofPeriodStartingOn: date(2026, 2, 26), workingDays: 5) == date(2026, 3, 4))
        // Across a leap day: Wed Feb 28 2024, Thu 29, Fri Mar 1.
        #expect(plain.lastDay(ofPeriodStartingOn: date(2024, 2, 28), workingDays: 3) == date(2024, 3, 1))
        #expect(plain.lastDay(ofPeriodStartingOn: date(2026, 5, 20), workingDays: 30) == date(2026, 6, 30))
    }

    @Test func aPeriodCrossesTheYearEndAndNewYearsDay() {
        var program = ProgramConfig.defaults
        program.holidays = [date(2025, 1, 1)]
        let calendar = WorkingDayCalendar(program)
        // Mon Dec 30, Tue 31, (Wed Jan 1 off), Thu 2, Fri 3, Mon 6.
        #expect(calendar.lastDay(ofPeriodStartingOn: date(2024, 12, 30), workingDays: 5) == date(2025, 1, 6))
    }

    @Test func theLastDateThatExistsEndsTheSearch() {
        let plain = WorkingDayCalendar(holidays: [], makeupWorkingDays: [])
        // 2199-12-31 is a Tuesday; nothing follows it.
        #expect(plain.lastDay(ofPeriodStartingOn: date(2199, 12, 30), workingDays: 5) == date(2199, 12, 31))
        let off = WorkingDayCalendar(holidays: [date(2199, 12, 31)], makeupWorkingDays: [])
        #expect(off.firstWorkingDay(onOrAfter: date(2199, 12, 31)) == date(2199, 12, 31))
    }
}
