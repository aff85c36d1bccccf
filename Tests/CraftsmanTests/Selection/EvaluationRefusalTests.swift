import Craftsman
import Testing

/// Comprehensive evaluation (domain.md §4 step 5): starting it, assignments with the
/// conflict-of-interest rule, scores over the rubric, rescoring, trimming and ties.
@Suite struct EvaluationRefusalTests {
    @Test func evaluationStartsOnceEverySubmittedNominationIsReviewed() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.qualificationReview)
        try world.pass(cast.third)
        world.expectRefused(
            .failedPrecondition, "2 submitted nominations are not reviewed yet, first \(cast.first)", "ReviewQualification"
        ) {
            () throws(DomainError) in try SelectionCommand.startEvaluation.run(world, cast, target: "", as: world.bureau)
        }
    }

    /// Assignments refused for their input: the nomination ids and the expert account.
    @Test(arguments: [
        ("A00000004", [String](), DomainError.Code.invalidArgument, "nomination_ids: (empty) needs at least one nomination"),
        ("A00000004", ["N00000001", "N00000001"], .invalidArgument, "nomination_ids: 2 ids must not repeat an id"),
        ("A00000004", ["N00000099"], .notFound, "nomination_ids[0]: no nomination N00000099"),
        ("A00000004", ["N00000004"], .failedPrecondition, "nomination N00000004 for scoring: it is in state LAPSED"),
        ("A00000099", ["N00000001"], .notFound, "expert_account_id: no account A00000099"),
        ("A00000001", ["N00000001"], .invalidArgument, "expert_account_id: A00000001 must be an active expert account"),
        (
            "A00000003", ["N00000002", "N00000001"], .failedPrecondition,
            "conflict of interest (回避): expert A00000003 works at school S00000001, which nominated N00000001"
        ),
    ])
    func anAssignmentNamesWhatIsWrong(expert: String, ids: [String], code: DomainError.Code, message: String) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.evaluation)
        #expect(world.experts[0].accountID == "A00000004" && world.expertA.accountID == "A00000003")
        world.expectRefused(code, message) { () throws(DomainError) in
            try world.model.planAssignExpert(
                expertAccountID: expert, kind: .nomineeScoring, roundID: cast.round.id, tier: .masterTeacher, nominationIDs: ids,
                actor: world.bureau, now: world.now)
        }
    }

    @Test func anAssignmentIsOfTheRightTierKindAndNotRepeated() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.evaluation)
        let expert = world.experts[0].accountID
        world.expectRefused(.invalidArgument, "nomination_ids[0]: \(cast.first) must be a LEAD_TEACHER nomination of round") {
            () throws(DomainError) in
            try world.model.planAssignExpert(
                expertAccountID: expert, kind: .nomineeScoring, roundID: cast.round.id, tier: .leadTeacher,
                nominationIDs: [cast.first], actor: world.bureau, now: world.now)
        }
        world.expectRefused(.failedPrecondition, "plan review and assessment assignments come with cultivation") {
            () throws(DomainError) in
            try world.model.planAssignExpert(
                expertAccountID: expert, kind: .planReview, roundID: cast.round.id, tier: .masterTeacher,
                nominationIDs: [cast.first], actor: world.bureau, now: world.now)
        }
        try world.assign(world.experts[0], [cast.first])
        world.expectRefused(.alreadyExists, "nomination_ids[1]: expert \(expert) is already assigned \(cast.first)") {
            () throws(DomainError) in
            try world.model.planAssignExpert(
                expertAccountID: expert, kind: .nomineeScoring, roundID: cast.round.id, tier: .masterTeacher,
                nominationIDs: [cast.second, cast.first], actor: world.bureau, now: world.now)
        }
    }

    /// Item scores refused by field: out of range, too precise, unknown or repeated codes, an item left out.
    @Test(arguments: [
        ([ItemScore(itemCode: "overall", score: 100.01)], "item_scores[0].score", "must be from 0 to 100"),
        ([ItemScore(itemCode: "overall", score: -1)], "item_scores[0].score", "must be from 0 to 100"),
        ([ItemScore(itemCode: "overall", score: 80.125)], "item_scores[0].score", "at most two decimal places"),
        ([ItemScore(itemCode: "teaching", score: 80)], "item_scores[0].item_code", "is not an item of the rubric (overall)"),
        (
            [ItemScore(itemCode: "overall", score: 80), ItemScore(itemCode: "overall", score: 81)], "item_scores[1].item_code",
            "repeats item_scores[0]"
        ),
        ([ItemScore](), "item_scores", "has no score for this rubric item"),
    ])
    func aScoreFollowsTheRubric(_ items: [ItemScore], field: String, rule: String) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.evaluation)
        try world.assign(world.experts[0], [cast.first])
        let error = world.expectRefused(.invalidArgument, field, rule) { () throws(DomainError) in
            try world.model.planSubmitScore(
                nominationID: cast.first, itemScores: items, comment: "", expectedRevision: 0, actor: world.experts[0],
                now: world.now)
        }
        #expect(error?.violations.first?.field == field)
    }

    @Test func anExpertScoresOnlyAssignedNomineesOfOtherSchools() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.evaluation)
        let score = { (world: SelectionWorld, expert: Actor) throws(DomainError) in
            try world.model.planSubmitScore(
                nominationID: cast.first, itemScores: [ItemScore(itemCode: "overall", score: 80)], comment: "",
                expectedRevision: 0, actor: expert, now: world.now)
        }
        world.expectRefused(
            .permissionDenied, "expert \(world.experts[1].accountID) is not assigned to score nomination \(cast.first)"
        ) {
            () throws(DomainError) in try score(world, world.experts[1])
        }
        // An assignment that slipped past the rule (say, one read from an older journal) still
        // does not let an expert of the nominee's school score.
        try world.model.apply(
            .selection(
                .assignmentPut(
                    ExpertAssignment(
                        id: "EA00000001", expertAccountID: world.expertA.accountID, kind: .nomineeScoring, roundID: cast.round.id,
                        tier: .masterTeacher, nominationIDs: [cast.first], projectIDs: [], assignedByAccountID: "bootstrap",
                        createdAtUnixMilliseconds: world.now, updatedAtUnixMilliseconds: world.now, revision: 1))))
        world.expectRefused(.permissionDenied, "conflict of interest (回避): expert \(world.expertA.accountID) works at S00000001")
        {
            () throws(DomainError) in try score(world, world.expertA)
        }
        // Revoking an assignment keeps the scores given and stops new ones.
        let assignment = try world.assign(world.experts[0], [cast.first])
        try world.apply(score(world, world.experts[0]))
        world.expectRefused(.invalidArgument, "reason") { () throws(DomainError) in
            try world.model.planRevokeExpertAssignment(id: assignment, reason: "", actor: world.bureau, now: world.now)
        }
        world.expectRefused(.notFound, "assignment_id: no assignment EA00000099") { () throws(DomainError) in
            try world.model.planRevokeExpertAssignment(id: "EA00000099", reason: "回避", actor: world.bureau, now: world.now)
        }
        try world.apply(world.model.planRevokeExpertAssignment(id: assignment, reason: "回避", actor: world.bureau, now: world.now))
        #expect(world.model.selection.scores(ofNomination: cast.first).count == 1)
        world.expectRefused(.permissionDenied, "is not assigned") { () throws(DomainError) in try score(world, world.experts[0]) }
    }

    @Test func aRescoreNeedsTheRevisionItReplaces() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.evaluation)
        try world.assign(world.experts[0], [cast.first])
        let rescore = { (world: SelectionWorld, total: Double, revision: Int64) throws(DomainError) in
            try world.model.planSubmitScore(
                nominationID: cast.first, itemScores: [ItemScore(itemCode: "overall", score: total)], comment: "复评",
                expectedRevision: revision, actor: world.experts[0], now: world.now)
        }
        let first = try world.apply(rescore(world, 80, 0))
        #expect(first.revision == 1 && first.total == 80)
        let second = try world.apply(rescore(world, 85, 1))
        #expect(second.id == first.id && second.revision == 2 && second.total == 85)
        world.expectRefused(.aborted, "the score of \(cast.first) by \(world.experts[0].accountID) is at revision 2, not 1") {
            () throws(DomainError) in try rescore(world, 90, 1)
        }
        #expect(world.model.selection.scores(ofNomination: cast.first).map(\.total) == [85])
    }

    /// Four totals are averaged as they are; five lose the highest and the lowest.
    @Test(arguments: [([60.0, 70, 80, 100], false, 77.5), ([50.0, 60, 70, 80, 100], true, 70)])
    func scoresAreTrimmedFromFive(_ totals: [Double], trimmed: Bool, final: Double) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.evaluation)
        for expert in world.experts { try world.assign(expert, [cast.first]) }
        try world.score(cast.first, totals)
        let entry = try world.model.ranking(roundID: cast.round.id, tier: .masterTeacher, now: world.now).entries.first {
            $0.nominationID == cast.first
        }
        #expect(entry?.score.scoreCount == totals.count && entry?.score.trimmed == trimmed && entry?.score.finalScore == final)
    }

    /// Two nominees tie on every score across the quota of 1; the earlier submission wins the place.
    @Test func aTieAtTheQuotaIsBrokenByTheDocumentedRule() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        for id in [cast.second, cast.first] { try world.publicise(id) }
        world.now = SelectionWorld.nine(2026, 3, 9)
        try world.submit(cast.second)
        world.now += 1
        try world.submit(cast.first)
        world.now = SelectionWorld.nine(2026, 4, 1)
        try world.apply(
            world.model.planCloseNominations(
                roundID: cast.round.id, expectedRevision: 0, reason: "", actor: world.bureau, now: world.now))
        try world.apply(
            world.model.planDecideWaiver(
                id: cast.first, waiverID: cast.waiver, approve: true, reason: "同意", actor: world.bureau, now: world.now))
        for id in [cast.first, cast.second] { try world.pass(id) }
        try world.apply(
            world.model.planStartEvaluation(roundID: cast.round.id, expectedRevision: 0, actor: world.bureau, now: world.now))
        for expert in world.experts { try world.assign(expert, [cast.first, cast.second]) }
        world.expectRefused(.failedPrecondition, "2 nominees have no score yet, first \(cast.first)") { () throws(DomainError) in
            try SelectionCommand.draftProvisionalList.run(world, cast, target: "", as: world.bureau)
        }
        for id in [cast.first, cast.second] { try world.score(id, [70, 80, 80, 80, 90]) }
        let drafted = try world.apply(
            world.model.planDraftProvisionalList(roundID: cast.round.id, expectedRevision: 0, actor: world.bureau, now: world.now)
        )
        let ranking = try #require(drafted.list.rankings.first { $0.tier == .masterTeacher })
        #expect(ranking.entries.map(\.nominationID) == [cast.second, cast.first])
        #expect(ranking.entries.map(\.withinQuota) == [true, false] && ranking.entries[1].tieBrokenBy == .submittedAt)
        #expect(
            world.nomination(cast.second).state == .provisionallySelected && world.nomination(cast.first).state == .notSelected)
    }
}
