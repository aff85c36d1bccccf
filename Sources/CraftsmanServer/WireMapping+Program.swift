import Craftsman
import CraftsmanProto

// Program and round configuration, scores and rankings between the wire and the domain.
//
// Wire to domain reports what only the wire can get wrong (an unset or unknown enum, a tier
// given twice, a date with unset parts, a rule message left out) as `DomainError.invalid`,
// naming field, value and rule, together with every violation of the domain's validation.

/// The domain value of a wire enum that must be set, or nil after adding a violation naming
/// `field` when it is unspecified (0) or has no domain value.
func requiredValue<Domain: RawRepresentable<Int32>, Wire: ProtoEnum>(
    _ value: Wire, field: String, into violations: inout [DomainError.Violation]
) -> Domain? {
    if value.rawValue == 0 {
        violations.append(DomainError.Violation(field: field, value: value.protoName, rule: "is required"))
        return nil
    }
    guard let domain = Domain(rawValue: value.rawValue) else {
        violations.append(DomainError.Violation(field: field, value: "\(value.rawValue)", rule: "is not a known value"))
        return nil
    }
    return domain
}

/// Throws `DomainError.invalid` when `violations` holds any.
private func check(_ violations: [DomainError.Violation]) throws(DomainError) {
    if !violations.isEmpty { throw DomainError.invalid(violations) }
}

/// One value per tier from repeated `{tier, …}` entries; an entry with an unset or unknown tier,
/// or a tier given before, adds a violation and is left out.
private func perTier<Entry, Value>(
    _ entries: [Entry], field: String, tier: (Entry) -> CraftsmanProto.Tier, value: (Entry) -> Value,
    into violations: inout [DomainError.Violation]
) -> [Craftsman.Tier: Value] {
    var values: [Craftsman.Tier: Value] = [:]
    var firstIndexOfTier: [Craftsman.Tier: Int] = [:]
    for (index, entry) in entries.enumerated() {
        let tierField = "\(field)[\(index)].tier"
        guard let domainTier: Craftsman.Tier = requiredValue(tier(entry), field: tierField, into: &violations) else { continue }
        if let earlier = firstIndexOfTier[domainTier] {
            violations.append(
                DomainError.Violation(
                    field: tierField, value: tier(entry).protoName, rule: "repeats \(field)[\(earlier)]; one entry per tier"))
            continue
        }
        firstIndexOfTier[domainTier] = index
        values[domainTier] = value(entry)
    }
    return values
}

extension CraftsmanProto.CivilDate {
    /// The date an input gives, or nil after adding a violation: every part must be set and
    /// together name a real date.
    func input(_ field: String, into violations: inout [DomainError.Violation]) -> Craftsman.CivilDate? {
        var complete = true
        for (part, value) in [("year", year), ("month", month), ("day", day)] where value == 0 {
            violations.append(DomainError.Violation(field: "\(field).\(part)", value: "0", rule: "is required"))
            complete = false
        }
        guard complete else { return nil }
        guard let date = Craftsman.CivilDate(year: Int(year), month: Int(month), day: Int(day)) else {
            violations.append(
                DomainError.Violation(
                    field: field, value: "\(year)-\(month)-\(day)", rule: "is not a calendar date from 1900 to 2199"))
            return nil
        }
        return date
    }
}

/// The distinct dates of a repeated date field; a date given twice adds a violation.
private func dateSet(
    _ dates: [CraftsmanProto.CivilDate], field: String, into violations: inout [DomainError.Violation]
) -> Set<Craftsman.CivilDate> {
    var firstIndexOfDate: [Craftsman.CivilDate: Int] = [:]
    for (index, date) in dates.enumerated() {
        let dateField = "\(field)[\(index)]"
        guard let domain = date.input(dateField, into: &violations) else { continue }
        if let earlier = firstIndexOfDate[domain] {
            violations.append(DomainError.Violation(field: dateField, value: "\(domain)", rule: "repeats \(field)[\(earlier)]"))
        } else {
            firstIndexOfDate[domain] = index
        }
    }
    return Set(firstIndexOfDate.keys)
}

/// The wire dates of a set, in calendar order.
private func wireDates(_ dates: Set<Craftsman.CivilDate>) -> [CraftsmanProto.CivilDate] {
    dates.sorted().map(CraftsmanProto.CivilDate.init)
}

extension CraftsmanProto.ProgramConfig {
    /// The configuration as the API shows it: tiers and dates in order.
    init(_ config: Craftsman.ProgramConfig) {
        self.init(
            name: config.name, startYear: config.startYear, endYear: config.endYear,
            targets: Craftsman.Tier.allCases.compactMap { tier in
                config.targets[tier].map { CraftsmanProto.TierTarget(tier: wire(tier), target: $0) }
            },
            holidays: wireDates(config.holidays), makeupWorkingDays: wireDates(config.makeupWorkingDays))
    }

    /// The domain configuration this input gives, checked at the wire level and by
    /// `ProgramConfig.validate()`.
    ///
    /// - Throws: `DomainError` (`invalidArgument`) naming every `config.…` field that breaks a rule.
    func validated() throws(DomainError) -> Craftsman.ProgramConfig {
        var violations: [DomainError.Violation] = []
        let config = Craftsman.ProgramConfig(
            name: name, startYear: startYear, endYear: endYear,
            targets: perTier(targets, field: "config.targets", tier: \.tier, value: \.target, into: &violations),
            holidays: dateSet(holidays, field: "config.holidays", into: &violations),
            makeupWorkingDays: dateSet(makeupWorkingDays, field: "config.makeup_working_days", into: &violations))
        do { try config.validate() } catch { violations += error.violations }
        try check(violations)
        return config
    }
}

extension CraftsmanProto.RoundConfig {
    /// The configuration as the API shows it: tiers in order.
    init(_ config: Craftsman.RoundConfig) {
        self.init(
            referenceDate: config.referenceDate.map(CraftsmanProto.CivilDate.init),
            quotas: Craftsman.Tier.allCases.compactMap { tier in
                config.quotas[tier].map { CraftsmanProto.TierQuota(tier: wire(tier), quota: $0) }
            },
            nominationOpensAtUnixMs: config.nominationOpensAtUnixMilliseconds,
            nominationClosesAtUnixMs: config.nominationClosesAtUnixMilliseconds,
            schoolPublicityWorkingDays: config.schoolPublicityWorkingDays,
            publicNoticeWorkingDays: config.publicNoticeWorkingDays,
            rubrics: Craftsman.Tier.allCases.compactMap { tier in
                config.rubrics[tier].map { CraftsmanProto.ScoringRubric(tier: wire(tier), rubric: $0) }
            },
            trimming: CraftsmanProto.TrimmingRule(config.trimming),
            tieBreakOrder: config.tieBreakOrder.map { wire($0) },
            elimination: CraftsmanProto.EliminationRule(config.elimination), teamRule: CraftsmanProto.TeamRule(config.teamRule),
            cultivationYears: config.cultivationYears, submissionClosesAtUnixMs: config.submissionClosesAtUnixMilliseconds)
    }

    /// The domain configuration this input gives, checked at the wire level only: every enum
    /// set and known, at most one quota and one rubric per tier, dates whole and real, and the
    /// trimming, elimination and team rules present.
    ///
    /// - Throws: `DomainError` (`invalidArgument`) naming every `config.…` field that breaks a rule.
    func domain() throws(DomainError) -> Craftsman.RoundConfig {
        var violations: [DomainError.Violation] = []
        let config = domain(into: &violations)
        try check(violations)
        return config
    }

    /// The domain configuration this input gives for a round of `year`, checked at the wire
    /// level and by `RoundConfig.validate(year:)`, every violation reported at once.
    ///
    /// - Throws: `DomainError` (`invalidArgument`) naming every `config.…` field that breaks a rule.
    func validated(year: Int32) throws(DomainError) -> Craftsman.RoundConfig {
        var violations: [DomainError.Violation] = []
        let config = domain(into: &violations)
        do { try config.validate(year: year) } catch { violations += error.violations }
        try check(violations)
        return config
    }

    /// The domain configuration, with defaults standing in for parts that added a violation.
    private func domain(into violations: inout [DomainError.Violation]) -> Craftsman.RoundConfig {
        func required<Message>(_ message: Message?, _ field: String) -> Message? {
            if message == nil { violations.append(DomainError.Violation(field: field, value: "", rule: "is required")) }
            return message
        }
        let defaults = Craftsman.RoundConfig.defaults
        let rubrics = perTier(rubrics, field: "config.rubrics", tier: \.tier, value: \.items, into: &violations)
        var tieBreakOrder: [Craftsman.TieBreakKey] = []
        for (index, key) in self.tieBreakOrder.enumerated() {
            if let key: Craftsman.TieBreakKey = requiredValue(key, field: "config.tie_break_order[\(index)]", into: &violations) {
                tieBreakOrder.append(key)
            }
        }
        return Craftsman.RoundConfig(
            referenceDate: referenceDate?.input("config.reference_date", into: &violations),
            quotas: perTier(quotas, field: "config.quotas", tier: \.tier, value: \.quota, into: &violations),
            nominationOpensAtUnixMilliseconds: nominationOpensAtUnixMs,
            nominationClosesAtUnixMilliseconds: nominationClosesAtUnixMs,
            submissionClosesAtUnixMilliseconds: submissionClosesAtUnixMs,
            schoolPublicityWorkingDays: schoolPublicityWorkingDays, publicNoticeWorkingDays: publicNoticeWorkingDays,
            rubrics: rubrics.mapValues { items in
                Craftsman.ScoringRubric(
                    items: items.map {
                        Craftsman.RubricItem(code: $0.code, name: $0.name, weightPercent: $0.weightPercent, guidance: $0.guidance)
                    })
            },
            trimming: required(trimming, "config.trimming")?.domain ?? defaults.trimming, tieBreakOrder: tieBreakOrder,
            elimination: required(elimination, "config.elimination")?.domain(into: &violations) ?? defaults.elimination,
            teamRule: required(teamRule, "config.team_rule")?.domain ?? defaults.teamRule, cultivationYears: cultivationYears)
    }
}

extension CraftsmanProto.ScoringRubric {
    init(tier: CraftsmanProto.Tier, rubric: Craftsman.ScoringRubric) {
        self.init(
            tier: tier,
            items: rubric.items.map {
                CraftsmanProto.RubricItem(code: $0.code, name: $0.name, weightPercent: $0.weightPercent, guidance: $0.guidance)
            })
    }
}

extension CraftsmanProto.TrimmingRule {
    init(_ rule: Craftsman.TrimmingRule) {
        self.init(minScoresToTrim: rule.minScoresToTrim, dropHighest: rule.dropHighest, dropLowest: rule.dropLowest)
    }

    var domain: Craftsman.TrimmingRule {
        Craftsman.TrimmingRule(minScoresToTrim: minScoresToTrim, dropHighest: dropHighest, dropLowest: dropLowest)
    }
}

extension CraftsmanProto.EliminationRule {
    init(_ rule: Craftsman.EliminationRule) {
        self.init(
            minAnnualCompletionPermille: rule.minAnnualCompletionPermille,
            maxEliminatingMidTermRating: rule.maxEliminatingMidTermRating.map { wire($0) })
    }

    /// The rule; a rating that is present must be a rating (absent means the mid-term never
    /// eliminates), else a violation is added and the rating left out.
    func domain(into violations: inout [DomainError.Violation]) -> Craftsman.EliminationRule {
        Craftsman.EliminationRule(
            minAnnualCompletionPermille: minAnnualCompletionPermille,
            maxEliminatingMidTermRating: maxEliminatingMidTermRating.flatMap {
                requiredValue($0, field: "config.elimination.max_eliminating_mid_term_rating", into: &violations)
            })
    }
}

extension CraftsmanProto.TeamRule {
    init(_ rule: Craftsman.TeamRule) {
        self.init(
            maxTeamSize: rule.maxTeamSize, enterpriseExpertShareNumerator: rule.enterpriseExpertShareNumerator,
            enterpriseExpertShareDenominator: rule.enterpriseExpertShareDenominator)
    }

    var domain: Craftsman.TeamRule {
        Craftsman.TeamRule(
            maxTeamSize: maxTeamSize, enterpriseExpertShareNumerator: enterpriseExpertShareNumerator,
            enterpriseExpertShareDenominator: enterpriseExpertShareDenominator)
    }
}

extension CraftsmanProto.AggregateScore {
    /// The score of the nomination `nominationID` as the API shows it.
    init(_ score: Craftsman.AggregateScore, nominationID: String) {
        self.init(
            nominationID: nominationID, scoreCount: Int32(clamping: score.scoreCount), trimmed: score.trimmed,
            finalScore: score.finalScore, untrimmedMean: score.untrimmedMean, lowestScore: score.lowestScore,
            highestScore: score.highestScore)
    }
}

extension CraftsmanProto.RankingEntry {
    init(_ entry: Craftsman.RankedEntry) {
        self.init(
            rank: Int32(clamping: entry.rank), nominationID: entry.nominationID, schoolID: entry.schoolID,
            score: CraftsmanProto.AggregateScore(entry.score, nominationID: entry.nominationID), withinQuota: entry.withinQuota,
            submittedAtUnixMs: entry.submittedAtUnixMilliseconds, tieBrokenBy: entry.tieBrokenBy.map { wire($0) })
    }
}
