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
        let nominations = selection.allNominations.filter {
            roundIDs.contains($0.roundID) && (school == nil || $0.schoolID == school)
        }
        let projects = Dictionary(
            uniqueKeysWithValues: selection.allProjects.filter { roundIDs.contains($0.roundID) }.map { ($0.nominationID, $0) })
        let targets = selection.program.config.targets
        let schools: [String?] =
            groupBySchool ? (school.map { [$0] } ?? Array(Set(nominations.map(\.schoolID))).sorted()) : [school]
        var rows: [DashboardRow] = []
        for tier in tiers.isEmpty ? Tier.allCases : tiers {
            for round in groupByRound ? rounds.map(Optional.some) : [nil] {
                for rowSchool in schools {
                    let covered = nominations.filter {
                        $0.tier == tier && (round == nil || $0.roundID == round!.id)
                            && (!groupBySchool || rowSchool == nil || $0.schoolID == rowSchool)
                    }
                    rows.append(
                        DashboardRow(
                            tier: tier, round: round, schoolID: rowSchool, counts: Self.counts(covered, projects: projects),
                            programTarget: targets[tier] ?? 0, roundQuota: round.map { $0.config.quotas[tier] ?? 0 } ?? 0))
                }
            }
        }
        return rows
    }

    private static func counts(_ nominations: [Nomination], projects: [String: CultivationProject]) -> DashboardCounts {
        func distinct(_ matches: (Nomination) -> Bool) -> Int {
            Set(nominations.filter(matches).map(\.subject.id)).count
        }
        func project(_ matches: (CultivationProject) -> Bool) -> Int {
            distinct { projects[$0.id].map(matches) ?? false }
        }
        var counts = DashboardCounts()
        counts.nominated = distinct { _ in true }
        counts.passedReview = distinct { $0.qualificationReview?.outcome == .passed }
        counts.selected = distinct { $0.state == .confirmed }
        counts.inCultivation = project { $0.state == .planning || $0.state == .inCultivation }
        counts.eliminated = project { $0.state == .eliminated }
        counts.disqualified = project { $0.state == .disqualified }
        counts.certified = project { !$0.certificateID.isEmpty && $0.state != .disqualified }
        return counts
    }
}
