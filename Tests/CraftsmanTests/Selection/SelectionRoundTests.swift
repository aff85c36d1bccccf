import Craftsman
import Testing

/// The round as a state machine in the domain: every step, and the refusals around it.
@Suite struct SelectionRoundTests {
    @Test func onlyTheBureauCreatesAndOpensRounds() throws {
        var world = try SelectionWorld()
        let refused = world.refusal { () throws(DomainError) in
            try world.model.planCreateRound(year: 2026, config: .defaults, reason: "x", actor: world.operatorA, now: world.now)
        }
        #expect(refused?.code == .permissionDenied)
        #expect(refused?.message.contains("school operator of S00000001") == true)
        let round = try world.round()
        #expect(round.state == .draft && round.id == "R00000001" && round.configVersion == 1)
        #expect(world.model.selection.configVersions(ofRound: round.id).count == 1)
        let duplicate = world.refusal { () throws(DomainError) in
            try world.model.planCreateRound(
                year: 2026, config: round.config, reason: "again", actor: world.bureau, now: world.now)
        }
        #expect(duplicate?.code == .alreadyExists)
    }

    @Test func aCallInTheWrongStateNamesTheStateAndWhatMustHappenFirst() throws {
        var world = try SelectionWorld()
        let round = try world.round()
        let teacher = try world.teacher("王磊")
        let before = world.model.selection.allNominations.map(\.id)
        let refused = world.refusal { () throws(DomainError) in
            try world.model.planCreateNomination(
                roundID: round.id, tier: .masterTeacher, subject: .teacher(id: teacher), materials: [], schoolRecommendation: "",
                waivers: [], actor: world.operatorA, now: world.now)
        }
        #expect(refused?.code == .failedPrecondition)
        #expect(refused?.message.contains("state DRAFT") == true)
        #expect(refused?.message.contains("OpenRound") == true)
        #expect(world.model.selection.allNominations.map(\.id) == before)
        let early = world.refusal { () throws(DomainError) in
            try world.model.planCloseNominations(
                roundID: round.id, expectedRevision: 0, reason: "", actor: world.bureau, now: world.now)
        }
        #expect(early?.message.contains("not NOMINATION") == true)
    }

    @Test func aPersonIsNominatedOnceAndOnlyByTheirOwnSchool() throws {
        var world = try SelectionWorld()
        let round = try world.round()
        try world.apply(
            world.model.planOpenRound(roundID: round.id, expectedRevision: 1, reason: "", actor: world.bureau, now: world.now))
        let teacher = try world.teacher("王磊")
        let other = world.refusal { () throws(DomainError) in
            try world.model.planCreateNomination(
                roundID: round.id, tier: .masterTeacher, subject: .teacher(id: teacher), materials: [], schoolRecommendation: "",
                waivers: [], actor: world.operatorB, now: world.now)
        }
        #expect(other?.code == .permissionDenied)
        let nomination = try world.apply(
            world.model.planCreateNomination(
                roundID: round.id, tier: .masterTeacher, subject: .teacher(id: teacher), materials: [],
                schoolRecommendation: "推荐",
                waivers: [], actor: world.operatorA, now: world.now))
        #expect(nomination.state == .nominated && nomination.eligibility.hardCriteriaSatisfied)
        #expect(nomination.eligibility.referenceDate == CivilDate(year: 2026, month: 3, day: 1))
        let again = world.refusal { () throws(DomainError) in
            try world.model.planCreateNomination(
                roundID: round.id, tier: .leadTeacher, subject: .teacher(id: teacher), materials: [], schoolRecommendation: "",
                waivers: [], actor: world.operatorA, now: world.now)
        }
        #expect(again?.code == .failedPrecondition)
        #expect(again?.message.contains(nomination.id) == true)
        // Once withdrawn, the teacher may be nominated again (for another tier).
        try world.apply(
            world.model.planWithdrawNomination(
                id: nomination.id, expectedRevision: 1, reason: "改报", actor: world.operatorA, now: world.now))
        let lead = try world.apply(
            world.model.planCreateNomination(
                roundID: round.id, tier: .leadTeacher, subject: .teacher(id: teacher), materials: [], schoolRecommendation: "",
                waivers: [], actor: world.operatorA, now: world.now))
        #expect(lead.tier == .leadTeacher)
    }

    @Test func nominationsAreTakenOnlyInsideTheWindow() throws {
        var world = try SelectionWorld()
        let round = try world.round()
        try world.apply(
            world.model.planOpenRound(roundID: round.id, expectedRevision: 0, reason: "", actor: world.bureau, now: world.now))
        let teacher = try world.teacher("王磊")
        world.now = CivilDate(year: 2026, month: 4, day: 1)!.startUnixMilliseconds
        let late = world.refusal { () throws(DomainError) in
            try world.model.planCreateNomination(
                roundID: round.id, tier: .masterTeacher, subject: .teacher(id: teacher), materials: [], schoolRecommendation: "",
                waivers: [], actor: world.operatorA, now: world.now)
        }
        #expect(late?.code == .failedPrecondition)
        #expect(late?.message.contains("nomination window") == true)
        // One millisecond earlier is inside.
        world.now -= 1
        #expect(
            world.refusal { () throws(DomainError) in
                try world.model.planCreateNomination(
                    roundID: round.id, tier: .masterTeacher, subject: .teacher(id: teacher), materials: [],
                    schoolRecommendation: "",
                    waivers: [], actor: world.operatorA, now: world.now)
            } == nil)
    }

    /// The whole round: nomination with and without waivers, school publicity with a dismissed
    /// and an upheld objection, lapse, review, a refused conflict of interest, scoring, ranking
    /// at the quota with a tie, notice, an upheld objection and a promotion, confirmation.
    @Test func aFullRoundRunsToConfirmation() throws {
        var world = try SelectionWorld()
        let round = try world.round(quotas: [.masterTeacher: 2, .leadTeacher: 1, .keyTeacher: 1, .team: 1])
        try world.apply(
            world.model.planOpenRound(roundID: round.id, expectedRevision: 1, reason: "开始推荐", actor: world.bureau, now: world.now)
        )
        let strong = try world.teacher("李强")
        let older = try world.teacher("赵刚") { $0.birthDate = .init(year: 1974, month: 1, day: 10) }  // 52 at 2026-03-01
        let third = try world.teacher("陈静")
        let fourth = try world.teacher("刘洋", school: "S00000002")
        let objected = try world.teacher("周敏")
        let lapsing = try world.teacher("吴涛")

        func nominate(_ teacher: String, _ actor: Actor, waivers: [WaiverDraft] = []) throws -> Nomination {
            try world.apply(
                world.model.planCreateNomination(
                    roundID: round.id, tier: .masterTeacher, subject: .teacher(id: teacher), materials: [],
                    schoolRecommendation: "推荐",
                    waivers: waivers, actor: actor, now: world.now))
        }
        let n1 = try nominate(strong, world.operatorA)
        let attestation = Attestation(attested: true, statement: "特别优秀", attestedByAccountID: "", attestedAtUnixMilliseconds: 0)
        let n2 = try nominate(
            older, world.operatorA,
            waivers: [
                WaiverDraft(
                    criterion: EligibilityCriterion.age.rawValue, justification: "国家级技能大师", schoolAttestation: attestation)
            ])
        #expect(n2.eligibility.lines.first { $0.criterion == .age }?.status == .notMet)
        #expect(!n2.eligibility.hardCriteriaSatisfied)
        let n3 = try nominate(third, world.operatorA)
        let n4 = try nominate(fourth, world.operatorB)
        let n5 = try nominate(objected, world.operatorA)
        let n6 = try nominate(lapsing, world.operatorA)

        // Submitting before publicity is refused with the step to take first.
        let early = world.refusal { () throws(DomainError) in
            try world.model.planSubmitNomination(id: n1.id, expectedRevision: 0, actor: world.operatorA, now: world.now)
        }
        #expect(early?.message.contains("RecordSchoolPublicity") == true)

        // School publicity from Monday 2 March, 5 working days: ends Friday 6 March.
        let today = CivilDate(year: 2026, month: 3, day: 2)!
        for (id, actor) in [
            (n1.id, world.operatorA), (n2.id, world.operatorA), (n3.id, world.operatorA), (n4.id, world.operatorB),
            (n5.id, world.operatorA),
        ] {
            let updated = try world.apply(
                world.model.planRecordSchoolPublicity(
                    id: id, startsOn: today, wherePublished: "校园网", actor: actor, now: world.now))
            #expect(updated.schoolPublicity?.endsOn == CivilDate(year: 2026, month: 3, day: 6))
        }
        let dismissed = try world.apply(
            world.model.planRecordObjection(
                nominationID: n1.id, receivedOn: today, objector: "", grounds: "材料不实", evidence: [], actor: world.operatorA,
                now: world.now))
        let upheld = try world.apply(
            world.model.planRecordObjection(
                nominationID: n5.id, receivedOn: today, objector: "某教师", grounds: "论文抄袭", evidence: [], actor: world.operatorA,
                now: world.now))
        #expect(dismissed.stage == .schoolPublicity && dismissed.state == .pending)

        // On Friday the period has not ended.
        world.now = SelectionWorld.nine(2026, 3, 6)
        let during = world.refusal { () throws(DomainError) in
            try world.model.planSubmitNomination(id: n3.id, expectedRevision: 0, actor: world.operatorA, now: world.now)
        }
        #expect(during?.message.contains("2026-03-06 inclusive") == true)
        world.now = SelectionWorld.nine(2026, 3, 9)
        let blocked = world.refusal { () throws(DomainError) in
            try world.model.planSubmitNomination(id: n1.id, expectedRevision: 0, actor: world.operatorA, now: world.now)
        }
        #expect(blocked?.message.contains(dismissed.id) == true)
        try world.apply(
            world.model.planResolveObjection(
                id: dismissed.id, uphold: false, reason: "经核实材料属实", actor: world.operatorA, now: world.now))
        let withdrawn = try world.apply(
            world.model.planResolveObjection(id: upheld.id, uphold: true, reason: "经核实属实", actor: world.operatorA, now: world.now)
        )
        #expect(withdrawn.nomination.state == .withdrawn)
        for (id, actor) in [
            (n1.id, world.operatorA), (n2.id, world.operatorA), (n3.id, world.operatorA), (n4.id, world.operatorB),
        ] {
            #expect(
                try world.apply(world.model.planSubmitNomination(id: id, expectedRevision: 0, actor: actor, now: world.now)).state
                    == .submitted)
        }

        // Closing before the window ends is refused; after it, the unsubmitted nomination lapses.
        #expect(
            world.refusal { () throws(DomainError) in
                try world.model.planCloseNominations(
                    roundID: round.id, expectedRevision: 0, reason: "", actor: world.bureau, now: world.now)
            }?.code == .failedPrecondition)
        world.now = SelectionWorld.nine(2026, 4, 1)
        try world.apply(
            world.model.planCloseNominations(
                roundID: round.id, expectedRevision: 0, reason: "截止", actor: world.bureau, now: world.now))
        #expect(world.model.selection.nomination(id: n6.id)?.state == .lapsed)

        // Review: the waiver must be decided before the over-age nominee can pass.
        let undecided = world.refusal { () throws(DomainError) in
            try world.model.planReviewQualification(
                id: n2.id, passed: true, failureReasons: [], comment: "", actor: world.bureau, now: world.now)
        }
        #expect(undecided?.message.contains("DecideWaiver") == true)
        let waiverID = try #require(world.model.selection.nomination(id: n2.id)?.waivers.first?.id)
        let decided = try world.apply(
            world.model.planDecideWaiver(
                id: n2.id, waiverID: waiverID, approve: true, reason: "同意放宽", actor: world.bureau, now: world.now))
        #expect(decided.eligibility.lines.first { $0.criterion == .age }?.status == .waived)
        #expect(
            world.refusal { () throws(DomainError) in
                try world.model.planStartEvaluation(roundID: round.id, expectedRevision: 0, actor: world.bureau, now: world.now)
            }?.message.contains("not reviewed") == true)
        for id in [n1.id, n2.id, n3.id, n4.id] {
            try world.apply(
                world.model.planReviewQualification(
                    id: id, passed: true, failureReasons: [], comment: "", actor: world.bureau, now: world.now))
        }
        try world.apply(
            world.model.planStartEvaluation(roundID: round.id, expectedRevision: 0, actor: world.bureau, now: world.now))

        // Conflict of interest: expert A works at school 1, which nominated n1.
        let conflict = world.refusal { () throws(DomainError) in
            try world.model.planAssignExpert(
                expertAccountID: world.expertA.accountID, kind: .nomineeScoring, roundID: round.id, tier: .masterTeacher,
                nominationIDs: [n4.id, n1.id], actor: world.bureau, now: world.now)
        }
        #expect(conflict?.message.contains("S00000001") == true)
        for expert in world.experts {
            try world.apply(
                world.model.planAssignExpert(
                    expertAccountID: expert.accountID, kind: .nomineeScoring, roundID: round.id, tier: .masterTeacher,
                    nominationIDs: [n1.id, n2.id, n3.id, n4.id], actor: world.bureau, now: world.now))
        }
        let unassigned = world.refusal { () throws(DomainError) in
            try world.model.planSubmitScore(
                nominationID: n4.id, itemScores: [ItemScore(itemCode: "overall", score: 90)], comment: "", expectedRevision: 0,
                actor: world.expertA, now: world.now)
        }
        #expect(unassigned?.code == .permissionDenied)
        // n1 best; n2 and n3 tie on the trimmed mean (84), n2 wins on the untrimmed mean; n4 last.
        let totals: [String: [Double]] = [
            n1.id: [90, 91, 92, 93, 94], n2.id: [70, 84, 84, 84, 99], n3.id: [80, 84, 84, 84, 86], n4.id: [60, 61, 62, 63, 64],
        ]
        for (id, scores) in totals {
            for (expert, score) in zip(world.experts, scores) {
                try world.apply(
                    world.model.planSubmitScore(
                        nominationID: id, itemScores: [ItemScore(itemCode: "overall", score: score)], comment: "",
                        expectedRevision: 0,
                        actor: expert, now: world.now))
            }
        }
        let ranking = try world.model.ranking(roundID: round.id, tier: .masterTeacher, now: world.now)
        #expect(ranking.entries.map(\.nominationID) == [n1.id, n2.id, n3.id, n4.id])
        #expect(ranking.entries[2].tieBrokenBy == .untrimmedMean)
        #expect(ranking.entries.map(\.withinQuota) == [true, true, false, false])

        let drafted = try world.apply(
            world.model.planDraftProvisionalList(roundID: round.id, expectedRevision: 0, actor: world.bureau, now: world.now))
        #expect(drafted.list.entries.map(\.nominationID) == [n1.id, n2.id])
        #expect(world.model.selection.nomination(id: n3.id)?.state == .notSelected)

        // Public notice from Thursday 2 April: 5 working days end Wednesday 8 April.
        world.now = SelectionWorld.nine(2026, 4, 2)
        let published = try world.apply(
            world.model.planPublishPublicNotice(
                roundID: round.id, title: "2026年培养对象公示", startsOn: CivilDate(year: 2026, month: 4, day: 2)!,
                wherePublished: "市人社局网站",
                actor: world.bureau, now: world.now))
        #expect(published.round.state == .publicNotice)
        #expect(published.list.notices.first?.period.endsOn == CivilDate(year: 2026, month: 4, day: 8))
        let objection = try world.apply(
            world.model.planRecordObjection(
                nominationID: n2.id, receivedOn: CivilDate(year: 2026, month: 4, day: 2)!, objector: "", grounds: "业绩不实",
                evidence: [],
                actor: world.bureau, now: world.now))
        let removed = try world.apply(
            world.model.planResolveObjection(id: objection.id, uphold: true, reason: "查实", actor: world.bureau, now: world.now))
        #expect(removed.nomination.state == .removed)
        let promotion = try world.apply(
            world.model.planPromoteNext(
                roundID: round.id, removedNominationID: n2.id, reason: "递补", actor: world.bureau, now: world.now))
        #expect(promotion.promoted.id == n3.id && promotion.promoted.state == .provisionallySelected)

        world.now = SelectionWorld.nine(2026, 4, 9)
        let uncovered = world.refusal { () throws(DomainError) in
            try world.model.planConfirmSelection(roundID: round.id, expectedRevision: 0, actor: world.bureau, now: world.now)
        }
        #expect(uncovered?.message.contains(n3.id) == true)
        try world.apply(
            world.model.planPublishPublicNotice(
                roundID: round.id, title: "递补公示", startsOn: CivilDate(year: 2026, month: 4, day: 9)!, wherePublished: "市人社局网站",
                actor: world.bureau, now: world.now))
        #expect(
            world.refusal { () throws(DomainError) in
                try world.model.planConfirmSelection(roundID: round.id, expectedRevision: 0, actor: world.bureau, now: world.now)
            }?.message.contains("runs until") == true)
        world.now = SelectionWorld.nine(2026, 4, 20)
        let confirmed = try world.apply(
            world.model.planConfirmSelection(roundID: round.id, expectedRevision: 0, actor: world.bureau, now: world.now))
        #expect(confirmed.round.state == .confirmed && confirmed.projectIDs.count == 2)
        #expect(world.model.selection.nomination(id: n1.id)?.state == .confirmed)
        #expect(world.model.selection.nomination(id: n3.id)?.projectID == confirmed.projectIDs.last)
        #expect(world.model.selection.nomination(id: n4.id)?.state == .notSelected)

        let dashboard = try world.model.dashboard(
            roundID: round.id, tiers: [.masterTeacher], schoolID: nil, groupByRound: true, groupBySchool: false,
            actor: world.bureau)
        #expect(dashboard.count == 1)
        let counts = dashboard[0].counts
        #expect(counts.nominated == 6 && counts.passedReview == 4 && counts.selected == 2 && counts.inCultivation == 2)
        #expect(dashboard[0].programTarget == 20 && dashboard[0].roundQuota == 2)
        let schoolView = try world.model.dashboard(
            roundID: nil, tiers: [.masterTeacher], schoolID: nil, groupByRound: false, groupBySchool: true, actor: world.operatorB
        )
        #expect(schoolView.map(\.schoolID) == ["S00000002"] && schoolView[0].counts.nominated == 1)
    }
}
