import Craftsman
import CraftsmanProto

// Comprehensive evaluation and its outcome: expert assignments and scores, the provisional
// list with its public notices, and the frozen rankings it was drawn from.

extension CraftsmanProto.ExpertAssignment {
    init(_ assignment: Craftsman.ExpertAssignment) {
        self.init()
        id = assignment.id
        expertAccountID = assignment.expertAccountID
        kind = wire(assignment.kind)
        roundID = assignment.roundID
        tier = wire(assignment.tier)
        nominationIDs = assignment.nominationIDs
        projectIDs = assignment.projectIDs
        assignedByAccountID = assignment.assignedByAccountID
        createdAtUnixMs = assignment.createdAtUnixMilliseconds
        updatedAtUnixMs = assignment.updatedAtUnixMilliseconds
        revision = assignment.revision
    }

    /// The domain assignment a stored one holds.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain() throws -> Craftsman.ExpertAssignment {
        let field = "expert assignment \(id)"
        return Craftsman.ExpertAssignment(
            id: id, expertAccountID: expertAccountID, kind: try scale(kind, field + ".kind"), roundID: roundID,
            tier: try scale(tier, field + ".tier"), nominationIDs: nominationIDs, projectIDs: projectIDs,
            assignedByAccountID: assignedByAccountID, createdAtUnixMilliseconds: createdAtUnixMs,
            updatedAtUnixMilliseconds: updatedAtUnixMs, revision: revision)
    }
}

extension RubricItemScore {
    init(_ score: ItemScore) { self.init(itemCode: score.itemCode, score: score.score) }

    /// - Throws: `StoredValueError` for a score that is not finite.
    func domain(_ field: String) throws -> ItemScore {
        ItemScore(itemCode: itemCode, score: try finite(score, "\(field).\(itemCode)"))
    }
}

extension CraftsmanProto.ExpertScore {
    init(_ score: Craftsman.ExpertScore) {
        self.init()
        id = score.id
        roundID = score.roundID
        nominationID = score.nominationID
        tier = wire(score.tier)
        expertAccountID = score.expertAccountID
        itemScores = score.itemScores.map(RubricItemScore.init)
        total = score.total
        comment = score.comment
        roundConfigVersion = score.roundConfigVersion
        submittedAtUnixMs = score.submittedAtUnixMilliseconds
        revision = score.revision
    }

    /// The domain score a stored one holds.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain() throws -> Craftsman.ExpertScore {
        let field = "expert score \(id)"
        return Craftsman.ExpertScore(
            id: id, roundID: roundID, nominationID: nominationID, tier: try scale(tier, field + ".tier"),
            expertAccountID: expertAccountID, itemScores: try itemScores.map { try $0.domain(field + ".item_scores") },
            total: try finite(total, field + ".total"), comment: comment,
            roundConfigVersion: roundConfigVersion, submittedAtUnixMilliseconds: submittedAtUnixMs, revision: revision)
    }
}

extension CraftsmanProto.PublicNotice {
    init(_ notice: Craftsman.PublicNotice) {
        self.init(
            id: notice.id, roundID: notice.roundID, title: notice.title, period: CraftsmanProto.PublicityPeriod(notice.period),
            nominationIDs: notice.nominationIDs, supplementary: notice.supplementary)
    }

    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain(_ field: String = "public notice") throws -> Craftsman.PublicNotice {
        let field = "\(field) \(id)"
        return Craftsman.PublicNotice(
            id: id, roundID: roundID, title: title,
            period: try required(period, field + ".period").domain(field + ".period"), nominationIDs: nominationIDs,
            supplementary: supplementary)
    }
}

extension CraftsmanProto.ProvisionalListEntry {
    init(_ entry: Craftsman.ProvisionalListEntry) {
        self.init()
        nominationID = entry.nominationID
        tier = wire(entry.tier)
        schoolID = entry.schoolID
        rank = entry.rank
        finalScore = entry.finalScore
        state = wire(entry.state)
        promoted = entry.promoted
        replacesNominationID = entry.replacesNominationID
        noticeID = entry.noticeID
        removalReason = entry.removalReason
    }

    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain(_ field: String = "provisional list entry") throws -> Craftsman.ProvisionalListEntry {
        let field = "\(field) \(nominationID)"
        return Craftsman.ProvisionalListEntry(
            nominationID: nominationID, tier: try scale(tier, field + ".tier"), schoolID: schoolID, rank: rank,
            finalScore: try finite(finalScore, field + ".final_score"), state: try scale(state, field + ".state"),
            promoted: promoted,
            replacesNominationID: replacesNominationID, noticeID: noticeID, removalReason: removalReason)
    }
}

extension CraftsmanProto.ProvisionalList {
    /// The list as the API shows it: entries and notices, without the frozen rankings.
    init(_ list: Craftsman.ProvisionalList) {
        self.init(
            roundID: list.roundID, entries: list.entries.map(CraftsmanProto.ProvisionalListEntry.init),
            notices: list.notices.map(CraftsmanProto.PublicNotice.init), draftedByAccountID: list.draftedByAccountID,
            draftedAtUnixMs: list.draftedAtUnixMilliseconds, updatedAtUnixMs: list.updatedAtUnixMilliseconds,
            revision: list.revision)
    }

    /// The domain list with `rankings`, which the wire list does not carry.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain(_ field: String = "provisional list", rankings: [FrozenRanking] = []) throws -> Craftsman.ProvisionalList {
        let field = "\(field) of round \(roundID)"
        return Craftsman.ProvisionalList(
            roundID: roundID, entries: try entries.map { try $0.domain(field + ".entries") },
            notices: try notices.map { try $0.domain(field + ".notices") }, rankings: rankings,
            draftedByAccountID: draftedByAccountID, draftedAtUnixMilliseconds: draftedAtUnixMs,
            updatedAtUnixMilliseconds: updatedAtUnixMs, revision: revision)
    }
}

extension CraftsmanProto.Ranking {
    /// A frozen ranking as stored with the list of round `roundID`. The domain keeps no quota
    /// with it, so `quota` is 0; `frozen` is always true.
    init(_ ranking: FrozenRanking, roundID: String) {
        self.init(
            roundID: roundID, tier: wire(ranking.tier), quota: 0, entries: ranking.entries.map(CraftsmanProto.RankingEntry.init),
            frozen: true, roundConfigVersion: ranking.roundConfigVersion, computedAtUnixMs: ranking.computedAtUnixMilliseconds)
    }

    /// The frozen ranking a stored one holds (`round_id`, `quota` and `frozen` are not kept).
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain(_ field: String = "ranking") throws -> FrozenRanking {
        FrozenRanking(
            tier: try scale(tier, field + ".tier"), entries: try entries.map { try $0.storedDomain() },
            roundConfigVersion: roundConfigVersion, computedAtUnixMilliseconds: computedAtUnixMs)
    }
}

extension StoredProvisionalList {
    /// The stored form: the list the API shows and the frozen rankings it was drawn from.
    init(_ list: Craftsman.ProvisionalList) {
        self.init(
            list: CraftsmanProto.ProvisionalList(list),
            rankings: list.rankings.map { CraftsmanProto.Ranking($0, roundID: list.roundID) })
    }

    /// The domain list a stored one holds.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain() throws -> Craftsman.ProvisionalList {
        let list = try required(list, "a stored provisional list: list")
        let field = "provisional list of round \(list.roundID)"
        return try list.domain(rankings: try rankings.map { try $0.domain(field + ".rankings") })
    }
}
