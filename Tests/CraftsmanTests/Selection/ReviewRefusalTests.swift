import Craftsman
import Testing

/// Qualification review, waiver decisions and objections at both stages (domain.md §4 steps 3,
/// 4 and 7).
@Suite struct ReviewRefusalTests {
    /// A round in QUALIFICATION_REVIEW whose only submitted nomination is of a teacher aged 52
    /// with an AGE waiver requested; the shared cast has lapsed.
    static func overAgeInReview() throws -> (world: SelectionWorld, id: String) {
        var world = try SelectionWorld()
        _ = try world.roundIn(.nomination)
        let older = try world.teacher("赵刚") { $0.birthDate = .init(year: 1974, month: 1, day: 10) }
        let id = try world.nominate(older, waivers: [SelectionWorld.waiver(.age)])
        try world.publiciseAndSubmit([id])
        world.now = SelectionWorld.nine(2026, 4, 1)
        try world.apply(
            world.model.planCloseNominations(
                roundID: "R00000001", expectedRevision: 0, reason: "", actor: world.bureau, now: world.now))
        return (world, id)
    }

    /// Review input and the field each bad one is refused for.
    @Test(arguments: [
        (false, [String](), "", "failure_reasons", "needs at least one reason"),
        (true, ["材料不全"], "", "failure_reasons", "must be empty when the review passes"),
        (false, [" 材料不全"], "", "failure_reasons[0]", "white space"),
        (false, ["材料不全"], "备注\u{7}", "comment", "control characters"),
    ])
    func aReviewNeedsReasonsExactlyWhenItFails(passed: Bool, reasons: [String], comment: String, field: String, rule: String)
        throws
    {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.qualificationReview)
        let error = world.expectRefused(.invalidArgument, field, rule) { () throws(DomainError) in
            try world.model.planReviewQualification(
                id: cast.third, passed: passed, failureReasons: reasons, comment: comment, actor: world.bureau, now: world.now)
        }
        #expect(error?.violations.first?.field == field)
    }

    @Test(arguments: [true, false])
    func aSubmittedNominationIsReviewedOnce(_ passed: Bool) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.qualificationReview)
        let reviewed = try world.apply(
            world.model.planReviewQualification(
                id: cast.third, passed: passed, failureReasons: passed ? [] : ["业绩材料不全"], comment: "", actor: world.bureau,
                now: world.now))
        #expect(reviewed.state == (passed ? .passedReview : .failedReview))
        #expect(reviewed.qualificationReview?.outcome == (passed ? .passed : .failed))
        world.expectRefused(.failedPrecondition, "nomination \(cast.third) is in state \(reviewed.state), not SUBMITTED") {
            () throws(DomainError) in
            try SelectionCommand.reviewQualification.run(world, cast, target: cast.third, as: world.bureau)
        }
    }

    @Test func anUnmetCriterionPassesOnlyWithAnApprovedWaiver() throws {
        var (world, id) = try Self.overAgeInReview()
        let waiver = world.nomination(id).waivers[0].id
        world.expectRefused(.failedPrecondition, "waiver \(waiver) for age is undecided", "DecideWaiver") {
            () throws(DomainError) in
            try world.model.planReviewQualification(
                id: id, passed: true, failureReasons: [], comment: "", actor: world.bureau, now: world.now)
        }
        world.expectRefused(.invalidArgument, "reason") { () throws(DomainError) in
            try world.model.planDecideWaiver(
                id: id, waiverID: waiver, approve: true, reason: "", actor: world.bureau, now: world.now)
        }
        world.expectRefused(.notFound, "waiver_id: nomination \(id) has no waiver W00000099") { () throws(DomainError) in
            try world.model.planDecideWaiver(
                id: id, waiverID: "W00000099", approve: true, reason: "同意", actor: world.bureau, now: world.now)
        }
        var approved = world
        let yes = try approved.apply(
            approved.model.planDecideWaiver(
                id: id, waiverID: waiver, approve: true, reason: "同意", actor: world.bureau, now: world.now))
        #expect(yes.waivers[0].state == .approved && yes.eligibility.lines.first { $0.criterion == .age }?.status == .waived)
        try approved.pass(id)
        #expect(approved.nomination(id).state == .passedReview)

        let no = try world.apply(
            world.model.planDecideWaiver(
                id: id, waiverID: waiver, approve: false, reason: "不予放宽", actor: world.bureau, now: world.now))
        #expect(no.waivers[0].state == .refused && no.eligibility.lines.first { $0.criterion == .age }?.status == .notMet)
        world.expectRefused(.failedPrecondition, "cannot decide waiver \(waiver): it is already") { () throws(DomainError) in
            try world.model.planDecideWaiver(
                id: id, waiverID: waiver, approve: true, reason: "改为同意", actor: world.bureau, now: world.now)
        }
        world.expectRefused(.failedPrecondition, "1 hard criteria are not met and not waived, first age") {
            () throws(DomainError) in
            try world.model.planReviewQualification(
                id: id, passed: true, failureReasons: [], comment: "", actor: world.bureau, now: world.now)
        }
        let failed = try world.apply(
            world.model.planReviewQualification(
                id: id, passed: false, failureReasons: ["年龄超过50岁"], comment: "", actor: world.bureau, now: world.now))
        #expect(failed.state == .failedReview)
    }

    /// Objection input and the field each bad one is refused for.
    @Test(arguments: [
        (CivilDate(year: 2026, month: 3, day: 3)!, "", "材料不实", "received_on", "must not be in the future (today is 2026-03-02"),
        (CivilDate(year: 2026, month: 3, day: 2)!, " 某教师", "材料不实", "objector", "white space"),
        (CivilDate(year: 2026, month: 3, day: 2)!, "", "", "grounds", "is required"),
    ])
    func anObjectionIsReceivedByTodayWithGrounds(
        _ receivedOn: CivilDate, objector: String, grounds: String, field: String, rule: String
    )
        throws
    {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        let error = world.expectRefused(.invalidArgument, field, rule) { () throws(DomainError) in
            try world.model.planRecordObjection(
                nominationID: cast.lapsed, receivedOn: receivedOn, objector: objector, grounds: grounds, evidence: [],
                actor: world.operatorA, now: world.now)
        }
        #expect(error?.violations.first?.field == field)
    }

    /// A nomination outside both publicity stages takes no objection, naming its state; one on
    /// the list before the notice is published names the round's state.
    @Test(arguments: [RoundState.nomination, .qualificationReview, .provisionalList, .publicNotice, .confirmed])
    func objectionsAreTakenOnlyDuringPublicity(_ state: RoundState) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(state)
        let target = state == .publicNotice ? cast.second : cast.first
        let nomination = world.nomination(target)
        let phrases =
            state == .provisionalList
            ? ["is in state PROVISIONAL_LIST, not PUBLIC_NOTICE", "PublishPublicNotice"]
            : ["objection to nomination \(target) in state \(nomination.state)"]
        let error = world.expectRefused(.failedPrecondition) { () throws(DomainError) in
            try SelectionCommand.recordNoticeObjection.run(world, cast, target: target, as: world.bureau)
        }
        for phrase in phrases { #expect(error?.message.contains(phrase) == true, "\(error?.message ?? "")") }
    }

    @Test(arguments: [true, false])
    func aSchoolPublicityObjectionIsResolvedOnce(_ uphold: Bool) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        world.expectRefused(.invalidArgument, "reason") { () throws(DomainError) in
            try world.model.planResolveObjection(
                id: cast.schoolObjection, uphold: uphold, reason: "", actor: world.operatorA, now: world.now)
        }
        world.expectRefused(.notFound, "objection_id: no objection OB00000099") { () throws(DomainError) in
            try world.model.planResolveObjection(
                id: "OB00000099", uphold: uphold, reason: "x", actor: world.operatorA, now: world.now)
        }
        let after = try world.resolve(cast.schoolObjection, uphold: uphold)
        #expect(after.state == (uphold ? .withdrawn : .inSchoolPublicity))
        #expect(world.model.selection.objection(id: cast.schoolObjection)?.state == (uphold ? .upheld : .dismissed))
        if uphold { #expect(after.endReason == "objection \(cast.schoolObjection) upheld: 经核实") }
        world.expectRefused(
            .failedPrecondition, "objection \(cast.schoolObjection) is already \(uphold ? "upheld" : "dismissed")"
        ) {
            () throws(DomainError) in
            try world.model.planResolveObjection(
                id: cast.schoolObjection, uphold: true, reason: "再议", actor: world.operatorA, now: world.now)
        }
        if !uphold {
            world.now = SelectionWorld.nine(2026, 3, 9)
            try world.submit(cast.lapsed)
        }
    }

    @Test(arguments: [true, false])
    func aPublicNoticeObjectionRemovesTheNomineeWhenUpheld(_ uphold: Bool) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.publicNotice)
        let objection = try world.object(to: cast.first)
        #expect(world.model.selection.objection(id: objection)?.stage == .publicNotice)
        let after = try world.resolve(objection, uphold: uphold)
        #expect(after.state == (uphold ? .removed : .provisionallySelected))
        let entry = world.model.selection.provisionalList(roundID: cast.round.id)?.entries.first
        #expect(entry?.state == (uphold ? .removed : .listed))
    }

    /// Upholding a second objection against a nomination already withdrawn or removed records
    /// the decision and leaves the nomination (and the list) as they are.
    @Test(arguments: [RoundState.nomination, .publicNotice])
    func aSecondUpheldObjectionLeavesAnEndedNominationAlone(_ state: RoundState) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(state)
        let target = state == .nomination ? cast.lapsed : cast.first
        let second = try world.object(to: target, grounds: "另有举报")
        let ended = try world.resolve(state == .nomination ? cast.schoolObjection : world.object(to: target), uphold: true)
        let list = world.model.selection.provisionalList(roundID: cast.round.id)
        let after = try world.resolve(second, uphold: true)
        #expect(after.revision == ended.revision && after.endReason == ended.endReason)
        #expect(world.nomination(target).revision == ended.revision)
        #expect(world.model.selection.provisionalList(roundID: cast.round.id)?.revision == list?.revision)
        #expect(world.model.selection.objection(id: second)?.state == .upheld)
    }
}
