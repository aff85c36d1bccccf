import Craftsman
import Testing

/// The round's own steps (domain.md §4 steps 1, 2 and 8): the path DRAFT → CONFIRMED with the
/// nominations it carries, cancellation from every open state, windows, stale revisions, and
/// settings that freeze as the round moves on.
@Suite struct RoundTransitionTests {
    /// Each state of the shared path, the round's revision there, and the states of `first`,
    /// `second`, `third` and `lapsed`.
    static let path: [(RoundState, Int64, [NominationState])] = [
        (.draft, 1, []),
        (.nomination, 2, [.nominated, .nominated, .nominated, .inSchoolPublicity]),
        (.qualificationReview, 3, [.submitted, .submitted, .submitted, .lapsed]),
        (.evaluation, 4, [.passedReview, .passedReview, .passedReview, .lapsed]),
        (.provisionalList, 5, [.provisionallySelected, .notSelected, .notSelected, .lapsed]),
        (.publicNotice, 6, [.provisionallySelected, .notSelected, .notSelected, .lapsed]),
        (.confirmed, 7, [.confirmed, .notSelected, .notSelected, .lapsed]),
        (.cancelled, 3, [.nominated, .nominated, .nominated, .inSchoolPublicity]),
    ]

    @Test(arguments: path)
    func theRoundMovesOneStepAtATime(_ state: RoundState, _ revision: Int64, _ nominations: [NominationState]) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(state)
        #expect(cast.round.state == state && cast.round.revision == revision)
        #expect(cast.round.stateChangedAtUnixMilliseconds == cast.round.updatedAtUnixMilliseconds)
        #expect(world.model.selection.nominations(inRound: cast.round.id).map(\.state) == nominations)
        if state == .confirmed {
            let project = try #require(world.model.selection.project(id: world.nomination(cast.first).projectID))
            #expect(project.state == .planning && project.nominationID == cast.first)
        }
        if state.rawValue >= RoundState.qualificationReview.rawValue, state != .cancelled {
            #expect(world.nomination(cast.lapsed).endReason == "not submitted before nominations closed")
        }
    }

    @Test(arguments: [RoundState.draft, .nomination, .qualificationReview, .evaluation, .provisionalList, .publicNotice])
    func theBureauCancelsFromEveryOpenState(_ state: RoundState) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(state)
        world.expectRefused(.invalidArgument, "reason") { () throws(DomainError) in
            try world.model.planCancelRound(
                roundID: cast.round.id, expectedRevision: 0, reason: "", actor: world.bureau, now: world.now)
        }
        let nominations = world.model.selection.nominations(inRound: cast.round.id)
        let cancelled = try world.apply(
            world.model.planCancelRound(
                roundID: cast.round.id, expectedRevision: cast.round.revision, reason: "政策调整", actor: world.bureau, now: world.now
            ))
        #expect(cancelled.state == .cancelled && cancelled.cancelReason == "政策调整")
        #expect(cancelled.revision == cast.round.revision + 1)
        #expect(world.model.selection.nominations(inRound: cast.round.id) == nominations)
        world.expectRefused(.failedPrecondition, "is in state CANCELLED") { () throws(DomainError) in
            try world.model.planCancelRound(
                roundID: cast.round.id, expectedRevision: 0, reason: "再次", actor: world.bureau, now: world.now)
        }
    }

    @Test(arguments: SelectionCommand.revised)
    func aStaleRevisionIsAborted(_ command: SelectionCommand) throws {
        let (world, cast, target) = try command.staged()
        let actor = command.permitted.actor(in: world)
        world.expectRefused(.aborted, "not 99; read it again and retry") { () throws(DomainError) in
            try command.run(world, cast, target: target, as: actor, revision: 99)
        }
    }

    @Test func aRoundOpensOnlyBeforeItsWindowClosesAndWhileNoOtherRoundRuns() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        var config = cast.round.config
        config.nominationOpensAtUnixMilliseconds = CivilDate(year: 2028, month: 3, day: 1)!.startUnixMilliseconds
        config.nominationClosesAtUnixMilliseconds = CivilDate(year: 2028, month: 4, day: 1)!.startUnixMilliseconds
        let next = try world.apply(
            world.model.planCreateRound(year: 2028, config: config, reason: "", actor: world.bureau, now: world.now))
        world.expectRefused(.failedPrecondition, "round R00000001 (2026) is still in state NOMINATION") {
            () throws(DomainError) in
            try world.model.planOpenRound(roundID: next.id, expectedRevision: 0, reason: "", actor: world.bureau, now: world.now)
        }
        world.now = config.nominationClosesAtUnixMilliseconds
        try world.apply(
            world.model.planCancelRound(
                roundID: cast.round.id, expectedRevision: 0, reason: "停办", actor: world.bureau, now: world.now))
        world.expectRefused(.failedPrecondition, "its nomination window closed", "UpdateRoundConfig") { () throws(DomainError) in
            try world.model.planOpenRound(roundID: next.id, expectedRevision: 0, reason: "", actor: world.bureau, now: world.now)
        }
        world.now -= 1
        let opened = try world.apply(
            world.model.planOpenRound(roundID: next.id, expectedRevision: 1, reason: "", actor: world.bureau, now: world.now))
        #expect(opened.state == .nomination)
    }

    @Test func nominationsCloseAtTheFirstMillisecondAfterTheWindow() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.nomination)
        world.now = cast.round.config.nominationClosesAtUnixMilliseconds - 1
        world.expectRefused(.failedPrecondition, "before its window closes on 2026-04-01") { () throws(DomainError) in
            try world.model.planCloseNominations(
                roundID: cast.round.id, expectedRevision: 0, reason: "", actor: world.bureau, now: world.now)
        }
        world.now += 1
        let closed = try world.apply(
            world.model.planCloseNominations(
                roundID: cast.round.id, expectedRevision: 0, reason: "", actor: world.bureau, now: world.now))
        #expect(closed.state == .qualificationReview)
    }

    /// A setting, and the state from which it no longer changes.
    enum Setting: String, CaseIterable, Sendable {
        case referenceDate, rubrics, quotas

        var field: String { "config.\(rawValue == "referenceDate" ? "reference_date" : rawValue)" }

        var frozenFrom: RoundState {
            switch self {
            case .referenceDate: .nomination
            case .rubrics: .evaluation
            case .quotas: .provisionalList
            }
        }

        func change(_ config: inout RoundConfig) {
            switch self {
            case .referenceDate: config.referenceDate = CivilDate(year: 2026, month: 3, day: 31)
            case .rubrics:
                config.rubrics[.masterTeacher] = ScoringRubric(items: [
                    RubricItem(code: "teaching", name: "教学", weightPercent: 60, guidance: ""),
                    RubricItem(code: "practice", name: "实践", weightPercent: 40, guidance: ""),
                ])
            case .quotas: config.quotas[.masterTeacher] = 2
            }
        }
    }

    @Test(
        arguments: Setting.allCases,
        [RoundState.draft, .nomination, .qualificationReview, .evaluation, .provisionalList, .publicNotice])
    func aSettingFreezesOnceTheStepUsingItHasBegun(_ setting: Setting, _ state: RoundState) throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(state)
        var config = cast.round.config
        setting.change(&config)
        let plan = { () throws(DomainError) in
            try world.model.planUpdateRoundConfig(
                roundID: cast.round.id, expectedConfigVersion: 1, config: config, reason: "调整", actor: world.bureau,
                now: world.now)
        }
        guard state.rawValue >= setting.frozenFrom.rawValue else {
            let updated = try world.apply(plan())
            #expect(updated.config == config && updated.configVersion == 2)
            let versions = world.model.selection.configVersions(ofRound: cast.round.id)
            #expect(versions.map(\.version) == [1, 2] && versions[0].config == cast.round.config && versions[1].config == config)
            return
        }
        world.expectRefused(
            .failedPrecondition, "\(setting.field) of round \(cast.round.id) is frozen since state \(setting.frozenFrom)",
            "in \(state)"
        ) {
            () throws(DomainError) in try plan()
        }
        #expect(world.model.selection.configVersions(ofRound: cast.round.id).count == 1)
    }

    @Test func theProgramConfigurationKeepsEveryVersion() throws {
        var world = try SelectionWorld()
        var config = ProgramConfig.defaults
        config.holidays = [CivilDate(year: 2026, month: 3, day: 7)!]  // a Saturday
        world.expectRefused(.invalidArgument, "config.holidays") { () throws(DomainError) in
            try world.model.planUpdateProgramConfig(config, expectedVersion: 0, reason: "假日", actor: world.bureau, now: world.now)
        }
        config.holidays = [CivilDate(year: 2026, month: 3, day: 4)!]
        world.expectRefused(.invalidArgument, "reason") { () throws(DomainError) in
            try world.model.planUpdateProgramConfig(config, expectedVersion: 0, reason: " ", actor: world.bureau, now: world.now)
        }
        try world.apply(
            world.model.planUpdateProgramConfig(config, expectedVersion: 0, reason: "假日", actor: world.bureau, now: world.now))
        world.expectRefused(.aborted, "the program configuration is at revision 1, not 2") {
            () throws(DomainError) in
            try world.model.planUpdateProgramConfig(
                .defaults, expectedVersion: 2, reason: "还原", actor: world.bureau, now: world.now)
        }
        #expect(world.model.selection.programConfigVersions.map(\.config.holidays) == [config.holidays])
    }
}
