import CraftsmanProto
import Testing

@testable import Craftsman  // DashboardRow's initialiser is internal
@testable import CraftsmanServer

// Domain → wire → bytes → wire → domain for every selection record, and the refusal of stored
// values that break a rule. Rounds, round and program configuration versions, and frozen
// rankings with entries go through the configuration mappings of WireMapping+Program.swift and
// are tested once that work is merged.

/// The message after encoding and decoding it.
private func throughBytes<Message: ProtoMessage>(_ message: Message) throws -> Message {
    try Message(serializedBytes: try message.serializedBytes())
}

/// What a stored-value refusal says, or nil when `body` does not throw a `StoredValueError`.
private func refusal(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as StoredValueError {
        return error.description
    } catch {
        return nil
    }
}

private func date(_ year: Int, _ month: Int, _ day: Int) -> Craftsman.CivilDate {
    Craftsman.CivilDate(year: year, month: month, day: day)!
}

private enum Fixture {
    static let attestation = Craftsman.Attestation(
        attested: true, statement: "情况属实", attestedByAccountID: "A00000002", attestedAtUnixMilliseconds: 1_700_000_000_000)

    static let documents = [
        Craftsman.DocumentRef(
            title: "推荐表", uri: "https://files.example/n1.pdf", sha256Hex: String(repeating: "ab", count: 32), sizeBytes: 123_456),
        Craftsman.DocumentRef(title: "", uri: "", sha256Hex: "", sizeBytes: 0),
    ]

    /// Every criterion once, the statuses and waiver states in turn (and no waiver state).
    static let lines: [Craftsman.EligibilityLine] = Craftsman.EligibilityCriterion.allCases.enumerated().map { index, criterion in
        let waiverStates: [Craftsman.WaiverState?] = [nil] + Craftsman.WaiverState.allCases
        let state = waiverStates[index % waiverStates.count]
        return Craftsman.EligibilityLine(
            criterion: criterion, status: Craftsman.CriterionStatus.allCases[index % Craftsman.CriterionStatus.allCases.count],
            waivable: index.isMultiple(of: 2), rule: "rule \(index)", planClause: "二(二)1(\(index))",
            figures: index.isMultiple(of: 3)
                ? [
                    Craftsman.EligibilityFigure(name: "age_years", number: 52, unit: "years"),
                    Craftsman.EligibilityFigure(name: "title_rank", text: "TITLE_RANK_ASSOCIATE_SENIOR"),
                ] : [],
            evidenceIDs: index.isMultiple(of: 4) ? ["RP1", "AW2"] : [], memberTeacherID: index > 14 ? "T00000009" : "",
            memberName: index > 14 ? "王芳" : "", waiverID: state == nil ? "" : "W\(index)", waiverState: state,
            waiverJustification: state == .approved ? "特别优秀" : "", explanation: "explanation \(index)")
    }

    static func eligibility(
        _ tier: Craftsman.Tier, _ subject: Craftsman.EligibilityResult.Subject, lines: [Craftsman.EligibilityLine]
    )
        -> Craftsman.EligibilityResult
    {
        Craftsman.EligibilityResult(
            tier: tier, subject: subject, roundID: "R00000001", referenceDate: date(2026, 3, 1), roundConfigVersion: 2,
            subjectRevision: 7, checkedAtUnixMilliseconds: 1_700_000_000_100, lines: lines)
    }

    static let waivers: [Craftsman.Waiver] = Craftsman.WaiverState.allCases.enumerated().map { index, state in
        Craftsman.Waiver(
            id: "W0000000\(index)", criterion: index.isMultiple(of: 2) ? .age : .education, justification: "特别优秀的情况说明",
            schoolAttestation: attestation, state: state, requestedByAccountID: "A00000002",
            requestedAtUnixMilliseconds: 1_700_000_000_200, decisionReason: state == .requested ? "" : "理由",
            decidedByAccountID: state == .requested ? "" : "A00000001",
            decidedAtUnixMilliseconds: state == .requested ? 0 : 1_700_000_000_300)
    }

    static func period(_ kind: Craftsman.PublicityKind) -> Craftsman.PublicityPeriod {
        Craftsman.PublicityPeriod(
            kind: kind, startsOn: date(2026, 4, 1), workingDays: 5, endsOn: date(2026, 4, 8), wherePublished: "校园网公示栏",
            recordedByAccountID: "A00000002", recordedAtUnixMilliseconds: 1_700_000_000_400)
    }

    /// One nomination per state: teachers and teams, every tier, with and without the optional parts.
    static let nominations: [Craftsman.Nomination] = Craftsman.NominationState.allCases.enumerated().map { index, state in
        let tier = Craftsman.Tier.allCases[index % Craftsman.Tier.allCases.count]
        let subject: Craftsman.EligibilityResult.Subject =
            tier == .team ? .team(id: "TM0000000\(index)") : .teacher(id: "T0000000\(index)")
        let rich = index % 3 != 1
        return Craftsman.Nomination(
            id: "N0000000\(index)", roundID: "R00000001", schoolID: "S00000003", tier: tier, subject: subject, state: state,
            eligibility: eligibility(tier, subject, lines: rich ? lines : []), waivers: rich ? waivers : [],
            materials: rich ? documents : [], schoolRecommendation: rich ? "同意推荐" : "",
            schoolPublicity: rich ? period(.schoolPublicity) : nil, submittedAtUnixMilliseconds: rich ? 1_700_000_000_500 : 0,
            qualificationReview: rich
                ? Craftsman.QualificationReview(
                    outcome: index.isMultiple(of: 4) ? .passed : .failed,
                    failureReasons: index.isMultiple(of: 4) ? [] : ["材料不全", "年龄"],
                    comment: "意见", reviewedByAccountID: "A00000001", reviewedAtUnixMilliseconds: 1_700_000_000_600) : nil,
            endReason: rich ? "" : "撤回", projectID: state == .confirmed ? "P00000001" : "", nominatedByAccountID: "A00000002",
            createdAtUnixMilliseconds: 1_700_000_000_000, updatedAtUnixMilliseconds: 1_700_000_000_700, revision: Int64(index + 1)
        )
    }

    static let objections: [Craftsman.Objection] = Craftsman.ObjectionState.allCases.flatMap { state in
        Craftsman.PublicityKind.allCases.map { stage in
            Craftsman.Objection(
                id: "OB0000000\(state.rawValue)\(stage.rawValue)", roundID: "R00000001", nominationID: "N00000001",
                schoolID: "S00000003", stage: stage, receivedOn: date(2026, 4, 2), objector: stage == .publicNotice ? "" : "张三",
                grounds: "异议内容", evidence: stage == .publicNotice ? documents : [], state: state,
                resolutionReason: state == .pending ? "" : "处理意见", resolvedByAccountID: state == .pending ? "" : "A00000001",
                resolvedAtUnixMilliseconds: state == .pending ? 0 : 1_700_000_000_800, recordedByAccountID: "A00000002",
                createdAtUnixMilliseconds: 1_700_000_000_000, updatedAtUnixMilliseconds: 1_700_000_000_900, revision: 2)
        }
    }

    static let assignments: [Craftsman.ExpertAssignment] = Craftsman.ExpertAssignmentKind.allCases.map { kind in
        Craftsman.ExpertAssignment(
            id: "EA0000000\(kind.rawValue)", expertAccountID: "A00000005", kind: kind, roundID: "R00000001",
            tier: Craftsman.Tier.allCases[Int(kind.rawValue)],
            nominationIDs: kind == .nomineeScoring ? ["N00000001", "N00000002"] : [],
            projectIDs: kind == .nomineeScoring ? [] : ["P00000001"], assignedByAccountID: "A00000001",
            createdAtUnixMilliseconds: 1_700_000_000_000, updatedAtUnixMilliseconds: 1_700_000_001_000, revision: 1)
    }

    static let scores: [Craftsman.ExpertScore] = [
        Craftsman.ExpertScore(
            id: "ES00000001", roundID: "R00000001", nominationID: "N00000001", tier: .masterTeacher,
            expertAccountID: "A00000005",
            itemScores: [ItemScore(itemCode: "teaching", score: 88.5), ItemScore(itemCode: "research", score: 91.25)],
            total: 89.63, comment: "评语", roundConfigVersion: 2, submittedAtUnixMilliseconds: 1_700_000_001_100, revision: 3),
        Craftsman.ExpertScore(
            id: "ES00000002", roundID: "R00000001", nominationID: "N00000004", tier: .team, expertAccountID: "A00000006",
            itemScores: [], total: 0, comment: "", roundConfigVersion: 1, submittedAtUnixMilliseconds: 0, revision: 1),
    ]

    /// A list without frozen rankings: their entries go through WireMapping+Program.swift.
    static let provisionalList = Craftsman.ProvisionalList(
        roundID: "R00000001",
        entries: Craftsman.ProvisionalEntryState.allCases.enumerated().map { index, state in
            Craftsman.ProvisionalListEntry(
                nominationID: "N0000000\(index)", tier: Craftsman.Tier.allCases[index], schoolID: "S00000003",
                rank: Int32(index + 1),
                finalScore: index == 1 ? nil : 90.5 - Double(index), state: state, promoted: index == 2,
                replacesNominationID: index == 2 ? "N00000001" : "", noticeID: index == 1 ? "" : "PN00000001",
                removalReason: state == .removed ? "异议成立" : "")
        },
        notices: [
            Craftsman.PublicNotice(
                id: "PN00000001", roundID: "R00000001", title: "2026年高水平工匠之师培养对象公示", period: period(.publicNotice),
                nominationIDs: ["N00000000", "N00000001"], supplementary: false),
            Craftsman.PublicNotice(
                id: "PN00000002", roundID: "R00000001", title: "递补公示", period: period(.publicNotice), nominationIDs: [],
                supplementary: true),
        ],
        rankings: [], draftedByAccountID: "A00000001", draftedAtUnixMilliseconds: 1_700_000_001_200,
        updatedAtUnixMilliseconds: 1_700_000_001_300, revision: 4)

    static let projects: [Craftsman.CultivationProject] = Craftsman.ProjectState.allCases.enumerated().map { index, state in
        let tier = Craftsman.Tier.allCases[index % Craftsman.Tier.allCases.count]
        return Craftsman.CultivationProject(
            id: "P0000000\(index)", roundID: "R00000001", nominationID: "N0000000\(index)", tier: tier, schoolID: "S00000003",
            subject: tier == .team ? .team(id: "TM00000001") : .teacher(id: "T00000001"), state: state,
            startsOn: date(2026, 9, 1), cultivationYears: index.isMultiple(of: 2) ? 3 : 2, plannedEndOn: date(2029, 8, 31),
            certificateID: state == .passed ? "C00000001" : "", createdAtUnixMilliseconds: 1_700_000_001_400,
            updatedAtUnixMilliseconds: 1_700_000_001_500, revision: Int64(index + 1))
    }

    static let roles: [Actor.Role] = [
        .bureauAdministrator, .schoolOperator(schoolID: "S00000003"), .expert(affiliatedSchoolID: "S00000004"),
        .expert(affiliatedSchoolID: nil), .integrationSystem, .auditor,
    ]

    static let accounts: [Craftsman.Account] = roles.enumerated().map { index, role in
        Craftsman.Account(
            id: "A0000000\(index)", loginName: "user-\(index)", displayName: "用户 \(index)", role: role,
            state: index.isMultiple(of: 2) ? .active : .disabled, createdAtUnixMilliseconds: 1_700_000_001_600,
            updatedAtUnixMilliseconds: 1_700_000_001_700, revision: 1)
    }

    /// Every change that does not go through the configuration mappings.
    static var changes: [Craftsman.SelectionChange] {
        nominations.map { .nominationPut($0) } + objections.map { .objectionPut($0) }
            + assignments.map { .assignmentPut($0) } + [.assignmentRevoked(id: "EA00000009")] + scores.map { .scorePut($0) }
            + [.provisionalListPut(provisionalList)] + projects.map { .projectPut($0) } + accounts.map { .accountPut($0) }
    }
}

@Suite struct SelectionWireMappingTests {
    @Test func nominationsRoundTrip() throws {
        for nomination in Fixture.nominations {
            #expect(try throughBytes(CraftsmanProto.Nomination(nomination)).domain() == nomination)
        }
        // Every enum case appears across the fixtures.
        let lines = Fixture.nominations.flatMap(\.eligibility.lines)
        #expect(Set(lines.map(\.status)) == Set(Craftsman.CriterionStatus.allCases))
        #expect(Set(lines.compactMap(\.waiverState)) == Set(Craftsman.WaiverState.allCases))
        #expect(
            Set(Fixture.nominations.compactMap(\.qualificationReview?.outcome)) == Set(Craftsman.QualificationOutcome.allCases))
        #expect(Set(Fixture.nominations.map(\.tier)) == Set(Craftsman.Tier.allCases))
    }

    @Test func eligibilityResultsCarryHardCriteriaSatisfied() throws {
        let satisfied = Fixture.eligibility(
            .masterTeacher, .teacher(id: "T00000001"), lines: Fixture.lines.filter { $0.status != .notMet })
        let unsatisfied = Fixture.eligibility(.team, .team(id: "TM00000001"), lines: Fixture.lines)
        #expect(CraftsmanProto.EligibilityResult(satisfied).hardCriteriaSatisfied)
        #expect(!CraftsmanProto.EligibilityResult(unsatisfied).hardCriteriaSatisfied)
        #expect(CraftsmanProto.EligibilityResult(unsatisfied).subject == .teamID("TM00000001"))
        for result in [satisfied, unsatisfied] {
            #expect(try throughBytes(CraftsmanProto.EligibilityResult(result)).domain() == result)
        }
    }

    @Test func objectionsAssignmentsAndScoresRoundTrip() throws {
        for objection in Fixture.objections {
            #expect(try throughBytes(CraftsmanProto.Objection(objection)).domain() == objection)
        }
        for assignment in Fixture.assignments {
            #expect(try throughBytes(CraftsmanProto.ExpertAssignment(assignment)).domain() == assignment)
        }
        for score in Fixture.scores {
            #expect(try throughBytes(CraftsmanProto.ExpertScore(score)).domain() == score)
        }
    }

    @Test func provisionalListsRoundTrip() throws {
        let list = Fixture.provisionalList
        #expect(try throughBytes(StoredProvisionalList(list)).domain() == list)
        #expect(try throughBytes(CraftsmanProto.ProvisionalList(list)).domain() == list)
        #expect(CraftsmanProto.ProvisionalList(list).entries[1].finalScore == nil)
        #expect(CraftsmanProto.ProvisionalList(list).entries[0].finalScore == 90.5)
    }

    @Test func projectsAndAccountsRoundTrip() throws {
        for project in Fixture.projects {
            let shown = CraftsmanProto.CultivationProject(project)
            #expect(shown.approvedPlanVersion == 0 && shown.latestPlanVersion == 0)
            #expect(try throughBytes(shown).domain() == project)
        }
        for account in Fixture.accounts {
            #expect(try throughBytes(CraftsmanProto.Account(account)).domain() == account)
        }
        let expert = CraftsmanProto.Account(Fixture.accounts[2])
        #expect(expert.role == .expert && expert.affiliatedSchoolID == "S00000004" && expert.scopeSchoolID.isEmpty)
        let operatorAccount = CraftsmanProto.Account(Fixture.accounts[1])
        #expect(operatorAccount.role == .schoolOperator && operatorAccount.scopeSchoolID == "S00000003")
    }

    @Test func selectionChangesRoundTrip() throws {
        for change in Fixture.changes {
            #expect(try throughBytes(CraftsmanProto.SelectionChange(change)).domain() == change)
        }
        #expect(CraftsmanProto.SelectionChange(.assignmentRevoked(id: "EA00000009")).change == .assignmentRevoked("EA00000009"))
    }

    @Test func dashboardRowsShowTheRoundAndSchool() {
        var counts = Craftsman.DashboardCounts()
        counts.nominated = 9
        counts.passedReview = 7
        counts.selected = 5
        counts.inCultivation = 4
        counts.eliminated = 1
        counts.disqualified = 2
        counts.certified = 3
        let round = Craftsman.Round(
            id: "R00000001", year: 2026, state: .evaluation, config: .defaults, configVersion: 1,
            stateChangedAtUnixMilliseconds: 0, cancelReason: "", createdAtUnixMilliseconds: 0, updatedAtUnixMilliseconds: 0,
            revision: 1)
        let byRound = CraftsmanProto.DashboardRow(
            Craftsman.DashboardRow(
                tier: .leadTeacher, round: round, schoolID: "S00000003", counts: counts, programTarget: 60, roundQuota: 15))
        #expect(
            byRound
                == CraftsmanProto.DashboardRow(
                    tier: .leadTeacher, roundID: "R00000001", roundYear: 2026, schoolID: "S00000003",
                    counts: CraftsmanProto.DashboardCounts(
                        nominated: 9, passedReview: 7, selected: 5, inCultivation: 4, eliminated: 1, disqualified: 2, certified: 3
                    ),
                    programTarget: 60, roundQuota: 15))
        let overall = CraftsmanProto.DashboardRow(
            Craftsman.DashboardRow(
                tier: .team, round: nil, schoolID: nil, counts: Craftsman.DashboardCounts(), programTarget: 30, roundQuota: 0))
        #expect(overall.roundID.isEmpty && overall.roundYear == 0 && overall.schoolID.isEmpty && overall.tier == .team)
    }

    @Test func inputsBecomeDrafts() {
        let waiver = WaiverInput(
            criterion: .education, justification: "特别优秀",
            schoolAttestation: CraftsmanProto.Attestation(
                attested: true, statement: "属实", attestedByAccountID: "A00000009", attestedAtUnixMs: 99)
        ).draft
        #expect(waiver.criterion == 4 && waiver.justification == "特别优秀")
        #expect(
            waiver.schoolAttestation
                == Craftsman.Attestation(attested: true, statement: "属实", attestedByAccountID: "", attestedAtUnixMilliseconds: 0))
        #expect(WaiverInput().draft.criterion == 0 && WaiverInput().draft.schoolAttestation == nil)

        let account = AccountInput(
            loginName: "expert.li", displayName: "李明", role: .expert, scopeSchoolID: "", affiliatedSchoolID: "S00000004",
            allowedMethods: []
        ).draft
        #expect(account.loginName == "expert.li" && account.displayName == "李明" && account.role == 3)
        #expect(account.scopeSchoolID.isEmpty && account.affiliatedSchoolID == "S00000004")

        for document in Fixture.documents {
            #expect(CraftsmanProto.DocumentRef(document).domainInput == document)
        }
    }

    /// The server never stores NaN or an infinity; one in a file is damage (found by the
    /// store-files fuzzer: a NaN figure made a journal entry differ from itself after a round trip).
    @Test func storedNumbersThatAreNotFiniteAreRefused() {
        var nomination = CraftsmanProto.Nomination(Fixture.nominations[0])
        let line = try! #require(nomination.eligibility!.lines.firstIndex { !$0.figures.isEmpty })
        nomination.eligibility!.lines[line].figures[0].number = .nan
        #expect(refusal { _ = try nomination.domain() }?.contains("is not a finite number") == true)
        for bad in [Double.nan, .infinity, -.infinity] {
            var score = CraftsmanProto.ExpertScore(Fixture.scores[0])
            score.total = bad
            #expect(refusal { _ = try score.domain() }?.hasSuffix(".total: \(bad) is not a finite number") == true)
            score = CraftsmanProto.ExpertScore(Fixture.scores[0])
            score.itemScores[0].score = bad
            #expect(refusal { _ = try score.domain() }?.contains("is not a finite number") == true)
        }
    }

    @Test func storedValuesWithAnUndefinedEnumAreRefused() {
        var nomination = CraftsmanProto.Nomination(Fixture.nominations[0])
        nomination.state = .unspecified
        #expect(refusal { _ = try nomination.domain() } == "nomination N00000000.state: 0 is not a valid value")
        nomination = CraftsmanProto.Nomination(Fixture.nominations[0])
        nomination.eligibility!.lines[3].criterion = .unspecified
        #expect(refusal { _ = try nomination.domain() }?.hasPrefix("nomination N00000000.eligibility.lines.criterion:") == true)
        nomination = CraftsmanProto.Nomination(Fixture.nominations[0])
        nomination.waivers[1].state = .unspecified
        #expect(refusal { _ = try nomination.domain() }?.hasPrefix("nomination N00000000.waivers W00000001.state:") == true)
        nomination = CraftsmanProto.Nomination(Fixture.nominations[0])
        nomination.schoolPublicity!.kind = .unspecified
        #expect(refusal { _ = try nomination.domain() }?.hasPrefix("nomination N00000000.school_publicity.kind:") == true)
        nomination = CraftsmanProto.Nomination(Fixture.nominations[0])
        nomination.qualificationReview!.outcome = .unspecified
        #expect(refusal { _ = try nomination.domain() }?.hasPrefix("nomination N00000000.qualification_review.outcome:") == true)

        var objection = CraftsmanProto.Objection(Fixture.objections[0])
        objection.stage = .unspecified
        #expect(refusal { _ = try objection.domain() }?.hasPrefix("objection OB000000011.stage:") == true)
        var assignment = CraftsmanProto.ExpertAssignment(Fixture.assignments[0])
        assignment.kind = .unspecified
        #expect(refusal { _ = try assignment.domain() }?.hasPrefix("expert assignment EA00000001.kind:") == true)
        var score = CraftsmanProto.ExpertScore(Fixture.scores[0])
        score.tier = .unspecified
        #expect(refusal { _ = try score.domain() }?.hasPrefix("expert score ES00000001.tier:") == true)
        var list = StoredProvisionalList(Fixture.provisionalList)
        list.list!.entries[2].state = .unspecified
        #expect(
            refusal { _ = try list.domain() }?.hasPrefix("provisional list of round R00000001.entries N00000002.state:") == true)
        var project = CraftsmanProto.CultivationProject(Fixture.projects[0])
        project.state = .unspecified
        #expect(refusal { _ = try project.domain() }?.hasPrefix("project P00000000.state:") == true)
        var account = CraftsmanProto.Account(Fixture.accounts[0])
        account.role = .unspecified
        #expect(refusal { _ = try account.domain() } == "account A00000000.role: 0 is not a valid value")
        account = CraftsmanProto.Account(Fixture.accounts[0])
        account.state = .unspecified
        #expect(refusal { _ = try account.domain() }?.hasPrefix("account A00000000.state:") == true)
        var round = CraftsmanProto.Round()
        round.id = "R00000001"
        round.config = CraftsmanProto.RoundConfig()
        #expect(refusal { _ = try round.domain() }?.hasPrefix("round R00000001.state:") == true)
    }

    @Test func storedValuesMissingARequiredPartAreRefused() {
        var nomination = CraftsmanProto.Nomination(Fixture.nominations[0])
        nomination.eligibility = nil
        #expect(refusal { _ = try nomination.domain() } == "nomination N00000000.eligibility: missing")
        nomination = CraftsmanProto.Nomination(Fixture.nominations[0])
        nomination.subject = nil
        #expect(refusal { _ = try nomination.domain() }?.hasPrefix("nomination N00000000.subject:") == true)
        nomination = CraftsmanProto.Nomination(Fixture.nominations[0])
        nomination.eligibility!.referenceDate = nil
        #expect(refusal { _ = try nomination.domain() } == "nomination N00000000.eligibility.reference_date: missing")
        nomination = CraftsmanProto.Nomination(Fixture.nominations[0])
        nomination.eligibility!.referenceDate!.month = 13
        #expect(refusal { _ = try nomination.domain() }?.hasPrefix("nomination N00000000.eligibility.reference_date:") == true)
        nomination = CraftsmanProto.Nomination(Fixture.nominations[0])
        nomination.waivers[0].schoolAttestation = nil
        #expect(refusal { _ = try nomination.domain() } == "nomination N00000000.waivers W00000000.school_attestation: missing")
        nomination = CraftsmanProto.Nomination(Fixture.nominations[0])
        nomination.schoolPublicity!.endsOn = nil
        #expect(refusal { _ = try nomination.domain() } == "nomination N00000000.school_publicity.ends_on: missing")

        var objection = CraftsmanProto.Objection(Fixture.objections[0])
        objection.receivedOn = nil
        #expect(refusal { _ = try objection.domain() } == "objection OB000000011.received_on: missing")
        var list = StoredProvisionalList(Fixture.provisionalList)
        list.list!.notices[0].period = nil
        #expect(
            refusal { _ = try list.domain() } == "provisional list of round R00000001.notices PN00000001.period: missing")
        list.list = nil
        #expect(refusal { _ = try list.domain() } == "a stored provisional list: list: missing")
        var project = CraftsmanProto.CultivationProject(Fixture.projects[0])
        project.plannedEndOn = nil
        #expect(refusal { _ = try project.domain() } == "project P00000000.planned_end_on: missing")
        project = CraftsmanProto.CultivationProject(Fixture.projects[0])
        project.subject = nil
        #expect(refusal { _ = try project.domain() }?.hasPrefix("project P00000000.subject:") == true)
        #expect(refusal { _ = try CraftsmanProto.SelectionChange().domain() } == "a stored selection change: change: missing")
        var round = CraftsmanProto.Round()
        round.id = "R00000001"
        round.state = .draft
        #expect(refusal { _ = try round.domain() } == "round R00000001.config: missing")
        #expect(refusal { _ = try CraftsmanProto.RoundConfigVersion(roundID: "R00000001", version: 2).domain() } != nil)
        #expect(refusal { _ = try CraftsmanProto.ProgramConfigVersion(version: 3).domain() } != nil)
    }

    @Test func storedAccountsNeedTheirRolesScope() {
        var account = CraftsmanProto.Account(Fixture.accounts[1])
        account.scopeSchoolID = ""
        #expect(refusal { _ = try account.domain() }?.hasPrefix("account A00000001.scope_school_id:") == true)
        account = CraftsmanProto.Account(Fixture.accounts[0])
        account.affiliatedSchoolID = "S00000004"
        #expect(refusal { _ = try account.domain() }?.hasPrefix("account A00000000.affiliated_school_id:") == true)
        account = CraftsmanProto.Account(Fixture.accounts[2])
        account.scopeSchoolID = "S00000004"
        #expect(refusal { _ = try account.domain() }?.hasPrefix("account A00000002.scope_school_id:") == true)
    }
}
