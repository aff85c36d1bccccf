// The rules a round configuration must satisfy before it is stored.

extension RoundConfig {
    /// The most items one rubric may have.
    static let maxRubricItems = 50
    /// The longest rubric item code, in characters of `[a-z0-9_]`.
    static let maxRubricCodeLength = 32

    /// Checks every rule of a round configuration for a round of `year`, and reports every
    /// field that breaks one, with paths as on the wire (`config.quotas[TIER_TEAM].quota`).
    ///
    /// The rules: a quota of 1 to 1000 for every tier (the program targets are not enforced
    /// here: a round may select more than the target leaves, and the dashboard shows it); a
    /// nomination window that is set and not empty, and a submission deadline after it opens;
    /// a reference date within a year of the round's year; publicity periods of 1 to 30 working
    /// days; per tier a rubric of 1 to 50 items with unique codes of `[a-z0-9_]`, names, and
    /// weights of 1 to 100 summing to 100; a trimming rule that leaves at least one total; a
    /// tie-break order without repeats, `nominationID` only last; an elimination threshold of 0 to
    /// 1000‰; a team rule of 2 to 50 people and a share 0 < numerator < denominator ≤ 100; and 2
    /// or 3 cultivation years.
    ///
    /// - Parameter year: The round's year, e.g. 2026.
    /// - Throws: `DomainError` (`invalidArgument`) naming every field, value and rule broken.
    public func validate(year: Int32) throws(DomainError) {
        var violations = Violations()
        checkQuotas(into: &violations)
        checkWindow(year: year, into: &violations)
        for (field, days) in [
            ("config.school_publicity_working_days", schoolPublicityWorkingDays),
            ("config.public_notice_working_days", publicNoticeWorkingDays),
        ] where !(1...30).contains(days) {
            violations.add(field, "\(days)", "must be from 1 to 30 working days")
        }
        for tier in Tier.allCases {
            let field = "config.rubrics[\(tier.wireName)]"
            guard let rubric = rubrics[tier] else {
                violations.add(field, "", "is missing; every tier needs a scoring rubric")
                continue
            }
            Self.check(rubric, field: field, into: &violations)
        }
        checkTrimming(into: &violations)
        checkTieBreakOrder(into: &violations)
        if let permille = elimination.minAnnualCompletionPermille, !(0...1000).contains(permille) {
            violations.add("config.elimination.min_annual_completion_permille", "\(permille)", "must be from 0 to 1000 (‰)")
        }
        checkTeamRule(into: &violations)
        if cultivationYears != 2 && cultivationYears != 3 {
            violations.add("config.cultivation_years", "\(cultivationYears)", "must be 2 or 3 (每批连续建设2-3年)")
        }
        try violations.check()
    }

    private func checkQuotas(into violations: inout Violations) {
        for tier in Tier.allCases {
            let field = "config.quotas[\(tier.wireName)]"
            guard let quota = quotas[tier] else {
                violations.add(field, "", "is missing; every tier needs a quota")
                continue
            }
            if !(1...1000).contains(quota) {
                violations.add(field + ".quota", "\(quota)", "must be from 1 to 1000")
            }
        }
    }

    private func checkWindow(year: Int32, into violations: inout Violations) {
        let opens = nominationOpensAtUnixMilliseconds
        if opens <= 0 {
            violations.add("config.nomination_opens_at_unix_ms", "\(opens)", "must be set (ms since the Unix epoch, above 0)")
        }
        if nominationClosesAtUnixMilliseconds <= opens {
            violations.add(
                "config.nomination_closes_at_unix_ms", "\(nominationClosesAtUnixMilliseconds)",
                "must be after nomination_opens_at_unix_ms (\(opens))")
        }
        if let deadline = submissionClosesAtUnixMilliseconds, deadline <= opens {
            violations.add(
                "config.submission_closes_at_unix_ms", "\(deadline)", "must be after nomination_opens_at_unix_ms (\(opens))")
        }
        if let referenceDate {
            let round = Int(year)
            if !(round - 1...round + 1).contains(referenceDate.year) {
                violations.add(
                    "config.reference_date", "\(referenceDate)",
                    "must be in \(round - 1) to \(round + 1), within a year of the round's year \(round)")
            }
        }
    }

    private static func check(_ rubric: ScoringRubric, field: String, into violations: inout Violations) {
        if rubric.items.isEmpty {
            violations.add(field + ".items", "", "must hold at least one item")
            return
        }
        if rubric.items.count > maxRubricItems {
            violations.add(field + ".items", "\(rubric.items.count) items", "may hold at most \(maxRubricItems) items")
        }
        var firstIndexOfCode: [String: Int] = [:]
        var weightSum = 0
        for (index, item) in rubric.items.enumerated() {
            let itemField = "\(field).items[\(index)]"
            if let problem = codeProblem(item.code) {
                violations.add(itemField + ".code", item.code, problem)
            } else if let earlier = firstIndexOfCode[item.code] {
                violations.add(itemField + ".code", item.code, "repeats the code of \(field).items[\(earlier)]")
            } else {
                firstIndexOfCode[item.code] = index
            }
            TextRule.required.check(item.name, field: itemField + ".name", maxLength: 100, into: &violations)
            TextRule.optional.check(item.guidance, field: itemField + ".guidance", maxLength: 2000, into: &violations)
            if !(1...100).contains(item.weightPercent) {
                violations.add(itemField + ".weight_percent", "\(item.weightPercent)", "must be from 1 to 100")
            }
            weightSum += Int(item.weightPercent)
        }
        if weightSum != 100 {
            violations.add(field + ".items", "weights summing to \(weightSum)", "must have weights summing to exactly 100")
        }
    }

    /// Why `code` is not a rubric item code, or nil when it is one.
    private static func codeProblem(_ code: String) -> String? {
        if code.isEmpty { return "is required" }
        let rule = "must be 1 to \(maxRubricCodeLength) characters of a-z, 0-9 and _"
        if code.utf8.count > maxRubricCodeLength { return rule }
        for byte in code.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): continue
            default: return rule
            }
        }
        return nil
    }

    private func checkTrimming(into violations: inout Violations) {
        let rule = trimming
        if rule.minScoresToTrim < 1 {
            violations.add("config.trimming.min_scores_to_trim", "\(rule.minScoresToTrim)", "must be at least 1")
        }
        if rule.dropHighest < 0 {
            violations.add("config.trimming.drop_highest", "\(rule.dropHighest)", "must not be negative")
        }
        if rule.dropLowest < 0 {
            violations.add("config.trimming.drop_lowest", "\(rule.dropLowest)", "must not be negative")
        }
        if rule.minScoresToTrim >= 1 && rule.dropHighest >= 0 && rule.dropLowest >= 0
            && Int64(rule.dropHighest) + Int64(rule.dropLowest) >= Int64(rule.minScoresToTrim)
        {
            violations.add(
                "config.trimming",
                "drop_highest \(rule.dropHighest) + drop_lowest \(rule.dropLowest), min_scores_to_trim \(rule.minScoresToTrim)",
                "must leave at least one total: drop_highest + drop_lowest must be less than min_scores_to_trim")
        }
    }

    private func checkTieBreakOrder(into violations: inout Violations) {
        var firstIndexOfKey: [TieBreakKey: Int] = [:]
        for (index, key) in tieBreakOrder.enumerated() {
            let field = "config.tie_break_order[\(index)]"
            if let earlier = firstIndexOfKey[key] {
                violations.add(field, key.wireName, "repeats config.tie_break_order[\(earlier)]")
                continue
            }
            firstIndexOfKey[key] = index
            if key == .nominationID && index != tieBreakOrder.count - 1 {
                violations.add(
                    field, key.wireName, "may only be the last key: it always decides, so keys after it would never apply")
            }
        }
    }

    private func checkTeamRule(into violations: inout Violations) {
        let rule = teamRule
        if !(2...50).contains(rule.maxTeamSize) {
            violations.add("config.team_rule.max_team_size", "\(rule.maxTeamSize)", "must be from 2 to 50 people")
        }
        let numerator = rule.enterpriseExpertShareNumerator
        let denominator = rule.enterpriseExpertShareDenominator
        if !(1...100).contains(denominator) {
            violations.add("config.team_rule.enterprise_expert_share_denominator", "\(denominator)", "must be from 1 to 100")
        }
        if numerator < 1 {
            violations.add("config.team_rule.enterprise_expert_share_numerator", "\(numerator)", "must be at least 1")
        } else if numerator >= denominator {
            violations.add(
                "config.team_rule.enterprise_expert_share_numerator", "\(numerator)",
                "must be less than enterprise_expert_share_denominator (\(denominator)): the share is below one")
        }
    }
}

extension Tier {
    /// The wire enum's name, e.g. `TIER_TEAM`, as field paths name a tier's entry.
    var wireName: String { "TIER_\(description)" }
}

extension TieBreakKey {
    /// The wire enum's name, e.g. `TIE_BREAK_KEY_SUBMITTED_AT`.
    var wireName: String {
        switch self {
        case .untrimmedMean: "TIE_BREAK_KEY_UNTRIMMED_MEAN"
        case .lowestScore: "TIE_BREAK_KEY_LOWEST_SCORE"
        case .submittedAt: "TIE_BREAK_KEY_SUBMITTED_AT"
        case .nominationID: "TIE_BREAK_KEY_NOMINATION_ID"
        }
    }
}
