import Craftsman
import CraftsmanClient
import CraftsmanDemo
import CraftsmanProto
import CraftsmanRPC
import CraftsmanServer
import CraftsmanStore
import Testing

/// A whole selection round driven over the real RPC server, as the bureau, two schools and six
/// experts would: every step, the refusals on the way, and every list and count.
@Suite struct SelectionEndToEndTests {
    /// Call options acting as account `id`.
    static func acting(_ id: String) -> CallOptions {
        CallOptions(metadata: Metadata([(CraftsmanServices.accountMetadataKey, id)]))
    }

    @Test func aFullRoundOverRPC() async throws {
        let clock = TestClock(0)
        clock.set(2026, 3, 2)
        try await withTemporaryDirectory { directory in
            let digest = try await withStoreServer(directory: directory, clock: { clock.now }) { server in
                try await Self.runRound(server, clock: clock)
                return try server.store.read { try $0.digest() }
            }
            // Everything the round did is in the journal: a restart rebuilds the same state.
            let reopened = try DurableStore<CraftsmanState>(directory: directory)
            defer { reopened.close() }
            #expect(try reopened.read { try $0.digest() } == digest)
            #expect(reopened.read { $0.selection.allRounds.first?.state } == .confirmed)
        }
    }

    // swiftlint:disable:next function_body_length
    static func runRound(_ server: StoreServer, clock: TestClock) async throws {
        let registry = server.registry
        let program = server.program
        let selection = server.selection
        for draft in DemoRegistry.schools(count: 2) { _ = try await registry.createSchool(.init(school: SchoolInput(draft))) }
        func account(_ login: String, _ role: AccountRole, school: String = "", affiliated: String = "") async throws
            -> CallOptions
        {
            let input = AccountInput(
                loginName: login, displayName: login, role: role, scopeSchoolID: school, affiliatedSchoolID: affiliated)
            return acting(try await server.accounts.createAccount(.init(account: input)).account!.id)
        }
        let bureau = try await account("bureau", .bureauAdministrator)
        let schoolA = try await account("op-a", .schoolOperator, school: "S00000001")
        let schoolB = try await account("op-b", .schoolOperator, school: "S00000002")
        let conflicted = try await account("expert-a", .expert, affiliated: "S00000001")
        var experts: [CallOptions] = []
        for index in 1...5 { experts.append(try await account("expert-\(index)", .expert)) }
        #expect(try await server.accounts.getCallerIdentity(.init(), options: schoolB).account?.scopeSchoolID == "S00000002")

        func teacher(_ name: String, _ school: String, edit: (inout TeacherDraft) -> Void = { _ in }) async throws -> String {
            var draft = DemoRegistry.exemplaryTeacher(name: name, schoolID: school)
            edit(&draft)
            return try await registry.createTeacher(.init(teacher: TeacherInput(draft))).teacher!.id
        }
        let strong = try await teacher("李强", "S00000001")
        let older = try await teacher("赵刚", "S00000001") { $0.birthDate = .init(year: 1974, month: 1, day: 10) }
        let tied = try await teacher("陈静", "S00000001")
        let other = try await teacher("刘洋", "S00000002")
        let objected = try await teacher("周敏", "S00000001")
        let unqualified = try await teacher("孙丽", "S00000002") {
            $0.highestEducation = Craftsman.EducationLevel.belowBachelor.rawValue
        }
        let lapsing = try await teacher("吴涛", "S00000001")

        // The round: defaults, a window through March, two master-teacher places.
        var config = try await program.getRoundConfigDefaults(.init(year: 2026)).config!
        config.nominationOpensAtUnixMs = Craftsman.CivilDate(year: 2026, month: 3, day: 1)!.startUnixMilliseconds
        config.nominationClosesAtUnixMs = Craftsman.CivilDate(year: 2026, month: 4, day: 1)!.startUnixMilliseconds
        config.quotas = config.quotas.map { quota in
            var quota = quota
            if quota.tier == .masterTeacher { quota.quota = 2 }
            return quota
        }
        let refusedRound = await rpcError {
            try await program.createRound(.init(year: 2026, config: config, reason: "试"), options: schoolA)
        }
        #expect(refusedRound?.code == .permissionDenied)
        let round = try await program.createRound(.init(year: 2026, config: config, reason: "2026年选拔"), options: bureau).round!
        #expect(round.state == .draft)
        let tooEarly = await rpcError {
            try await selection.createNomination(
                .init(roundID: round.id, tier: .masterTeacher, subject: .teacherID(strong)), options: schoolA)
        }
        #expect(tooEarly?.code == .failedPrecondition)
        #expect(tooEarly?.message.contains("DRAFT") == true)
        _ = try await program.openRound(.init(roundID: round.id, expectedRevision: round.revision), options: bureau)

        // A dry run names the unmet criterion without changing anything.
        let dryRun = try await selection.checkEligibility(
            .init(roundID: round.id, tier: .masterTeacher, subject: .teacherID(unqualified)), options: schoolB
        ).result!
        #expect(!dryRun.hardCriteriaSatisfied)
        #expect(dryRun.lines.first { $0.criterion == CraftsmanProto.EligibilityCriterion.education }?.status == .notMet)
        let crossSchool = await rpcError {
            try await selection.createNomination(
                .init(roundID: round.id, tier: .masterTeacher, subject: .teacherID(strong)), options: schoolB)
        }
        #expect(crossSchool?.code == .permissionDenied)

        func nominate(_ teacher: String, _ options: CallOptions, waivers: [WaiverInput] = []) async throws -> String {
            try await selection.createNomination(
                .init(
                    roundID: round.id, tier: .masterTeacher, schoolRecommendation: "推荐", waivers: waivers,
                    subject: .teacherID(teacher)),
                options: options
            ).nomination!.id
        }
        // A reason the journal would record must be clean text: refused, nothing created.
        let badReason = await rpcError {
            try await selection.createNomination(
                .init(roundID: round.id, tier: .masterTeacher, reason: "推荐\u{7}", subject: .teacherID(strong)), options: schoolA)
        }
        #expect(badReason?.code == .invalidArgument)
        #expect(badReason?.message.hasPrefix("reason:") == true)
        #expect(try await selection.listNominations(.init(filter: .init(roundID: round.id)), options: bureau).nominations.isEmpty)
        let n1 = try await nominate(strong, schoolA)
        let waiver = WaiverInput(
            criterion: .age, justification: "全国技术能手，特别优秀",
            schoolAttestation: CraftsmanProto.Attestation(attested: true, statement: "属实"))
        let n2 = try await nominate(older, schoolA, waivers: [waiver])
        let n3 = try await nominate(tied, schoolA)
        let n4 = try await nominate(other, schoolB)
        let n5 = try await nominate(objected, schoolA)
        let n6 = try await nominate(unqualified, schoolB)
        let n7 = try await nominate(lapsing, schoolA)
        let twice = await rpcError {
            try await selection.createNomination(
                .init(roundID: round.id, tier: .leadTeacher, subject: .teacherID(strong)), options: schoolA)
        }
        #expect(twice?.code == .failedPrecondition)
        // A school sees only its own nominations.
        #expect(
            try await selection.listNominations(.init(filter: .init(roundID: round.id)), options: schoolB).nominations.map(\.id)
                == [n4, n6])

        // School publicity, Monday 2 to Friday 6 March, with two objections.
        let monday = CraftsmanProto.CivilDate(year: 2026, month: 3, day: 2)
        for (id, options) in [(n1, schoolA), (n2, schoolA), (n3, schoolA), (n4, schoolB), (n5, schoolA), (n6, schoolB)] {
            let publicised = try await selection.recordSchoolPublicity(
                .init(nominationID: id, startsOn: monday, wherePublished: "校园网公示栏"), options: options
            ).nomination!
            #expect(publicised.schoolPublicity?.endsOn == CraftsmanProto.CivilDate(year: 2026, month: 3, day: 6))
        }
        let dismissed = try await selection.recordObjection(
            .init(nominationID: n1, receivedOn: monday, grounds: "获奖材料存疑"), options: schoolA
        ).objection!
        let upheld = try await selection.recordObjection(
            .init(nominationID: n5, receivedOn: monday, objector: "某教师", grounds: "论文抄袭"), options: schoolA
        ).objection!
        #expect(
            try await selection.listObjections(.init(roundID: round.id, states: [.pending]), options: bureau).objections.count
                == 2)
        clock.set(2026, 3, 9)
        let blocked = await rpcError { try await selection.submitNomination(.init(nominationID: n1), options: schoolA) }
        #expect(blocked?.code == .failedPrecondition)
        #expect(blocked?.message.contains(dismissed.id) == true)
        _ = try await selection.resolveObjection(
            .init(objectionID: dismissed.id, resolution: .dismiss, reason: "经核实材料属实"), options: schoolA)
        let withdrawn = try await selection.resolveObjection(
            .init(objectionID: upheld.id, resolution: .uphold, reason: "经查属实"), options: schoolA)
        #expect(withdrawn.nomination?.state == .withdrawn)
        for (id, options) in [(n1, schoolA), (n2, schoolA), (n3, schoolA), (n4, schoolB), (n6, schoolB)] {
            #expect(
                try await selection.submitNomination(.init(nominationID: id), options: options).nomination?.state == .submitted)
        }

        // Nominations close after the window; the nomination never submitted lapses.
        clock.set(2026, 4, 1)
        _ = try await program.closeNominations(.init(roundID: round.id), options: bureau)
        #expect(try await selection.getNomination(.init(nominationID: n7), options: bureau).nomination?.state == .lapsed)

        // Qualification review: the waiver first, the unqualified one cannot pass.
        let pending = try await selection.getNomination(.init(nominationID: n2), options: bureau).nomination!
        _ = try await selection.decideWaiver(
            .init(nominationID: n2, waiverID: pending.waivers[0].id, decision: .approve, reason: "同意放宽年龄"), options: bureau)
        let cannotPass = await rpcError {
            try await selection.reviewQualification(.init(nominationID: n6, outcome: .passed), options: bureau)
        }
        #expect(cannotPass?.code == .failedPrecondition)
        #expect(cannotPass?.message.contains("EDUCATION") == true || cannotPass?.message.contains("education") == true)
        _ = try await selection.reviewQualification(
            .init(nominationID: n6, outcome: .failed, failureReasons: ["学历不符合要求"]), options: bureau)
        for id in [n1, n2, n3, n4] {
            #expect(
                try await selection.reviewQualification(.init(nominationID: id, outcome: .passed), options: bureau).nomination?
                    .state == .passedReview)
        }
        _ = try await selection.startEvaluation(.init(roundID: round.id), options: bureau)

        // Experts: the one from school A may not score its nominee.
        let conflict = await rpcError {
            try await selection.assignExpert(
                .init(
                    expertAccountID: conflicted.metadata[CraftsmanServices.accountMetadataKey]!, kind: .nomineeScoring,
                    roundID: round.id,
                    tier: .masterTeacher, nominationIDs: [n4, n1]), options: bureau)
        }
        #expect(conflict?.code == .failedPrecondition)
        #expect(conflict?.message.contains("S00000001") == true)
        for expert in experts {
            _ = try await selection.assignExpert(
                .init(
                    expertAccountID: expert.metadata[CraftsmanServices.accountMetadataKey]!, kind: .nomineeScoring,
                    roundID: round.id,
                    tier: .masterTeacher, nominationIDs: [n1, n2, n3, n4]), options: bureau)
        }
        let unassigned = await rpcError {
            try await selection.submitScore(
                .init(nominationID: n4, itemScores: [.init(itemCode: "overall", score: 90)]), options: conflicted)
        }
        #expect(unassigned?.code == .permissionDenied)
        let outOfRange = await rpcError {
            try await selection.submitScore(
                .init(nominationID: n4, itemScores: [.init(itemCode: "overall", score: 100.5)]), options: experts[0])
        }
        #expect(outOfRange?.code == .invalidArgument)
        // n2 and n3 tie on the trimmed mean (84); n2 has the higher untrimmed mean.
        let totals: [(String, [Double])] = [
            (n1, [90, 91, 92, 93, 94]), (n2, [70, 84, 84, 84, 99]), (n3, [80, 84, 84, 84, 86]), (n4, [60, 61, 62, 63, 64]),
        ]
        for (id, scores) in totals {
            for (expert, score) in zip(experts, scores) {
                _ = try await selection.submitScore(
                    .init(nominationID: id, itemScores: [.init(itemCode: "overall", score: score)]), options: expert)
            }
        }
        #expect(try await selection.listScores(.init(roundID: round.id), options: bureau).scores.count == 20)
        #expect(try await selection.listScores(.init(roundID: round.id), options: experts[0]).scores.count == 4)
        let ranking = try await selection.getRanking(.init(roundID: round.id, tier: .masterTeacher), options: bureau).ranking!
        #expect(ranking.entries.map(\.nominationID) == [n1, n2, n3, n4])
        #expect(ranking.entries[2].tieBrokenBy == .untrimmedMean)
        #expect(ranking.entries.map(\.withinQuota) == [true, true, false, false])
        #expect(ranking.quota == 2 && !ranking.frozen)

        let drafted = try await selection.draftProvisionalList(.init(roundID: round.id), options: bureau)
        #expect(drafted.provisionalList?.entries.map(\.nominationID) == [n1, n2])

        // Public notice from Thursday 2 April; an upheld objection removes n2, n3 moves up.
        clock.set(2026, 4, 2)
        let noticeStart = CraftsmanProto.CivilDate(year: 2026, month: 4, day: 2)
        _ = try await selection.publishPublicNotice(
            .init(roundID: round.id, title: "2026年工匠之师培养对象公示", startsOn: noticeStart, wherePublished: "市人社局网站"), options: bureau)
        let noticeObjection = try await selection.recordObjection(
            .init(nominationID: n2, receivedOn: noticeStart, grounds: "业绩材料不实"), options: bureau
        ).objection!
        #expect(noticeObjection.stage == .publicNotice)
        _ = try await selection.resolveObjection(
            .init(objectionID: noticeObjection.id, resolution: .uphold, reason: "经查属实"), options: bureau)
        let promoted = try await selection.promoteNext(
            .init(roundID: round.id, removedNominationID: n2, reason: "依次递补"), options: bureau)
        #expect(promoted.promoted?.id == n3)
        clock.set(2026, 4, 9)
        let uncovered = await rpcError { try await selection.confirmSelection(.init(roundID: round.id), options: bureau) }
        #expect(uncovered?.message.contains(n3) == true)
        _ = try await selection.publishPublicNotice(
            .init(roundID: round.id, title: "递补公示", startsOn: .init(year: 2026, month: 4, day: 9), wherePublished: "市人社局网站"),
            options: bureau)
        let running = await rpcError { try await selection.confirmSelection(.init(roundID: round.id), options: bureau) }
        #expect(running?.code == .failedPrecondition)
        clock.set(2026, 4, 20)
        let confirmed = try await selection.confirmSelection(.init(roundID: round.id), options: bureau)
        #expect(confirmed.round?.state == .confirmed && confirmed.projectIDs.count == 2)

        // Every nomination ended where the round put it.
        let final = try await selection.listNominations(.init(filter: .init(roundID: round.id)), options: bureau).nominations
        let states = Dictionary(uniqueKeysWithValues: final.map { ($0.id, $0.state) })
        #expect(
            states == [
                n1: .confirmed, n2: .removed, n3: .confirmed, n4: .notSelected, n5: .withdrawn, n6: .failedReview, n7: .lapsed,
            ])
        let list = try await selection.getProvisionalList(.init(roundID: round.id), options: bureau).provisionalList!
        #expect(list.notices.count == 2 && list.notices[1].supplementary)
        #expect(list.entries.map(\.state) == [.confirmed, .removed, .confirmed])

        let dashboard = try await program.getDashboard(
            .init(roundID: round.id, tiers: [.masterTeacher], groupByRound: true), options: bureau)
        let counts = try #require(dashboard.rows.first?.counts)
        #expect(counts.nominated == 7 && counts.passedReview == 4 && counts.selected == 2 && counts.inCultivation == 2)
        #expect(dashboard.rows.first?.programTarget == 20 && dashboard.rows.first?.roundQuota == 2)
        let schoolView = try await program.getDashboard(.init(tiers: [.masterTeacher], groupBySchool: true), options: schoolB)
        #expect(schoolView.rows.map(\.schoolID) == ["S00000002"] && schoolView.rows.first?.counts?.nominated == 2)
    }
}
