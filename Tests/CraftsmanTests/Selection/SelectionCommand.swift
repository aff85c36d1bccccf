import Craftsman
import Testing

/// A caller of the matrix tests, relative to the command's subject, a nomination of school A.
enum Caller: String, CaseIterable, Sendable {
    case bureau, subjectSchoolOperator, otherSchoolOperator, expert, integrationSystem, auditor

    /// How a refusal names the caller's role.
    var named: String {
        switch self {
        case .bureau: "the bureau administrator"
        case .subjectSchoolOperator: "a school operator of S00000001"
        case .otherSchoolOperator: "a school operator of S00000002"
        case .expert: "an expert"
        case .integrationSystem: "an integration system"
        case .auditor: "an auditor"
        }
    }

    func actor(in world: SelectionWorld) -> Actor {
        switch self {
        case .bureau: world.bureau
        case .subjectSchoolOperator: world.operatorA
        case .otherSchoolOperator: world.operatorB
        case .expert: world.experts[0]
        case .integrationSystem: world.integration
        case .auditor: world.auditor
        }
    }
}

/// Every command of the selection workflow, with the round state it belongs to, who may call
/// it, and what it needs to succeed there: the table behind the matrix tests.
enum SelectionCommand: String, CaseIterable, Sendable {
    case updateProgramConfig, createAccount, createRound, updateRoundConfig, openRound, closeNominations, cancelRound
    case createNomination, updateNomination, recheckEligibility, recheckEligibilityAsBureau, withdrawNomination
    case recordSchoolPublicity, submitNomination, requestWaiver, withdrawWaiver
    case recordSchoolObjection, resolveSchoolObjection
    case decideWaiver, reviewQualification, startEvaluation
    case assignExpert, revokeAssignment, submitScore, draftProvisionalList
    case publishPublicNotice, recordNoticeObjection, resolveNoticeObjection, promoteNext, confirmSelection

    /// The round states that accept the command, earliest first; nil when it does not act on a round.
    var roundStates: [RoundState]? {
        switch self {
        case .updateProgramConfig, .createAccount, .createRound: nil
        case .updateRoundConfig, .cancelRound:
            [.draft, .nomination, .qualificationReview, .evaluation, .provisionalList, .publicNotice]
        case .openRound: [.draft]
        case .closeNominations, .createNomination, .updateNomination, .recheckEligibility, .withdrawNomination,
            .recordSchoolPublicity, .submitNomination, .requestWaiver, .recordSchoolObjection, .resolveSchoolObjection:
            [.nomination]
        case .withdrawWaiver: [.nomination, .qualificationReview]
        case .recheckEligibilityAsBureau, .decideWaiver, .reviewQualification, .startEvaluation: [.qualificationReview]
        case .assignExpert, .revokeAssignment: [.qualificationReview, .evaluation]
        case .submitScore, .draftProvisionalList: [.evaluation]
        case .publishPublicNotice: [.provisionalList, .publicNotice]
        case .recordNoticeObjection, .resolveNoticeObjection, .promoteNext, .confirmSelection: [.publicNotice]
        }
    }

    /// The state the matrix runs the command in.
    var stage: RoundState {
        switch self {
        case .assignExpert, .revokeAssignment: .evaluation
        default: roundStates?.first ?? .draft
        }
    }

    /// Who may call it.
    var permitted: Caller {
        switch self {
        case .createNomination, .updateNomination, .recheckEligibility, .withdrawNomination, .recordSchoolPublicity,
            .submitNomination, .requestWaiver, .withdrawWaiver, .recordSchoolObjection, .resolveSchoolObjection:
            .subjectSchoolOperator
        case .submitScore: .expert
        default: .bureau
        }
    }

    /// How `caller` is refused: `permissionDenied` for every caller but the permitted one,
    /// except where eligibility is re-checked by the school before submission and by the bureau
    /// after it, so the other of the two is refused for the round's state.
    func refusal(of caller: Caller) -> DomainError.Code? {
        switch (self, caller) {
        case (_, permitted): nil
        case (.recheckEligibility, .bureau), (.recheckEligibilityAsBureau, .subjectSchoolOperator): .failedPrecondition
        default: .permissionDenied
        }
    }

    /// Brings a world staged at `stage` to where the command succeeds for the permitted caller;
    /// returns the id the command acts on.
    func prepare(_ world: inout SelectionWorld, _ cast: Cast) throws -> String {
        switch self {
        case .closeNominations:
            world.now = SelectionWorld.nine(2026, 4, 1)
        case .createNomination:
            return try world.teacher("新人")
        case .submitNomination, .recordSchoolObjection:
            try world.publicise(cast.first)
            world.now = SelectionWorld.nine(2026, 3, 9)
        case .resolveSchoolObjection:
            try world.publicise(cast.first)
            return try world.object(to: cast.first)
        case .withdrawWaiver, .decideWaiver:
            return cast.waiver
        case .reviewQualification:
            return cast.third
        case .startEvaluation:
            try world.apply(
                world.model.planDecideWaiver(
                    id: cast.first, waiverID: cast.waiver, approve: true, reason: "同意", actor: world.bureau, now: world.now))
            for id in cast.submitted { try world.pass(id) }
        case .revokeAssignment:
            return try world.assign(world.experts[0], [cast.first])
        case .submitScore:
            try world.assign(world.experts[0], [cast.first])
        case .draftProvisionalList:
            try world.scoreAll(cast)
        case .resolveNoticeObjection:
            return try world.object(to: cast.first)
        case .promoteNext:
            _ = try world.resolve(world.object(to: cast.first), uphold: true)
        case .confirmSelection:
            world.now = SelectionWorld.nine(2026, 4, 9)
        default:
            break
        }
        return cast.first
    }

    /// The commands that take the revision (or version) the caller last read.
    static let revised: [SelectionCommand] = [
        .updateProgramConfig, .updateRoundConfig, .openRound, .closeNominations, .cancelRound, .updateNomination,
        .withdrawNomination, .submitNomination, .startEvaluation, .submitScore, .draftProvisionalList, .confirmSelection,
    ]

    /// Runs the command as `actor` on `target`, answering with the changes it plans;
    /// `revision` is the expected revision of commands that take one (0 skips the check).
    func run(_ world: SelectionWorld, _ cast: Cast, target: String, as actor: Actor, revision: Int64 = 0) throws(DomainError)
        -> [Change]
    {
        let (model, now, roundID) = (world.model, world.now, cast.round.id)
        let today = CivilDate(unixMilliseconds: now)
        switch self {
        case .updateProgramConfig:
            return try model.planUpdateProgramConfig(.defaults, expectedVersion: revision, reason: "更新", actor: actor, now: now)
                .changes
        case .createAccount:
            return try model.planCreateAccount(
                AccountDraft(loginName: "new-one", displayName: "新账号", role: 5, scopeSchoolID: "", affiliatedSchoolID: ""),
                actor: actor, now: now
            ).changes
        case .createRound:
            var config = cast.round.config
            config.nominationOpensAtUnixMilliseconds = CivilDate(year: 2028, month: 3, day: 1)!.startUnixMilliseconds
            config.nominationClosesAtUnixMilliseconds = CivilDate(year: 2028, month: 4, day: 1)!.startUnixMilliseconds
            return try model.planCreateRound(year: 2028, config: config, reason: "2028年选拔", actor: actor, now: now).changes
        case .updateRoundConfig:
            var config = cast.round.config
            config.publicNoticeWorkingDays = 7
            return try model.planUpdateRoundConfig(
                roundID: roundID, expectedConfigVersion: revision, config: config, reason: "延长公示", actor: actor, now: now
            ).changes
        case .openRound:
            return try model.planOpenRound(roundID: roundID, expectedRevision: revision, reason: "", actor: actor, now: now)
                .changes
        case .closeNominations:
            return try model.planCloseNominations(
                roundID: roundID, expectedRevision: revision, reason: "", actor: actor, now: now
            )
            .changes
        case .cancelRound:
            return try model.planCancelRound(roundID: roundID, expectedRevision: revision, reason: "停办", actor: actor, now: now)
                .changes
        case .createNomination:
            return try model.planCreateNomination(
                roundID: roundID, tier: .masterTeacher, subject: .teacher(id: target), materials: [], schoolRecommendation: "",
                waivers: [], actor: actor, now: now
            ).changes
        case .updateNomination:
            return try model.planUpdateNomination(
                id: target, expectedRevision: revision, materials: [], schoolRecommendation: "补充", actor: actor, now: now
            ).changes
        case .recheckEligibility, .recheckEligibilityAsBureau:
            return try model.planRecheckEligibility(id: target, actor: actor, now: now).changes
        case .withdrawNomination:
            return try model.planWithdrawNomination(id: target, expectedRevision: revision, reason: "改报", actor: actor, now: now)
                .changes
        case .recordSchoolPublicity:
            return try model.planRecordSchoolPublicity(
                id: target, startsOn: today, wherePublished: "校园网", actor: actor, now: now
            ).changes
        case .submitNomination:
            return try model.planSubmitNomination(id: target, expectedRevision: revision, actor: actor, now: now).changes
        case .requestWaiver:
            return try model.planRequestWaiver(id: target, SelectionWorld.waiver(.education), actor: actor, now: now).changes
        case .withdrawWaiver:
            return try model.planWithdrawWaiver(id: cast.first, waiverID: target, actor: actor, now: now).changes
        case .recordSchoolObjection, .recordNoticeObjection:
            return try model.planRecordObjection(
                nominationID: target, receivedOn: world.publicityStart(of: target) ?? today, objector: "", grounds: "材料不实",
                evidence: [], actor: actor, now: now
            ).changes
        case .resolveSchoolObjection, .resolveNoticeObjection:
            return try model.planResolveObjection(id: target, uphold: false, reason: "不成立", actor: actor, now: now).changes
        case .decideWaiver:
            return try model.planDecideWaiver(
                id: cast.first, waiverID: target, approve: true, reason: "同意", actor: actor, now: now
            ).changes
        case .reviewQualification:
            return try model.planReviewQualification(
                id: target, passed: true, failureReasons: [], comment: "", actor: actor, now: now
            ).changes
        case .startEvaluation:
            return try model.planStartEvaluation(roundID: roundID, expectedRevision: revision, actor: actor, now: now).changes
        case .assignExpert:
            return try model.planAssignExpert(
                expertAccountID: world.experts[0].accountID, kind: .nomineeScoring, roundID: roundID, tier: .masterTeacher,
                nominationIDs: [target], actor: actor, now: now
            ).changes
        case .revokeAssignment:
            return try model.planRevokeExpertAssignment(id: target, reason: "回避", actor: actor, now: now).changes
        case .submitScore:
            return try model.planSubmitScore(
                nominationID: target, itemScores: [ItemScore(itemCode: "overall", score: 88)], comment: "",
                expectedRevision: revision,
                actor: actor, now: now
            ).changes
        case .draftProvisionalList:
            return try model.planDraftProvisionalList(roundID: roundID, expectedRevision: revision, actor: actor, now: now)
                .changes
        case .publishPublicNotice:
            return try model.planPublishPublicNotice(
                roundID: roundID, title: "公示", startsOn: today, wherePublished: "市人社局网站", actor: actor, now: now
            ).changes
        case .promoteNext:
            return try model.planPromoteNext(
                roundID: roundID, removedNominationID: target, reason: "递补", actor: actor, now: now
            ).changes
        case .confirmSelection:
            return try model.planConfirmSelection(roundID: roundID, expectedRevision: revision, actor: actor, now: now).changes
        }
    }

    /// A world staged and prepared for the command: the world, its cast and the command's target.
    func staged() throws -> (world: SelectionWorld, cast: Cast, target: String) {
        var world = try SelectionWorld()
        let cast = try world.roundIn(stage)
        let target = try prepare(&world, cast)
        return (world, cast, target)
    }
}
