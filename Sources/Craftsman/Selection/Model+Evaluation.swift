// Comprehensive evaluation by experts (domain.md §4 step 5): assignments with the
// conflict-of-interest rule (回避), scores over the tier's rubric, and the live ranking.

extension Model {
    /// Plans the start of evaluation: QUALIFICATION_REVIEW → EVALUATION (bureau), once every
    /// submitted nomination is reviewed.
    public func planStartEvaluation(roundID: String, expectedRevision: Int64, actor: Actor, now: Int64) throws(DomainError)
        -> Planned<Round>
    {
        try requireBureau(actor, to: "start evaluation")
        let round = try existingRound(roundID)
        try requireRound(round, in: [.qualificationReview], to: "start evaluation")
        try requireRevision(expectedRevision, of: "round \(roundID)", current: round.revision)
        let unreviewed = selection.nominations(inRound: roundID).filter { $0.state == .submitted }
        if let first = unreviewed.first {
            throw DomainError(
                .failedPrecondition,
                "cannot start evaluation of round \(roundID): \(unreviewed.count) submitted nominations are not reviewed yet, first \(first.id); review them first (ReviewQualification)"
            )
        }
        let started = round.moved(to: .evaluation, at: now)
        return Planned([.roundPut(started)], started)
    }

    /// The expert account `id`, or an error naming why it cannot be used.
    func expert(_ id: String, field: String) throws(DomainError) -> (account: Account, affiliatedSchoolID: String?) {
        guard let account = selection.account(id: id) else { throw DomainError(.notFound, "\(field): no account \(id)") }
        guard case .expert(let school) = account.role, account.state == .active else {
            throw DomainError.invalid([.init(field: field, value: id, rule: "must be an active expert account")])
        }
        return (account, school)
    }

    /// Plans assigning an expert to score nominees of one tier (bureau; round in
    /// QUALIFICATION_REVIEW or EVALUATION). Every nominee must have passed review in this
    /// round and tier; a nominee of the expert's own school is refused, naming the school (回避).
    public func planAssignExpert(
        expertAccountID: String, kind: ExpertAssignmentKind, roundID: String, tier: Tier, nominationIDs: [String], actor: Actor,
        now: Int64
    ) throws(DomainError) -> Planned<ExpertAssignment> {
        try requireBureau(actor, to: "assign experts")
        let (_, affiliation) = try expert(expertAccountID, field: "expert_account_id")
        let round = try existingRound(roundID)
        guard kind == .nomineeScoring else {
            throw DomainError(
                .failedPrecondition,
                "cannot assign \(kind) work in round \(roundID): plan review and assessment assignments come with cultivation")
        }
        try requireRound(round, in: [.qualificationReview, .evaluation], to: "assign experts to score nominees")
        var violations = Violations()
        if nominationIDs.isEmpty { violations.add("nomination_ids", "", "needs at least one nomination") }
        if Set(nominationIDs).count != nominationIDs.count {
            violations.add("nomination_ids", "\(nominationIDs.count) ids", "must not repeat an id")
        }
        try violations.check()
        for (index, id) in nominationIDs.enumerated() {
            guard let nomination = selection.nomination(id: id) else {
                throw DomainError(.notFound, "nomination_ids[\(index)]: no nomination \(id)")
            }
            guard nomination.roundID == roundID, nomination.tier == tier else {
                throw DomainError.invalid([
                    .init(field: "nomination_ids[\(index)]", value: id, rule: "must be a \(tier) nomination of round \(roundID)")
                ])
            }
            guard nomination.state == .passedReview else {
                throw DomainError(
                    .failedPrecondition,
                    "cannot assign nomination \(id) for scoring: it is in state \(nomination.state), not PASSED_REVIEW")
            }
            if let affiliation, nomination.schoolID == affiliation {
                throw DomainError(
                    .failedPrecondition,
                    "conflict of interest (回避): expert \(expertAccountID) works at school \(affiliation), which nominated \(id); assign another expert"
                )
            }
            if selection.allAssignments.contains(where: {
                $0.expertAccountID == expertAccountID && $0.kind == .nomineeScoring && $0.nominationIDs.contains(id)
            }) {
                throw DomainError(.alreadyExists, "nomination_ids[\(index)]: expert \(expertAccountID) is already assigned \(id)")
            }
        }
        let assignment = ExpertAssignment(
            id: selection.nextAssignmentID, expertAccountID: expertAccountID, kind: kind, roundID: roundID, tier: tier,
            nominationIDs: nominationIDs, projectIDs: [], assignedByAccountID: actor.accountID, createdAtUnixMilliseconds: now,
            updatedAtUnixMilliseconds: now, revision: 1)
        return Planned([.assignmentPut(assignment)], assignment)
    }

    /// Plans revoking an assignment (bureau). Scores already given stay.
    public func planRevokeExpertAssignment(id: String, reason: String, actor: Actor, now: Int64) throws(DomainError) -> Planned<
        String
    > {
        try requireBureau(actor, to: "revoke expert assignments")
        guard let assignment = selection.assignment(id: id) else {
            throw DomainError(.notFound, "assignment_id: no assignment \(id)")
        }
        let round = try existingRound(assignment.roundID)
        try requireRound(round, in: [.qualificationReview, .evaluation], to: "revoke an assignment")
        try requireReason(reason)
        return Planned([.assignmentRevoked(id: id)], id)
    }

    /// Plans an expert's score (or rescore) of an assigned nominee (expert; round in
    /// EVALUATION). Refused for a nominee not assigned to the caller or of the caller's school.
    public func planSubmitScore(
        nominationID: String, itemScores: [ItemScore], comment: String, expectedRevision: Int64, actor: Actor, now: Int64
    ) throws(DomainError) -> Planned<ExpertScore> {
        guard case .expert = actor.role else {
            throw DomainError(.permissionDenied, "only an expert may submit scores; the caller is \(actor.role.summary)")
        }
        let (_, affiliation) = try expert(actor.accountID, field: "caller")
        let nomination = try existingNomination(nominationID)
        let round = try existingRound(nomination.roundID)
        try requireRound(round, in: [.evaluation], to: "submit scores")
        guard
            selection.allAssignments.contains(where: {
                $0.expertAccountID == actor.accountID && $0.kind == .nomineeScoring && $0.nominationIDs.contains(nominationID)
            })
        else {
            throw DomainError(.permissionDenied, "expert \(actor.accountID) is not assigned to score nomination \(nominationID)")
        }
        if let affiliation, affiliation == nomination.schoolID {
            throw DomainError(
                .permissionDenied,
                "conflict of interest (回避): expert \(actor.accountID) works at \(affiliation), which nominated \(nominationID)")
        }
        try requireNomination(nomination, in: [.passedReview], to: "score the nominee")
        guard let rubric = round.config.rubrics[nomination.tier] else {
            throw DomainError(.failedPrecondition, "round \(round.id) has no rubric for \(nomination.tier)")
        }
        let total = try Scoring.total(of: itemScores, rubric: rubric)
        try checkText(comment, field: "comment", maxLength: 5000)
        let previous = selection.score(nominationID: nominationID, expertAccountID: actor.accountID)
        try requireRevision(
            expectedRevision, of: "the score of \(nominationID) by \(actor.accountID)", current: previous?.revision ?? 0)
        let score = ExpertScore(
            id: previous?.id ?? selection.nextScoreID, roundID: round.id, nominationID: nominationID, tier: nomination.tier,
            expertAccountID: actor.accountID, itemScores: itemScores, total: total, comment: comment,
            roundConfigVersion: round.configVersion, submittedAtUnixMilliseconds: now, revision: (previous?.revision ?? 0) + 1)
        return Planned([.scorePut(score)], score)
    }

    /// The ranking of one tier of a round: frozen with the provisional list once drawn up,
    /// live (every nominee that passed review, scored so far) during evaluation.
    public func ranking(roundID: String, tier: Tier, now: Int64) throws(DomainError) -> FrozenRanking {
        let round = try existingRound(roundID)
        if let frozen = selection.provisionalList(roundID: roundID)?.rankings.first(where: { $0.tier == tier }) {
            return frozen
        }
        try requireRound(round, in: [.evaluation], to: "rank nominees")
        return liveRanking(round: round, tier: tier, now: now)
    }

    func liveRanking(round: Round, tier: Tier, now: Int64) -> FrozenRanking {
        let candidates = selection.nominations(inRound: round.id).filter { $0.tier == tier && $0.state == .passedReview }.map {
            nomination in
            RankingCandidate(
                nominationID: nomination.id, schoolID: nomination.schoolID,
                submittedAtUnixMilliseconds: nomination.submittedAtUnixMilliseconds,
                totals: selection.scores(ofNomination: nomination.id).map(\.total))
        }
        let entries = Ranking.rank(
            candidates, rule: round.config.trimming, tieBreakOrder: round.config.tieBreakOrder,
            quota: Int(round.config.quotas[tier] ?? 0))
        return FrozenRanking(
            tier: tier, entries: entries, roundConfigVersion: round.configVersion, computedAtUnixMilliseconds: now)
    }
}
