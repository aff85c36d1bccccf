// The program dashboard (domain.md §1): per tier, per round and per school, how many were
// nominated, passed review, were selected, are in cultivation, were eliminated, disqualified
// or certified, against the program target.

/// The counts of one dashboard row. Each person or team is counted once per column.
public struct DashboardCounts: Hashable, Sendable {
    public var nominated = 0
    public var passedReview = 0
    public var selected = 0
    public var inCultivation = 0
    public var eliminated = 0
    public var disqualified = 0
    public var certified = 0

    public init() {}
}

/// One dashboard row: a tier, for one round or all, for one school or all.
public struct DashboardRow: Hashable, Sendable {
    public var tier: Tier
    /// Nil when the row covers all rounds.
    public var round: Round?
    /// Nil when the row covers all schools.
    public var schoolID: String?
    public var counts: DashboardCounts
    /// The tier's target for the whole program period.
    public var programTarget: Int32
    /// The round's quota; 0 when the row covers all rounds.
    public var roundQuota: Int32
}

extension Model {
    /// The dashboard rows ordered by tier, round year and school id. A school operator always
    /// gets their own school's rows. Cancelled rounds are left out.
    ///
    /// - Throws: `notFound` for an unknown round; `permissionDenied` for a school operator
    ///   asking about another school.
    public func dashboard(
        roundID: String?, tiers: [Tier], schoolID: String?, groupByRound: Bool, groupBySchool: Bool, actor: Actor
    ) throws(DomainError) -> [DashboardRow] {
        if let roundID { _ = try existingRound(roundID) }
        var school = schoolID
        if let scope = actor.schoolScope {
            if let schoolID, schoolID != scope {
                throw DomainError(.permissionDenied, "\(actor.role.summary) may not see the dashboard of \(schoolID)")
            }
            school = scope
        }
        let rounds = selection.allRounds.filter { $0.state != .cancelled && (roundID == nil || $0.id == roundID) }
        let roundIDs = Set(rounds.map(\.id))
        let projects = Dictionary(
            uniqueKeysWithValues: selection.allProjects.filter { roundIDs.contains($0.roundID) }.map { ($0.nominationID, $0) })
        // One pass over the nominations, each counted into the one row it belongs to.
        var tallies: [DashboardKey: Tally] = [:]
        var schoolsSeen: Set<String> = []
        for nomination in selection.allNominations
        where roundIDs.contains(nomination.roundID) && (school == nil || nomination.schoolID == school) {
            schoolsSeen.insert(nomination.schoolID)
            let key = DashboardKey(
                tier: nomination.tier, roundID: groupByRound ? nomination.roundID : nil,
                schoolID: groupBySchool ? nomination.schoolID : school)
            tallies[key, default: Tally()].count(nomination, project: projects[nomination.id])
        }
        let targets = selection.program.config.targets
        let schools: [String?] = groupBySchool ? (school.map { [$0] } ?? schoolsSeen.sorted()) : [school]
        var rows: [DashboardRow] = []
        for tier in tiers.isEmpty ? Tier.allCases : tiers {
            for round in groupByRound ? rounds.map(Optional.some) : [nil] {
                for rowSchool in schools {
                    let tally = tallies[DashboardKey(tier: tier, roundID: round?.id, schoolID: rowSchool)] ?? Tally()
                    rows.append(
                        DashboardRow(
                            tier: tier, round: round, schoolID: rowSchool, counts: tally.counts,
                            programTarget: targets[tier] ?? 0, roundQuota: round.map { $0.config.quotas[tier] ?? 0 } ?? 0))
                }
            }
        }
        return rows
    }
}

/// The row a nomination is counted in.
private struct DashboardKey: Hashable {
    var tier: Tier
    var roundID: String?
    var schoolID: String?
}

/// The people or teams counted in each column of one row: each once per column.
private struct Tally {
    var nominated: Set<String> = []
    var passedReview: Set<String> = []
    var selected: Set<String> = []
    var inCultivation: Set<String> = []
    var eliminated: Set<String> = []
    var disqualified: Set<String> = []
    var certified: Set<String> = []

    mutating func count(_ nomination: Nomination, project: CultivationProject?) {
        let subject = nomination.subject.id
        nominated.insert(subject)
        if nomination.qualificationReview?.outcome == .passed { passedReview.insert(subject) }
        if nomination.state == .confirmed { selected.insert(subject) }
        guard let project else { return }
        switch project.state {
        case .planning, .inCultivation: inCultivation.insert(subject)
        case .eliminated: eliminated.insert(subject)
        case .disqualified: disqualified.insert(subject)
        case .passed, .failedAcceptance: break
        }
        if !project.certificateID.isEmpty && project.state != .disqualified { certified.insert(subject) }
    }

    var counts: DashboardCounts {
        var counts = DashboardCounts()
        counts.nominated = nominated.count
        counts.passedReview = passedReview.count
        counts.selected = selected.count
        counts.inCultivation = inCultivation.count
        counts.eliminated = eliminated.count
        counts.disqualified = disqualified.count
        counts.certified = certified.count
        return counts
    }
}
