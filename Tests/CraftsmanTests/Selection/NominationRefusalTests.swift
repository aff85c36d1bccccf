import Craftsman
import Testing

/// Nomination, school publicity, submission and waiver requests (domain.md §4 steps 2–3): the
/// window, the input rules, the nomination states each step needs, and the publicity calendar.
@Suite struct NominationRefusalTests {
    /// Milliseconds relative to the window's opening or closing, and whether a nomination then is taken.
    @Test(arguments: [(false, -1, false), (false, 0, true), (true, -1, true), (true, 0, false)])
    func nominationsAreTakenFromTheFirstToTheLastMillisecondOfTheWindow(closing: Bool, offset: Int64, taken: Bool) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.draft)
        let config = cast.round.config
        world.now = config.nominationOpensAtUnixMilliseconds - 1
        try world.apply(
            world.model.planOpenRound(
                roundID: cast.round.id, expectedRevision: 0, reason: "", actor: world.bureau, now: world.now))
        let teacher = try world.teacher("王磊")
        world.now =
            (closing ? config.nominationClosesAtUnixMilliseconds : config.nominationOpensAtUnixMilliseconds) + offset
        if taken {
            #expect(try world.nominate(teacher) == "N00000001")
        } else {
            world.expectRefused(.failedPrecondition, "nomination window runs from 2026-03-01 to before 2026-04-01") {
                () throws(DomainError) in
                try SelectionCommand.createNomination.run(world, cast, target: teacher, as: world.operatorA)
            }
        }
    }

    @Test func unknownIdsAreNamedByField() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        world.expectRefused(.notFound, "round_id: no round R00000009") { () throws(DomainError) in
            try world.model.planCreateNomination(
                roundID: "R00000009", tier: .masterTeacher, subject: .teacher(id: "T00000001"), materials: [],
                schoolRecommendation: "", waivers: [], actor: world.operatorA, now: world.now)
        }
        world.expectRefused(.notFound, "teacher_id: no teacher T00000099") { () throws(DomainError) in
            try SelectionCommand.createNomination.run(world, cast, target: "T00000099", as: world.operatorA)
        }
        for command in [SelectionCommand.updateNomination, .withdrawNomination, .recordSchoolPublicity, .submitNomination] {
            world.expectRefused(.notFound, "nomination_id: no nomination N00000099") { () throws(DomainError) in
                try command.run(world, cast, target: "N00000099", as: world.operatorA)
            }
        }
        world.expectRefused(.notFound, "waiver_id: nomination \(cast.first) has no waiver W00000099") { () throws(DomainError) in
            try SelectionCommand.withdrawWaiver.run(world, cast, target: "W00000099", as: world.operatorA)
        }
    }

    @Test func aTeacherIsNotNominatedForTheTeamTier() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        let teacher = try world.teacher("王磊")
        world.expectRefused(.invalidArgument, "tier: TEAM must be an individual tier for a teacher") { () throws(DomainError) in
            try world.model.planCreateNomination(
                roundID: cast.round.id, tier: .team, subject: .teacher(id: teacher), materials: [], schoolRecommendation: "",
                waivers: [], actor: world.operatorA, now: world.now)
        }
    }

    @Test(arguments: [" 推荐", "推荐 ", "推荐\u{0}理由", "推荐\u{7F}"])
    func aRecommendationIsCleanText(_ text: String) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        let teacher = try world.teacher("王磊")
        for (command, target) in [(SelectionCommand.createNomination, teacher), (.updateNomination, cast.first)] {
            let error = world.expectRefused(.invalidArgument, "school_recommendation") { () throws(DomainError) in
                command == .createNomination
                    ? try world.model.planCreateNomination(
                        roundID: cast.round.id, tier: .masterTeacher, subject: .teacher(id: target), materials: [],
                        schoolRecommendation: text, waivers: [], actor: world.operatorA, now: world.now
                    ).changes
                    : try world.model.planUpdateNomination(
                        id: target, expectedRevision: 0, materials: [], schoolRecommendation: text, actor: world.operatorA,
                        now: world.now
                    ).changes
            }
            #expect(error?.message.contains("\u{0}") == false)
        }
    }

    @Test func materialsNameTheBadDocument() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        let materials = [
            DocumentRef(title: "申报书", uri: "doc://1", sha256Hex: "", sizeBytes: 1),
            DocumentRef(title: "", uri: "doc://2", sha256Hex: "ABC", sizeBytes: -1),
        ]
        let error = world.expectRefused(.invalidArgument, "materials[1].title") { () throws(DomainError) in
            try world.model.planUpdateNomination(
                id: cast.first, expectedRevision: 0, materials: materials, schoolRecommendation: "", actor: world.operatorA,
                now: world.now)
        }
        #expect(error?.violations.map(\.field) == ["materials[1].title", "materials[1].sha256_hex", "materials[1].size_bytes"])
    }

    /// Waivers sent with a nomination, and the field and rule each bad one is refused for.
    static let badWaivers: [([WaiverDraft], String, String)] = [
        ([SelectionWorld.waiver(.teachingYears)], "waivers[0].criterion", "is not waivable for MASTER_TEACHER"),
        ([WaiverDraft(criterion: 0, justification: "x", schoolAttestation: nil)], "waivers[0].criterion", "must be a waivable"),
        ([SelectionWorld.waiver(.age, justification: "")], "waivers[0].justification", "is required"),
        ([SelectionWorld.waiver(.age, justification: "理由\n")], "waivers[0].justification", "white space"),
        (
            [WaiverDraft(criterion: EligibilityCriterion.age.rawValue, justification: "x", schoolAttestation: nil)],
            "waivers[0].school_attestation.attested", "the school must attest"
        ),
        ([SelectionWorld.waiver(.age), SelectionWorld.waiver(.age)], "waivers[1].criterion", "already has an active waiver"),
    ]

    @Test(arguments: badWaivers)
    func aBadWaiverRequestIsRefusedByField(_ waivers: [WaiverDraft], field: String, rule: String) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        let teacher = try world.teacher("王磊")
        let error = world.expectRefused(.invalidArgument, field, rule) { () throws(DomainError) in
            try world.model.planCreateNomination(
                roundID: cast.round.id, tier: .masterTeacher, subject: .teacher(id: teacher), materials: [],
                schoolRecommendation: "", waivers: waivers, actor: world.operatorA, now: world.now)
        }
        #expect(error?.violations.first?.field == field)
    }

    @Test func aWaiverIsRequestedWithdrawnAndRequestedAgain() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        world.expectRefused(.invalidArgument, "waiver.criterion", "already has an active waiver") { () throws(DomainError) in
            try world.model.planRequestWaiver(id: cast.first, SelectionWorld.waiver(.age), actor: world.operatorA, now: world.now)
        }
        let withdrawn = try world.apply(
            world.model.planWithdrawWaiver(id: cast.first, waiverID: cast.waiver, actor: world.operatorA, now: world.now))
        #expect(withdrawn.waivers.map(\.state) == [.withdrawn] && withdrawn.revision == 2)
        world.expectRefused(.failedPrecondition, "cannot withdraw waiver \(cast.waiver): it is already") {
            () throws(DomainError) in
            try world.model.planWithdrawWaiver(id: cast.first, waiverID: cast.waiver, actor: world.operatorA, now: world.now)
        }
        let again = try world.apply(
            world.model.planRequestWaiver(id: cast.first, SelectionWorld.waiver(.age), actor: world.operatorA, now: world.now))
        #expect(again.waivers.map(\.state) == [.withdrawn, .requested])
        #expect(again.waivers.map(\.id) == [cast.waiver, "W00000002"])
    }

    @Test(arguments: [NominationState.nominated, .inSchoolPublicity, .submitted])
    func theSchoolWithdrawsBeforeReview(_ state: NominationState) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        if state != .nominated { try world.publicise(cast.first) }
        if state == .submitted {
            world.now = SelectionWorld.nine(2026, 3, 9)
            try world.submit(cast.first)
        }
        #expect(world.nomination(cast.first).state == state)
        world.expectRefused(.invalidArgument, "reason") { () throws(DomainError) in
            try world.model.planWithdrawNomination(
                id: cast.first, expectedRevision: 0, reason: "", actor: world.operatorA, now: world.now)
        }
        let withdrawn = try world.apply(
            world.model.planWithdrawNomination(
                id: cast.first, expectedRevision: 0, reason: "本人申请", actor: world.operatorA, now: world.now))
        #expect(withdrawn.state == .withdrawn && withdrawn.endReason == "本人申请")
        for command in [SelectionCommand.withdrawNomination, .updateNomination, .recordSchoolPublicity, .submitNomination] {
            world.expectRefused(.failedPrecondition, "nomination \(cast.first) is in state WITHDRAWN") { () throws(DomainError) in
                try command.run(world, cast, target: cast.first, as: world.operatorA)
            }
        }
    }

    /// Publicity start dates: yesterday, a Saturday, and where it was published left empty.
    @Test(arguments: [
        (CivilDate(year: 2026, month: 3, day: 1)!, "校园网", "starts_on", "must not be in the past (today is 2026-03-02"),
        (CivilDate(year: 2026, month: 3, day: 7)!, "校园网", "starts_on", "must be a working day"),
        (CivilDate(year: 2026, month: 3, day: 3)!, "", "where_published", "is required"),
    ])
    func publicityStartsOnAWorkingDayNotInThePast(_ startsOn: CivilDate, _ place: String, field: String, rule: String) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        let error = world.expectRefused(.invalidArgument, field, rule) { () throws(DomainError) in
            try world.model.planRecordSchoolPublicity(
                id: cast.first, startsOn: startsOn, wherePublished: place, actor: world.operatorA, now: world.now)
        }
        #expect(error?.violations.first?.field == field)
    }

    @Test func publicityIsRecordedOnceAndEndsOnItsLastWorkingDayAfterAHoliday() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        var program = ProgramConfig.defaults
        program.holidays = [CivilDate(year: 2026, month: 3, day: 4)!]
        try world.apply(
            world.model.planUpdateProgramConfig(program, expectedVersion: 0, reason: "节假日", actor: world.bureau, now: world.now))
        try world.publicise(cast.first)
        // Monday 2 March, 5 working days without Wednesday 4 March: ends Monday 9 March.
        #expect(world.nomination(cast.first).schoolPublicity?.endsOn == CivilDate(year: 2026, month: 3, day: 9))
        world.expectRefused(.failedPrecondition, "is in state IN_SCHOOL_PUBLICITY, not NOMINATED") { () throws(DomainError) in
            try SelectionCommand.recordSchoolPublicity.run(world, cast, target: cast.first, as: world.operatorA)
        }
        world.now = CivilDate(year: 2026, month: 3, day: 10)!.startUnixMilliseconds - 1
        world.expectRefused(.failedPrecondition, "school publicity runs until 2026-03-09 inclusive (today is 2026-03-09") {
            () throws(DomainError) in
            try SelectionCommand.submitNomination.run(world, cast, target: cast.first, as: world.operatorA)
        }
        world.now += 1
        try world.submit(cast.first)
        #expect(world.nomination(cast.first).state == .submitted)
    }

    @Test func submissionWaitsForPublicityAndObjectionsAndStopsAtTheDeadline() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        world.expectRefused(
            .failedPrecondition, "is in state NOMINATED", "first record its school publicity (RecordSchoolPublicity)"
        ) {
            () throws(DomainError) in
            try SelectionCommand.submitNomination.run(world, cast, target: cast.first, as: world.operatorA)
        }
        var config = cast.round.config
        config.submissionClosesAtUnixMilliseconds = CivilDate(year: 2026, month: 3, day: 10)!.startUnixMilliseconds
        try world.apply(
            world.model.planUpdateRoundConfig(
                roundID: cast.round.id, expectedConfigVersion: 1, config: config, reason: "报送截止", actor: world.bureau,
                now: world.now))
        for id in [cast.first, cast.second] { try world.publicise(id) }
        let objection = try world.object(to: cast.first)
        world.now = config.submissionClosesAtUnixMilliseconds! - 1
        world.expectRefused(.failedPrecondition, "objection \(objection) is still open", "ResolveObjection") {
            () throws(DomainError) in
            try SelectionCommand.submitNomination.run(world, cast, target: cast.first, as: world.operatorA)
        }
        _ = try world.resolve(objection, uphold: false)
        try world.submit(cast.first)
        world.now += 1
        world.expectRefused(.failedPrecondition, "submissions for round \(cast.round.id) closed on 2026-03-10") {
            () throws(DomainError) in
            try SelectionCommand.submitNomination.run(world, cast, target: cast.second, as: world.operatorB)
        }
        world.expectRefused(.failedPrecondition, "is in state SUBMITTED, not NOMINATED or IN_SCHOOL_PUBLICITY") {
            () throws(DomainError) in
            try SelectionCommand.updateNomination.run(world, cast, target: cast.first, as: world.operatorA)
        }
    }
}
