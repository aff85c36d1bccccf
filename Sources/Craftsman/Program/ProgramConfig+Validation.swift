// The rules the program configuration must satisfy before it is stored.

extension ProgramConfig {
    /// Checks every rule of the program configuration and reports every field that breaks one,
    /// with paths as on the wire (`config.targets[TIER_TEAM].target`).
    ///
    /// The rules: a name; a period 2000 ≤ start_year ≤ end_year ≤ 2100; a target of 0 or more for
    /// every tier; holidays only on Monday–Friday (weekends are days off already) and makeup
    /// working days only on Saturday or Sunday; no date both a holiday and a makeup day. Sets
    /// hold no order, so a date is named by its value (`config.holidays` `2024-10-05`).
    ///
    /// - Throws: `DomainError` (`invalidArgument`) naming every field, value and rule broken.
    public func validate() throws(DomainError) {
        var violations = Violations()
        TextRule.required.check(name, field: "config.name", maxLength: 100, into: &violations)
        if !(2000...2100).contains(startYear) {
            violations.add("config.start_year", "\(startYear)", "must be from 2000 to 2100")
        }
        if !(2000...2100).contains(endYear) {
            violations.add("config.end_year", "\(endYear)", "must be from 2000 to 2100")
        } else if endYear < startYear {
            violations.add("config.end_year", "\(endYear)", "must not be before start_year (\(startYear))")
        }
        for tier in Tier.allCases {
            let field = "config.targets[\(tier.wireName)]"
            guard let target = targets[tier] else {
                violations.add(field, "", "is missing; every tier needs a target")
                continue
            }
            if target < 0 { violations.add(field + ".target", "\(target)", "must not be negative") }
        }
        for holiday in holidays.sorted() where holiday.weekday > 5 {
            violations.add(
                "config.holidays", "\(holiday)",
                "is a \(holiday.weekdayName); holidays are Monday–Friday dates (weekends are days off already)")
        }
        for makeup in makeupWorkingDays.sorted() {
            if makeup.weekday <= 5 {
                violations.add(
                    "config.makeup_working_days", "\(makeup)",
                    "is a \(makeup.weekdayName); makeup working days are Saturdays or Sundays")
            }
            if holidays.contains(makeup) {
                violations.add("config.makeup_working_days", "\(makeup)", "is also listed in config.holidays")
            }
        }
        try violations.check()
    }
}

extension CivilDate {
    /// The English name of the weekday, for messages.
    fileprivate var weekdayName: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday - 1]
    }
}
